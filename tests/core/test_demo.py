"""The demo warehouse and its barcode sheet: contents, determinism, a consistent ledger, and
every printed barcode decoding back to what was meant."""

import itertools
import re
import shutil
import subprocess
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from PIL import Image
from pyzbar import pyzbar

from app.core import ledger
from app.core.catalog import normalize_gtin
from app.core.demo import build_demo
from app.core.demo_sheet_data import sheet_data
from app.core.errors import BinwiseError
from app.core.imports import import_items, import_pos
from app.db import close_database, database, open_database
from app.db.models import Item
from app.labels.demo_sheet import (
    SheetCode,
    barcode_image,
    render_demo_sheet,
    write_demo_sheet,
    write_demo_sheet_pngs,
)

TODAY = date(2026, 5, 4)


@pytest.fixture
def wh(tmp_path):
    db = open_database(tmp_path / "t.sqlite")
    yield db
    close_database()


@pytest.fixture
def demo(wh):
    return build_demo(seed=7, today=TODAY)


def scalar(sql: str, params=()):
    return database.execute_sql(sql, params).fetchone()[0]


def rows(sql: str, params=()):
    return database.execute_sql(sql, params).fetchall()


# --- the warehouse -----------------------------------------------------------------------------


def test_summary_and_counts(demo):
    assert "200 items" in demo and "open POs" in demo and "PO-1001" in demo
    items = scalar("SELECT COUNT(*) FROM item")
    assert 180 <= items <= 220
    by_tracking = dict(rows("SELECT tracking, COUNT(*) FROM item GROUP BY tracking"))
    assert 0.28 <= by_tracking["expiry"] / items <= 0.4
    assert by_tracking["lot"] >= 10 and by_tracking["none"] >= items / 3
    # Removal follows tracking; minimum shelf life only where there are expiry dates.
    assert rows("SELECT DISTINCT tracking, removal FROM item ORDER BY 1") == [
        ("expiry", "fefo"), ("lot", "fifo"), ("none", "fifo")]
    shelf = [d for (d,) in rows("SELECT min_shelf_life_days FROM item WHERE tracking = 'expiry'")]
    assert any(30 <= d <= 90 for d in shelf) and 0 in shelf
    assert scalar("SELECT COUNT(*) FROM item WHERE tracking <> 'expiry' "
                  "AND min_shelf_life_days > 0") == 0
    assert scalar("SELECT COUNT(*) FROM item WHERE unit_cost <= 0") == 0
    assert 4 <= scalar("SELECT COUNT(*) FROM supplier") <= 5


def test_items_have_realistic_names_and_valid_gtin13(demo):
    skus = [sku for (sku,) in rows("SELECT sku FROM item")]
    assert all(re.fullmatch(r"[A-Z]{3}-[A-Z0-9-]+", sku) for sku in skus)
    names = [name for (name,) in rows("SELECT name FROM item")]
    assert len(set(names)) == len(names)
    assert "Earl Grey 20 Tea Bags" in names
    codes = rows("SELECT item_id, code, kind FROM item_barcode")
    assert len(codes) == len(skus) and len({c for _, c, _ in codes}) == len(codes)
    for _, code, kind in codes:
        # GTIN-13 kept as 14 digits, from a GS1 company prefix, with a valid check digit.
        assert kind == "gtin" and code.startswith("0") and normalize_gtin(code) == code
        assert code[1:8] in ("4012345", "5012345", "7312345", "5060123", "8712345")


def test_bins_zones_and_walking_order(demo):
    zones = dict(rows("SELECT code, parent_id FROM location WHERE kind = 'zone'"))
    warehouse = scalar("SELECT id FROM location WHERE code = 'WH'")
    assert set(zones) == {"A", "B", "C", "BULK"}
    assert set(zones.values()) == {warehouse}
    bins = rows("SELECT b.code, z.code, b.sequence, b.capacity FROM location b "
                "JOIN location z ON z.id = b.parent_id WHERE b.kind = 'bin' ORDER BY b.sequence")
    assert 280 <= len(bins) <= 330
    for code, zone, _, _ in bins:
        assert re.fullmatch(r"[ABC]-\d\d-\d\d|BULK-\d\d", code)
        assert code.startswith(zone)
    sequences = [s for _, _, s, _ in bins]
    assert len(set(sequences)) == len(sequences) and min(sequences) > 0
    capacities = [c for *_, c in bins if c is not None]
    assert 0 < len(capacities) < len(bins)
    # A serpentine walk: zone B is walked from its last rack back to its first.
    walk_b = [code for code, zone, _, _ in bins if zone == "B"]
    assert walk_b[0].startswith("B-20-") and walk_b[-1].startswith("B-01-")


