"""Returns end to end through the `binwise` command: RMA import, the returns station by replay,
reason codes, return to supplier with its printout, the report and the refunds export."""

import csv
import subprocess
import sys

import pytest
from pyzbar import pyzbar

from app.db import close_database
from app.db.models import Supplier
from tests.returns_world import MUG, SOAP, build, shipped_order


def run(db_url, *args, env=None):
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_url), *args],
                          capture_output=True, text=True, timeout=60, env=env)


@pytest.fixture
def shop(db, db_url):
    world = build()
    shipped_order("SO-1", [("MUG", 3), ("SOAP", 3)], world["user"])
    Supplier.create(name="Acme")
    close_database()
    return db_url


def test_rma_import_replay_report_export_and_return_to_supplier(shop, tmp_path):
    rmas = tmp_path / "rmas.csv"
    rmas.write_text("rma,order,sku,qty,reason\nRMA-7,SO-1,MUG,2,damaged\n"
                    "RMA-7,SO-1,SOAP,1,\n", encoding="utf-8")
    done = run(shop, "import", "returns", str(rmas))
    assert done.returncode == 0, done.stderr
    assert "1 returns (2 lines)" in done.stdout
    again = run(shop, "import", "returns", str(rmas))
    assert "1 already imported" in again.stdout

    scans = tmp_path / "scans.txt"
    scans.write_text(f"RMA-7\n{MUG}\n#CMD:REASON:DAMAGED\n{MUG}\n01{SOAP}10S2\n",
                     encoding="utf-8")
    replay = run(shop, "replay", "--station", "returns", str(scans))
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert "Expected: 2 × MUG (damaged), 1 × SOAP" in replay.stdout

    listed = run(shop, "return-to-supplier", "--list")
    assert "MUG" in listed.stdout and "2 unit(s) in quarantine" in listed.stdout
    too_many = run(shop, "return-to-supplier", "Acme", "--item", "MUG", "--qty", "5")
    assert too_many.returncode == 2 and "Only 1 × MUG in quarantine" in too_many.stderr
    pdf = tmp_path / "rts.pdf"
    sent = run(shop, "return-to-supplier", "Acme", "--item", "MUG", "--qty", "1",
               "--item", "SOAP@S2", "--qty", "1", "--pdf", str(pdf))
    assert sent.returncode == 0, sent.stderr
    assert "RTS-00001: 2 unit(s) back to Acme" in sent.stdout
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run(shop, "return-to-supplier", "--list").stdout.startswith("0 unit(s)")
    assert run(shop, "check").returncode == 0

    report = run(shop, "report", "returns", "--json")
    assert report.returncode == 0, report.stderr
    assert '"units": 3' in report.stdout
    out = tmp_path / "returns.csv"
    exported = run(shop, "export", "returns", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["order"], r["rma"], r["sku"], r["lot"], r["qty"], r["reason"], r["grade"],
             r["user"]) for r in rows] == [
        # The RMA's reason for MUG until one is chosen; the grade is the packer's.
        ("SO-1", "RMA-7", "MUG", "", "1", "damaged", "sellable", "operator"),
        ("SO-1", "RMA-7", "MUG", "", "1", "damaged", "damaged", "operator"),
        ("SO-1", "RMA-7", "SOAP", "S2", "1", "damaged", "damaged", "operator")]
    assert all(r["time"] for r in rows)


def test_a_bad_rma_file_names_the_row_and_imports_nothing(shop, tmp_path):
    rmas = tmp_path / "rmas.csv"
    rmas.write_text("rma,order,sku,qty\nRMA-1,SO-1,MUG,1\nRMA-2,SO-404,MUG,1\n",
                    encoding="utf-8")
    done = run(shop, "import", "returns", str(rmas))
    assert done.returncode == 2
    assert "row 3" in done.stderr and "no order 'SO-404'" in done.stderr
    scans = tmp_path / "scans.txt"
    scans.write_text("RMA-1\n", encoding="utf-8")
    assert run(shop, "replay", "--station", "returns", str(scans)).returncode == 1


def test_an_rma_for_more_than_the_order_shipped_is_imported_with_a_notice(shop, tmp_path):
    """Over all of one RMA's rows: three mugs shipped, two rows of two mugs is one more than
    the desk will take; an item the order never shipped from the warehouse (dropshipped, or a
    wrong SKU) too. Both are imported, each with a notice; an RMA imported before is left
    alone and says nothing."""
    rmas = tmp_path / "rmas.csv"
    rmas.write_text("rma,order,sku,qty\nRMA-1,SO-1,MUG,2\nRMA-1,SO-1,MUG,2\n"
                    "RMA-2,SO-1,TEA,1\nRMA-3,SO-1,SOAP,3\n", encoding="utf-8")
    done = run(shop, "import", "returns", str(rmas))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Imported 3 returns (4 lines)")
    assert lines[1:] == [
        "Notice: RMA RMA-1 announces 4 × MUG, but order SO-1 shipped 3 from the warehouse; "
        "the returns desk takes back no more than that.",
        "Notice: RMA RMA-2 announces 1 × TEA, but order SO-1 shipped 0 from the warehouse; "
        "the returns desk takes back no more than that."]
    again = run(shop, "import", "returns", str(rmas))
    assert again.returncode == 0 and "Notice" not in again.stdout
    assert "3 already imported" in again.stdout


def test_reason_codes_and_the_returns_sheet(shop, tmp_path):
    listed = run(shop, "returns", "reasons")
    assert listed.stdout.split()[0] == "damaged"
    changed = run(shop, "returns", "reasons", "--add", "late=Came after the party")
    assert changed.returncode == 0, changed.stderr
    assert "late" in changed.stdout and "Came after the party" in changed.stdout
    assert run(shop, "returns", "reasons", "--remove", "nope").returncode == 2
    sheet = tmp_path / "sheet.pdf"
    made = run(shop, "labels", "returns-sheet", str(sheet))
    assert made.returncode == 0, made.stderr
    from app.labels.returns_sheet import render_returns_sheet

    pages, drawn = render_returns_sheet([("late", "Came after the party")])
    read = {s.data.decode() for page in pages for s in pyzbar.decode(page)}
    assert "#CMD:REASON:LATE" in read and "#CMD:GRADE:SCRAP" in read
    assert read == {c.data for c in drawn}
