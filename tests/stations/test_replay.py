"""`binwise replay --station receive`, end to end through the command, as a batch scanner's file."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from app.db import close_database, open_database
from app.db.models import Lot, Move, PurchaseOrder, PurchaseOrderLine, Quant

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
        "]C10104012345000115" "10S-2\x1d17271231,4\n", encoding="utf-8")
    result = run(db_url, "replay", "--station", "receive", str(scans))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All scans accepted." in result.stdout
    assert "line 3: 4012345000016,10 -> OK" in result.stdout
    open_database(db_url)
    assert PurchaseOrder.get().status == "received"
    assert Lot.get(Lot.code == "L1").expiry.isoformat() == "2027-12-31"
    # `,QTY` after a GS1 string is the batch file's quantity, not part of its data.
    assert Quant.get(Quant.lot == Lot.get(Lot.code == "S-2")).qty == 4
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


def test_a_gs_inside_a_line_is_data_not_a_line_end(po, db_path, tmp_path):
    close_database()
    scans = tmp_path / "scans.txt"
    scans.write_text(f"PO-1001\n]C101{GTIN_EXPIRY}10L7\x1d17271231\n", encoding="utf-8")
    result = run(db_path, "replay", "--station", "receive", str(scans))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "line 3" not in result.stdout
    open_database(db_path)
    assert Lot.get(Lot.code == "L7").expiry.isoformat() == "2027-12-31"


def test_every_committed_scan_is_printed_before_a_kill(po, db_path, tmp_path):
    """An operator resumes after the last printed line: nothing committed may be missing."""
    PurchaseOrderLine.update(qty_ordered=100_000).execute()
    close_database()
    scans = tmp_path / "scans.txt"
    scans.write_text("PO-1001\n" + "MUG-01\n" * 20_000, encoding="utf-8")
    out_path = tmp_path / "out.txt"
    with out_path.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "--db", str(db_path), "replay", "--station",
             "receive", str(scans)], stdout=out, stderr=subprocess.STDOUT,
            # Users' shells do not set it: output to a file is block-buffered there.
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"})
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                with sqlite3.connect(db_path) as peek:
                    if peek.execute("SELECT COUNT(*) FROM move").fetchone()[0] >= 40:
                        break
                time.sleep(0.02)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
    with sqlite3.connect(db_path) as peek:
        committed = peek.execute("SELECT COUNT(*) FROM move").fetchone()[0]
    printed = out_path.read_text().count("-> OK: +1 MUG-01")
    assert committed >= 40
    # The kill may fall between a commit and its line; never more than that one.
    assert committed - 1 <= printed <= committed


def test_a_comma_inside_a_gs1_lot_is_data_not_a_quantity(po, db_path, tmp_path):
    close_database()
    scans = tmp_path / "scans.txt"
    scans.write_text(f"PO-1001\n]C101{GTIN_EXPIRY}1727123110AB,12\n"
                     f"0104012345000115" "10CD,3\n", encoding="utf-8")
    result = run(db_path, "replay", "--station", "receive", str(scans))
    assert result.returncode == 0, result.stdout + result.stderr
    open_database(db_path)
    assert [(q.lot.code, q.qty) for q in Quant.select().order_by(Quant.id)] == [
        ("AB,12", 1), ("CD,3", 1)]