def test_open_pos(demo):
    pos = rows("SELECT p.number, p.status, COUNT(l.id) FROM purchase_order p "
               "JOIN purchase_order_line l ON l.po_id = p.id GROUP BY p.id ORDER BY p.number")
    assert 6 <= len(pos) <= 10
    assert all(status == "open" and 3 <= lines <= 12 for _, status, lines in pos)
    assert pos[0][0] == "PO-1001"
    tutorial = rows("SELECT i.tracking, l.qty_ordered FROM purchase_order_line l "
                    "JOIN item i ON i.id = l.item_id JOIN purchase_order p ON p.id = l.po_id "
                    "WHERE p.number = 'PO-1001'")
    assert len(tutorial) == 3
    assert sorted(t for t, _ in tutorial) == ["expiry", "none", "none"]
    assert all(0 < qty <= 12 for _, qty in tutorial)
    # No PO has the same item twice, and none was received against yet.
    assert scalar("SELECT COUNT(*) FROM (SELECT po_id, item_id FROM purchase_order_line "
                  "GROUP BY 1, 2 HAVING COUNT(*) > 1)") == 0
    assert scalar("SELECT COUNT(*) FROM receipt") == 0


def test_opening_stock_is_in_bins_through_the_ledger(demo):
    assert ledger.recompute() == []
    kinds = dict(rows("SELECT kind, COUNT(*) FROM move GROUP BY kind"))
    assert set(kinds) == {"receipt", "putaway", "pick", "ship"}
    # The year of web orders: each sale received, picked and shipped, so it nets to nothing.
    assert kinds["receipt"] == kinds["putaway"] + kinds["pick"] and kinds["pick"] == kinds["ship"]
    assert rows("SELECT DISTINCT u.name FROM move m JOIN \"user\" u ON u.id = m.user_id") == [
        ("operator",)]
    assert rows("SELECT DISTINCT s.code, d.code FROM move m JOIN location s ON s.id = m.src_id "
                "JOIN location d ON d.id = m.dst_id WHERE m.kind = 'receipt'") == [
        ("SUPPLIER", "DOCK")]
    # Everything was put away: the dock and packing are empty, every balance is in a bin.
    assert scalar("SELECT COUNT(*) FROM quant q JOIN location l ON l.id = q.location_id "
                  "WHERE l.kind <> 'bin'") == 0
    quants = scalar("SELECT COUNT(*) FROM quant")
    assert quants >= 100
    assert scalar("SELECT COUNT(DISTINCT item_id) FROM quant") >= 100
    # Capacities hold.
    assert scalar("SELECT COUNT(*) FROM (SELECT b.id FROM location b JOIN quant q "
                  "ON q.location_id = b.id WHERE b.capacity IS NOT NULL "
                  "GROUP BY b.id HAVING SUM(q.qty) > b.capacity)") == 0
    # Tracked stock has lots, untracked has none.
    assert scalar("SELECT COUNT(*) FROM quant q JOIN item i ON i.id = q.item_id "
                  "WHERE (i.tracking = 'none') <> (q.lot_id IS NULL)") == 0


def test_lots_expire_over_two_years_some_soon_one_expired(demo):
    expiries = [date.fromisoformat(e) for (e,) in rows(
        "SELECT DISTINCT l.expiry FROM lot l JOIN quant q ON q.lot_id = l.id "
        "WHERE l.expiry IS NOT NULL")]
    assert len(expiries) >= 40
    expired = [e for e in expiries if e < TODAY]
    soon = [e for e in expiries if TODAY <= e <= TODAY + timedelta(days=45)]
    assert len(expired) == 1
    assert 2 <= len(soon) <= 6
    assert max(expiries) <= TODAY + timedelta(days=731)
    assert max(expiries) >= TODAY + timedelta(days=500)
    assert scalar("SELECT COUNT(*) FROM lot l JOIN item i ON i.id = l.item_id "
                  "WHERE i.tracking = 'lot' AND l.expiry IS NOT NULL") == 0
    # Stock came in before today, the older lots first.
    assert scalar("SELECT MAX(in_date) FROM quant") < TODAY.isoformat()


