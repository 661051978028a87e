"""`binwise replay --station receive`, end to end through the command, as a batch scanner's file."""

import subprocess
import sys

from app.db import close_database, open_database
from app.db.models import Lot, Move, PurchaseOrder

from .conftest import GTIN_EXPIRY


def run(db_url, *args):
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_url), *args],
                          capture_output=True, text=True, timeout=60)


def test_replay_receives_a_whole_po(po, db_url, tmp_path):
    close_database()
    scans = tmp_path / "scans.txt"
    scans.write_text(
        "# morning delivery from Acme\n"
        "PO-1001\n"
        "4012345000016,10\n"
        f"]C102{GTIN_EXPIRY}3724\x1d1727123110L1   # one case of tea\n"
        "4012345000115\n"
        "S-1\n"
        "]C101040123450001151727123110S-2,4\n", encoding="utf-8")
    result = run(db_url, "replay", "--station", "receive", str(scans))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All scans accepted." in result.stdout
    assert "line 3: 4012345000016,10 -> OK" in result.stdout
    open_database(db_url)
    assert PurchaseOrder.get().status == "received"
    assert Lot.get(Lot.code == "L1").expiry.isoformat() == "2027-12-31"
    # `,QTY` after a GS1 string is the batch file's quantity, not part of the lot.
    assert Lot.get(Lot.code == "S-2").code == "S-2"
    assert run(db_url, "check").returncode == 0


def test_replay_reports_refusals_and_exits_non_zero(po, db_url, tmp_path):
    close_database()
    scans = tmp_path / "scans.txt"
    scans.write_text("PO-1001\nNOT-ON-PO\nMUG-01,99\nMUG-01\n", encoding="utf-8")
    result = run(db_url, "replay", "--station", "receive", str(scans))
    assert result.returncode == 1
    assert "line 2: NOT-ON-PO -> ERROR" in result.stdout
    assert "line 3: MUG-01,99 -> ERROR" in result.stdout
    assert "2 refused." in result.stdout
    open_database(db_url)
    assert Move.select().count() == 1


def test_replay_unknown_user_is_a_clear_error(po, db_url, tmp_path):
    close_database()
    scans = tmp_path / "scans.txt"
    scans.write_text("PO-1001\n", encoding="utf-8")
    result = run(db_url, "replay", "--station", "receive", "--user", "nobody", str(scans))
    assert result.returncode == 2 and "No user named 'nobody'" in result.stderr
