"""`binwise demo`, `stock`, `check` and `labels demo-sheet` end to end through the real
command."""

import json
import re

from tests.pg import only_sqlite

KEYS = {"sku", "name", "lot", "expiry", "location", "qty", "reserved", "in_date"}


@only_sqlite  # the sheet goes beside the file
def test_demo_builds_a_warehouse_and_its_barcode_sheet(binwise):
    result = binwise("demo")
    assert result.returncode == 0, result.stderr
    assert f"Demo warehouse in {binwise.db}: 200 items" in result.stdout
    assert "PO-1001" in result.stdout
    sheet = binwise.db.with_name("wh-barcodes.pdf")
    assert f"Barcodes to scan: {sheet}" in result.stdout
    assert sheet.read_bytes().startswith(b"%PDF")
    assert binwise.query("SELECT COUNT(*) FROM purchase_order WHERE status = 'open'") == [(8,)]


def test_demo_refuses_a_database_with_items(demo):
    before = demo.dump()
    result = demo("demo")
    assert result.returncode == 2
    assert "already has items" in result.stderr
    assert demo.dump() == before


def test_stock_json(demo):
    result = demo("stock", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == demo.query("SELECT COUNT(*) FROM quant")[0][0] > 100
    assert all(set(row) == KEYS for row in rows)
    assert sum(row["qty"] for row in rows) == demo.query("SELECT SUM(qty) FROM quant")[0][0]
    keys = [(r["sku"].lower(), r["location"].lower(), r["expiry"] or "", r["lot"] or "")
            for r in rows]
    assert keys == sorted(keys)
    dated = [r for r in rows if r["expiry"]]
    assert dated and all(re.fullmatch(r"\d{4}-\d\d-\d\d", r["expiry"]) for r in dated)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", r["in_date"]) for r in rows)
    assert all(re.fullmatch(r"[ABC]-\d\d-\d\d|BULK-\d\d", r["location"]) for r in rows)


def test_stock_table(demo):
    result = demo("stock")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["sku", "lot", "expiry", "location", "qty", "reserved"]
    assert len(lines) == 1 + demo.query("SELECT COUNT(*) FROM quant")[0][0]


def test_check_passes_then_fails_after_a_quant_is_corrupted(demo):
    result = demo("check")
    assert (result.returncode, result.stdout.strip()) == (0, "Stock matches the ledger.")
    sku, lot, location, qty = demo.query(
        "SELECT i.sku, l.code, loc.code, q.qty FROM quant q JOIN item i ON i.id = q.item_id "
        "JOIN lot l ON l.id = q.lot_id JOIN location loc ON loc.id = q.location_id "
        "ORDER BY q.id LIMIT 1")[0]
    demo.execute("UPDATE quant SET qty = qty + 5 WHERE id = "
                 "(SELECT id FROM quant WHERE lot_id IS NOT NULL ORDER BY id LIMIT 1)")
    result = demo("check")
    assert result.returncode == 1
    assert (f"{sku} (lot {lot}) in {location}: the ledger says {qty}, the stock balance says "
            f"{qty + 5} (difference +5)") in result.stdout
    assert "1 balance(s) differ from the ledger." in result.stdout


def test_labels_demo_sheet(demo, tmp_path):
    out = tmp_path / "sheets" / "barcodes.pdf"
    result = demo("labels", "demo-sheet", out)
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}" in result.stdout
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 2