def _snapshot() -> dict:
    tables = {
        "item": "SELECT * FROM item ORDER BY id",
        "item_barcode": "SELECT * FROM item_barcode ORDER BY id",
        "location": "SELECT * FROM location ORDER BY id",
        "lot": "SELECT * FROM lot ORDER BY id",
        "quant": "SELECT * FROM quant ORDER BY id",
        "move": "SELECT * FROM move ORDER BY id",
        "supplier": "SELECT * FROM supplier ORDER BY id",
        "po": "SELECT number, supplier_id, status, over_receipt_pct, expected "
              "FROM purchase_order ORDER BY id",
        "lines": "SELECT * FROM purchase_order_line ORDER BY id",
    }
    return {name: rows(sql) for name, sql in tables.items()}


def test_same_seed_same_warehouse_other_seed_another(tmp_path):
    snapshots = []
    for name, seed in (("one", 7), ("two", 7), ("three", 8)):
        open_database(tmp_path / f"{name}.sqlite")
        build_demo(seed=seed, today=TODAY)
        snapshots.append(_snapshot())
        close_database()
    assert snapshots[0] == snapshots[1]
    assert snapshots[0]["quant"] != snapshots[2]["quant"]
    assert snapshots[0]["lines"] != snapshots[2]["lines"]


def test_refuses_a_database_with_items(wh):
    Item.create(sku="X-1", name="Mine")
    with pytest.raises(BinwiseError, match="already has items"):
        build_demo()
    assert scalar("SELECT COUNT(*) FROM item") == 1
    assert scalar("SELECT COUNT(*) FROM location WHERE kind IN ('bin', 'zone')") == 0


def test_refuses_to_run_twice(demo):
    before = _snapshot()
    with pytest.raises(BinwiseError):
        build_demo()
    assert _snapshot() == before


def test_builds_quickly(wh):
    started = time.perf_counter()
    build_demo()
    assert time.perf_counter() - started < 5


# --- the barcode sheet -------------------------------------------------------------------------


def decoded(pages: list[Image.Image]) -> Counter:
    found = Counter()
    for page in pages:
        for symbol in pyzbar.decode(page):
            found[(symbol.type, symbol.data.decode("ascii"))] += 1
    return found


def expected(codes: list[SheetCode]) -> Counter:
    return Counter((code.zbar_type, code.data) for code in codes)


def parse_gs1(data: str) -> dict[str, str]:
    """The sheet's GS1 strings: (01) 14 digits, optional (17) 6 digits, then (10) to the end."""
    match = re.fullmatch(r"01(\d{14})(?:17(\d{6}))?10(.+)", data)
    assert match, data
    return {"01": match[1], "17": match[2], "10": match[3]}


def test_sheet_barcodes_decode_to_what_was_meant(demo):
    sheet = render_demo_sheet(sheet_data(), today=TODAY)
    assert 2 <= len(sheet.pages) <= 12
    assert all(page.size == (2480, 3508) and page.mode == "1" for page in sheet.pages)
    assert decoded(sheet.pages) == expected(sheet.codes)


def test_sheet_holds_pos_items_lots_and_bins(demo):
    everything = render_demo_sheet(sheet_data(), today=TODAY).codes
    # The last page: the demo people's badges, to log in with.
    first_badge = next(n for n, c in enumerate(everything) if c.data.startswith("BADGE-"))
    everything, badges = everything[:first_badge], everything[first_badge:]
    assert [c.data for c in badges] == ["BADGE-DEMO-ALEX", "BADGE-DEMO-ANA", "BADGE-DEMO-SAM"]
    first_order = next(n for n, c in enumerate(everything) if c.data.startswith("WEB-"))
    codes, picking = everything[:first_order], everything[first_order:]
    # The pick pages: allocated orders, then each pick's bin and item barcodes.
    orders = [c.data for c in picking if c.data.startswith("WEB-")]
    assert len(orders) == 2 and all(
        scalar("SELECT status FROM sales_order WHERE number = ?", (n,)) == "allocated"
        for n in orders)
    pick_bins = [c.data for c in picking if c.symbology == "code128"
                 and not c.data.startswith("WEB-")]
    assert pick_bins and scalar(
        f"SELECT COUNT(*) FROM location WHERE kind = 'bin' AND code IN "
        f"({','.join('?' * len(pick_bins))})", pick_bins) == len(set(pick_bins))
    open_pos = [n for (n,) in rows("SELECT number FROM purchase_order WHERE status = 'open' "
                                   "ORDER BY number")]
    code128 = [c.data for c in codes if c.symbology == "code128"]
    assert code128[:1] == ["PO-1001"]
    assert [c for c in code128 if c.startswith("PO-")] == open_pos
    bins = [c for c in code128 if not c.startswith("PO-")]
    assert 3 <= len(bins) <= 6
    assert scalar(f"SELECT COUNT(*) FROM location WHERE kind = 'bin' AND code IN "
                  f"({','.join('?' * len(bins))})", bins) == len(bins)

    tutorial = rows("SELECT b.code, i.tracking FROM purchase_order_line l "
                    "JOIN purchase_order p ON p.id = l.po_id JOIN item i ON i.id = l.item_id "
                    "JOIN item_barcode b ON b.item_id = i.id WHERE p.number = 'PO-1001' "
                    "ORDER BY l.id")
    eans = [c.data for c in codes if c.symbology == "ean13"]
    assert [gtin[1:] for gtin, _ in tutorial] == eans[:3]
    lots = [parse_gs1(c.data) for c in codes if c.symbology == "gs1-128"]
    tracked = [gtin for gtin, tracking in tutorial if tracking == "expiry"]
    assert lots[0]["01"] == tracked[0]
    expiry = date(2000 + int(lots[0]["17"][:2]), int(lots[0]["17"][2:4]),
                  int(lots[0]["17"][4:]))
    assert expiry > TODAY + timedelta(days=365)
    # Every tracked line of every open PO has its lot barcode, with a real GTIN.
    tracked_lines = scalar("SELECT COUNT(*) FROM purchase_order_line l JOIN item i "
                           "ON i.id = l.item_id WHERE i.tracking <> 'none'")
    assert len(lots) == tracked_lines
    assert all(normalize_gtin(lot["01"]) for lot in lots)
    gs1_text = next(c.text for c in codes if c.symbology == "gs1-128")
    assert re.fullmatch(r"\(01\)\d{14}\(17\)\d{6}\(10\)\S+", gs1_text)


@pytest.mark.parametrize("code,module", [
    (SheetCode("ean13", "4012345000016", ""), 4),
    (SheetCode("gs1-128", "01040123450000161727123110L123A", ""), 3),
    (SheetCode("code128", "A-01-01", ""), 4),
])
def test_bars_are_whole_dots_with_quiet_zones(code, module):
    image = barcode_image(code, module)
    line = list(image.crop((0, image.height // 2, image.width, image.height // 2 + 1))
                .convert("L").tobytes())
    runs = [(dark, len(list(group))) for dark, group in itertools.groupby(line, lambda v: v < 128)]
    assert runs[0][0] is False and runs[-1][0] is False
    quiet = 11 if code.symbology == "ean13" else 10
    assert runs[0][1] >= quiet * module and runs[-1][1] >= quiet * module
    assert all(length % module == 0 for _, length in runs[1:-1])
    assert {length // module for dark, length in runs[1:-1] if dark} <= {1, 2, 3, 4}


def test_pdf_is_a4_pages_that_decode(demo, tmp_path):
    path = write_demo_sheet(tmp_path / "sheet.pdf", sheet_data(), today=TODAY)
    data = path.read_bytes()
    sheet = render_demo_sheet(sheet_data(), today=TODAY)
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == len(sheet.pages)
    # A4 in points, and the pages as lossless bilevel images.
    boxes = re.findall(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", data)
    assert len(boxes) == len(sheet.pages)
    assert all(abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1 for w, h in boxes)
    assert b"/CCITTFaxDecode" in data and b"/DCTDecode" not in data
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed: the PDF's pages are not rasterised")
    subprocess.run(["pdftoppm", "-r", "300", "-gray", str(path), str(tmp_path / "p")],
                   check=True)
    pages = [Image.open(p) for p in sorted(tmp_path.glob("p-*.pgm"))]
    assert len(pages) == len(sheet.pages)
    assert decoded(pages) == expected(sheet.codes)


def test_png_pages(demo, tmp_path):
    paths = write_demo_sheet_pngs(tmp_path / "png", sheet_data(), today=TODAY)
    assert [p.name for p in paths][:2] == ["page-1.png", "page-2.png"]
    with Image.open(paths[0]) as first:
        assert first.size == (2480, 3508)
        assert ("CODE128", "PO-1001") in decoded([first])


def test_sheet_from_an_imported_database(wh, tmp_path):
    """Not only the demo: any open POs, items without GTINs, no bins."""
    items = tmp_path / "items.csv"
    items.write_text("sku,name,barcode,tracking\nA-1,Apple,4012345000016,lot\n"
                     "B-2,Box,SUPP-77,none\nC-3,Case,14012345000013,expiry\n"
                     "D-4,Dates,40123455,expiry\n")
    pos = tmp_path / "pos.csv"
    pos.write_text("po,supplier,sku,qty\nP-9,Someone,A-1,5\nP-9,Someone,B-2,2\n"
                   "P-9,Someone,C-3,1\nP-9,Someone,D-4,1\n")
    import_items(items)
    import_pos(pos)
    sheet = render_demo_sheet(sheet_data(), today=TODAY)
    assert decoded(sheet.pages) == expected(sheet.codes)
    kinds = Counter(c.symbology for c in sheet.codes)
    # The PO and the plain code as Code 128, the GTIN-14 case as GS1-128 (01), EAN-8, EAN-13,
    # and lot barcodes for the three tracked items.
    assert kinds == {"code128": 2, "ean13": 1, "ean8": 1, "gs1-128": 4}
    lot_only = parse_gs1(next(c.data for c in sheet.codes if c.data.startswith("0104012345")
                              and "10" in c.data[16:]))
    assert lot_only["17"] is None


def test_sheet_without_open_pos(wh, tmp_path):
    sheet = render_demo_sheet(sheet_data(), today=TODAY)
    assert len(sheet.pages) == 1 and sheet.codes == []
    assert write_demo_sheet(tmp_path / "empty.pdf", sheet_data()).exists()


def test_sales_history_gives_abc_classes_open_orders_and_a_count_plan(demo):
    classes = dict(rows('SELECT "class", COUNT(*) FROM item_class GROUP BY 1'))
    assert classes["A"] > 0 and classes["B"] > 0 and classes["C"] > classes["A"]
    assert scalar("SELECT COUNT(*) FROM count_plan") == scalar(
        "SELECT COUNT(*) FROM location WHERE kind = 'bin'")
    statuses = dict(rows("SELECT status, COUNT(*) FROM sales_order GROUP BY 1"))
    assert statuses["shipped"] == 600 and statuses["allocated"] >= 10
    assert statuses.get("partial", 0) + statuses.get("open", 0) >= 1  # one waits for stock
    assert scalar("SELECT COUNT(*) FROM reservation") > 0


def test_demo_people_log_in_with_the_pins_and_badges_the_readme_lists(demo):
    from app.core import users

    assert [(p.name, p.role) for p in users.list_users()] == [
        ("alex", "admin"), ("ana", "operator"), ("operator", "operator"), ("sam", "supervisor")]
    for name, role, pin, badge in (("alex", "admin", "9999", "BADGE-DEMO-ALEX"),
                                   ("sam", "supervisor", "2222", "BADGE-DEMO-SAM"),
                                   ("ana", "operator", "1111", "BADGE-DEMO-ANA")):
        assert users.login_with_pin(name, pin).role == role
        assert users.login_with_badge(badge).name == name
    assert users.logins_enabled()
