"""CSV imports of items, bins and purchase orders: good files, upserts, and bad values that name
the row and column and leave the database unchanged."""

from decimal import Decimal

import pytest

from app.core import ledger
from app.core.catalog import find_item_by_barcode, gtin_check_digit
from app.core.errors import BinwiseError, ImportFileError
from app.core.imports import IMPORTERS, import_bins, import_items, import_pos
from app.core.locations import DOCK, SUPPLIER, system_location
from app.db import close_database, database, open_database
from app.db.models import (
    Item,
    ItemBarcode,
    Location,
    Lot,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    Supplier,
    User,
)

GTIN_A = "4012345000016"
GTIN_B = "4012345000023"
GTIN_C = "5012345000107"
EAN8 = "40123455"


@pytest.fixture
def wh(tmp_path):
    db = open_database(tmp_path / "t.sqlite")
    yield db
    close_database()


@pytest.fixture
def write(tmp_path):
    def write(text: str, name: str = "f.csv", encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)
    return write


def snapshot() -> dict:
    """Everything an import may write, to prove a refused file changed nothing."""
    tables = ["item", "item_barcode", "location", "supplier", "purchase_order",
              "purchase_order_line", "lot", "quant", "move"]
    return {t: database.execute_sql(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}


ITEMS_GOOD = (
    "sku,name,barcode,tracking,unit_cost,uom,removal,min_shelf_life_days\n"
    f"COF-1,Coffee Beans 250 g,{GTIN_A},expiry,6.50,unit,,60\n"
    f"TEA-1,Earl Grey 100 g,{GTIN_B} | SUPP-77,lot,3.2,,,\n"
    f"MUG-1,Enamel Mug,{EAN8} {GTIN_C},,12,unit,lifo,\n"
)


# --- items -------------------------------------------------------------------------------------


def test_items_good_file(wh, write):
    assert import_items(write(ITEMS_GOOD)) == 3
    coffee = Item.get(Item.sku == "COF-1")
    assert (coffee.name, coffee.tracking, coffee.removal) == (
        "Coffee Beans 250 g", "expiry", "fefo")
    assert coffee.unit_cost == Decimal("6.5") and coffee.min_shelf_life_days == 60
    tea = Item.get(Item.sku == "TEA-1")
    assert (tea.tracking, tea.removal, tea.uom) == ("lot", "fifo", "unit")
    mug = Item.get(Item.sku == "MUG-1")
    assert (mug.tracking, mug.removal) == ("none", "lifo")
    # GTINs are stored as 14 digits; other codes as printed.
    codes = {b.code: b.kind for b in ItemBarcode.select().where(ItemBarcode.item == tea.id)}
    assert codes == {"0" + GTIN_B: "gtin", "SUPP-77": "other"}
    assert find_item_by_barcode(GTIN_A).sku == "COF-1"
    assert find_item_by_barcode(EAN8).sku == "MUG-1"
    assert find_item_by_barcode(GTIN_C).sku == "MUG-1"


def test_items_bom_semicolons_and_decimal_comma(wh, write):
    path = write("\ufeffSKU ; Name ; Unit Cost\nA-1;Apfel;1,25\nB-2;\"Birne; grün\";2\n")
    assert import_items(path) == 2
    assert Item.get(Item.sku == "A-1").unit_cost == Decimal("1.25")
    assert Item.get(Item.sku == "B-2").name == "Birne; grün"


def test_items_excel_sep_line_is_not_a_row(wh, write):
    with pytest.raises(ImportFileError) as caught:
        import_items(write("sep=;\nsku;name;unit_cost\nA-1;Apple;1,5\nB-2;Pear;x\n"))
    assert (caught.value.row, caught.value.column) == (3, "unit_cost")
    assert import_items(write("sep=;\nsku;name;unit_cost\nA-1;Apple;1,5\n", "ok.csv")) == 1
    assert Item.get(Item.sku == "A-1").unit_cost == Decimal("1.5")


def test_items_upsert_updates_and_keeps_what_is_empty(wh, write):
    import_items(write(ITEMS_GOOD))
    count = import_items(write(
        "sku,name,barcode,unit_cost,min_shelf_life_days\n"
        f"cof-1,Coffee Beans 250 g (new pack),{GTIN_A} 4012345000030,7.10,\n"
        "NEW-1,A new item,,,\n", "second.csv"))
    assert count == 2
    assert Item.select().count() == 4
    coffee = Item.get(Item.sku == "COF-1")
    assert coffee.name == "Coffee Beans 250 g (new pack)"
    assert coffee.unit_cost == Decimal("7.1")
    # Empty cells and absent columns keep the values the item had.
    assert (coffee.tracking, coffee.removal, coffee.min_shelf_life_days) == ("expiry", "fefo", 60)
    assert sorted(b.code for b in coffee.barcodes) == ["04012345000016", "04012345000030"]
    assert Item.get(Item.sku == "NEW-1").tracking == "none"


def test_items_tracking_change_redefaults_removal(wh, write):
    import_items(write(ITEMS_GOOD))
    import_items(write("sku,name,tracking\nTEA-1,,expiry\n", "again.csv"))
    tea = Item.get(Item.sku == "TEA-1")
    assert (tea.name, tea.tracking, tea.removal) == ("Earl Grey 100 g", "expiry", "fefo")


BAD_ITEM_ROWS = [
    ("tracking", "COF-9,Coffee,,serial,,,,", "'serial' is not one of none, lot, expiry"),
    ("removal", "COF-9,Coffee,,,,,random,", "'random' is not one of fifo, fefo, lifo"),
    ("unit_cost", "COF-9,Coffee,,,abc,,,", "'abc' is not an amount like 12.50"),
    ("unit_cost", "COF-9,Coffee,,,€5,,,", "no currency sign"),
    ("min_shelf_life_days", "COF-9,Coffee,,expiry,,,,-3", "'-3' is not a whole number of 0"),
    ("min_shelf_life_days", "COF-9,Coffee,,expiry,,,,1.5", "'1.5' is not a whole number"),
    ("barcode", "COF-9,Coffee,4012345000017,,,,,", "check digit should be 6, not 7"),
    ("barcode", "COF-9,Coffee,12345670 40123456,,,,,", "'40123456' is not a valid GTIN"),
    ("barcode", f"COF-9,Coffee,{GTIN_A},,,,,", "already the barcode of COF-1"),
    ("sku", ",Coffee,,,,,,", "is empty; every row needs a sku"),
    ("name", "COF-9,,,,,,,", "is empty; every row needs a name"),
    ("sku", "cof-1,Coffee again,,,,,,", "sku 'cof-1' is already in row 2"),
    ("removal", "COF-9,Coffee,,lot,,,fefo,", "'fefo' picks by expiry date"),
    ("min_shelf_life_days", "COF-9,Coffee,,lot,,,,30", "needs expiry dates"),
    ("min_shelf_life_days", "COF-9,Coffee,,expiry,,,,99999999", "too large (at most 36,500)"),
]


@pytest.mark.parametrize("column,row,problem", BAD_ITEM_ROWS)
def test_items_bad_value_names_row_and_column_and_changes_nothing(wh, write, column, row,
                                                                  problem):
    before = snapshot()
    text = (f"sku,name,barcode,tracking,unit_cost,uom,removal,min_shelf_life_days\n"
            f"COF-1,Coffee,{GTIN_A},,,,,\nTEA-1,Tea,,,,,,\n{row}\n")
    with pytest.raises(ImportFileError) as caught:
        import_items(write(text))
    error = caught.value
    assert (error.row, error.column) == (4, column)
    assert problem in error.problem
    assert str(error).startswith(f"row 4, column '{column}': ")
    # The good rows before it were not written either.
    assert snapshot() == before


def test_items_barcode_of_an_existing_item_is_refused(wh, write):
    import_items(write(ITEMS_GOOD))
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        import_items(write(f"sku,name,barcode\nNEW-1,New,{GTIN_C}\n", "b.csv"))
    assert (caught.value.row, caught.value.column) == (2, "barcode")
    assert "MUG-1 (Enamel Mug)" in caught.value.problem
    assert snapshot() == before


def test_items_tracking_cannot_change_under_stock(wh, write):
    import_items(write("sku,name\nMUG-1,Mug\n"))
    mug = Item.get(Item.sku == "MUG-1")
    operator = User.get(User.name == "operator")
    ledger.post([ledger.MoveRequest(mug.id, None, system_location(SUPPLIER).id,
                                    system_location(DOCK).id, 5, "receipt")], operator.id)
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        import_items(write("sku,name,tracking\nMUG-1,Mug,lot\n", "t.csv"))
    assert (caught.value.row, caught.value.column) == (2, "tracking")
    assert "stock on hand" in caught.value.problem
    assert snapshot() == before
    assert ledger.recompute() == []


def test_row_numbers_count_blank_lines_and_quoted_newlines(wh, write):
    text = 'sku,name\nA-1,"Two\nlines"\n\nB-2,B\n,Nameless\n'
    with pytest.raises(ImportFileError) as caught:
        import_items(write(text))
    # Header 1, A-1 2, blank 3, B-2 4, the bad row is the spreadsheet's row 5.
    assert (caught.value.row, caught.value.column) == (5, "sku")


def test_cells_beyond_the_header_are_refused(wh, write):
    with pytest.raises(ImportFileError) as caught:
        import_items(write("sku,name\nA-1,Apple,1,5\n"))
    assert (caught.value.row, caught.value.column) == (2, "C")
    assert "beyond the header's 2 columns" in caught.value.problem
    assert Item.select().count() == 0


def test_missing_columns_are_named(wh, write):
    with pytest.raises(BinwiseError) as caught:
        import_items(write("code,title\nA,B\n"))
    message = str(caught.value)
    assert "missing columns 'sku', 'name'" in message
    assert "need the columns sku, name" in message


def test_unknown_column_is_refused(wh, write):
    with pytest.raises(BinwiseError, match="unknown column 'min_shelf_life'"):
        import_items(write("sku,name,min_shelf_life\nA,B,30\n"))
    assert Item.select().count() == 0


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"),
    (b"  \n\n", "is empty"),
    (b"sku,name\n", "no rows below it"),
    (b"sep=;\n", "has no header row; item files start with the column names: sku, name"),
    ("sku,name\nA-1,Caf\xe9\n".encode("latin-1"), "is not UTF-8 text (unreadable byte on line 2)"),
    ("sku,name\nA-1,Apple\n".encode("utf-16"), "saved as UTF-16"),
])
def test_unreadable_files_get_a_clear_error(wh, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(BinwiseError) as caught:
        import_items(path)
    assert message in str(caught.value)
    assert Item.select().count() == 0


def test_missing_file(wh, tmp_path):
    with pytest.raises(BinwiseError, match="nope.csv: not found"):
        import_items(tmp_path / "nope.csv")


@pytest.mark.parametrize("text, row", [
    ('sku,name\n"UNCLOSED,Thing\nB,Other\n', 2),
    ('sku,name\nA,Apple\nB,"Banana\n', 3),
])
def test_a_quote_never_closed_is_named_not_read_as_an_empty_cell(wh, tmp_path, text, row):
    path = tmp_path / "items.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BinwiseError, match=f"row {row} opens a quote"):
        import_items(path)
    assert Item.select().count() == 0


def test_a_quoted_cell_over_two_lines_is_one_cell(wh, tmp_path):
    path = tmp_path / "items.csv"
    path.write_text('sku,name\nA,"Apple\nred"\nB,"Banana\nyellow"\n', encoding="utf-8")
    import_items(path)
    # Read as one cell each (a line break in a cell reads as a space).
    assert [i.name for i in Item.select().order_by(Item.sku)] == ["Apple red", "Banana yellow"]


def test_importers_table():
    assert IMPORTERS == {"items": import_items, "bins": import_bins, "pos": import_pos}


def test_upc_a_and_gtin14_are_validated_and_stored_as_14_digits(wh, write):
    upc = "03600029145"
    upc += str(gtin_check_digit(upc))
    gtin14 = "1401234500001"
    gtin14 += str(gtin_check_digit(gtin14))
    import_items(write(f"sku,name,barcode\nU-1,Upc,{upc}\nG-1,Case,{gtin14}\n"))
    assert ItemBarcode.get(ItemBarcode.code == "00" + upc).item.sku == "U-1"
    assert ItemBarcode.get(ItemBarcode.code == gtin14).item.sku == "G-1"


# --- bins --------------------------------------------------------------------------------------


def test_bins_good_file_creates_zones_on_demand(wh, write):
    count = import_bins(write("code,zone,sequence,capacity\n"
                              "a-01-01,A,10,40\nA-01-02,A,20,\nB-01-01,b,30,\nFLOOR-1,,,\n"))
    assert count == 4
    warehouse = Location.get(Location.code == "WH")
    zone_a = Location.get(Location.code == "A")
    assert (zone_a.kind, zone_a.parent_id) == ("zone", warehouse.id)
    assert Location.get(Location.code == "B").kind == "zone"
    first = Location.get(Location.code == "A-01-01")
    # Stored upper-cased.
    assert database.execute_sql("SELECT code FROM location WHERE id = ?",
                                (first.id,)).fetchone()[0] == "A-01-01"
    assert (first.kind, first.parent_id, first.sequence, first.capacity) == (
        "bin", zone_a.id, 10, 40)
    assert Location.get(Location.code == "A-01-02").capacity is None
    floor = Location.get(Location.code == "FLOOR-1")
    assert (floor.kind, floor.parent_id, floor.sequence) == ("bin", warehouse.id, 0)
    assert Location.select().where(Location.kind == "zone").count() == 2


def test_bins_upsert(wh, write):
    import_bins(write("code,zone,sequence,capacity\nA-01-01,A,10,40\n"))
    assert import_bins(write("code,zone,capacity\nA-01-01,B,25\nA-01-02,,\n", "2.csv")) == 2
    bin_ = Location.get(Location.code == "A-01-01")
    assert (bin_.parent_id, bin_.sequence, bin_.capacity) == (
        Location.get(Location.code == "B").id, 10, 25)
    assert Location.select().where(Location.kind == "bin").count() == 2


BAD_BIN_ROWS = [
    ("code", "A 01,,,", "'A 01' contains a space"),
    ("code", "A#01,,,", "'A#01' has characters a bin code cannot have"),
    ("code", ",A,,", "is empty; every row needs a bin code"),
    ("code", "dock,,,", "'DOCK' is already the code of the dock"),
    ("code", "a-01-01,,,", "bin 'A-01-01' is already in row 2"),
    ("zone", "C-01-01,Zone C,,", "'Zone C' contains a space"),
    ("zone", "C-01-01,A-01-01,,", "'A-01-01' is already the code of the bin"),
    ("sequence", "C-01-01,C,ten,", "'ten' is not a whole number of 0 or more"),
    ("capacity", "C-01-01,C,,0", "'0' is not a whole number above 0"),
    ("capacity", "C-01-01,C,,1000001", "too large (at most 1,000,000)"),
    ("sequence", "C-01-01,C,99999999999,", "too large"),
]


@pytest.mark.parametrize("column,row,problem", BAD_BIN_ROWS)
def test_bins_bad_value_names_row_and_column_and_changes_nothing(wh, write, column, row,
                                                                 problem):
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        import_bins(write(f"code,zone,sequence,capacity\nA-01-01,A,10,\nA-01-02,A,20,\n{row}\n"))
    assert (caught.value.row, caught.value.column) == (4, column)
    assert problem in caught.value.problem
    assert snapshot() == before


def test_bin_code_may_not_reuse_a_zone_code(wh, write):
    import_bins(write("code,zone\nA-01-01,A\n"))
    with pytest.raises(ImportFileError, match="'A' is already the code of the zone"):
        import_bins(write("code\nA\n", "2.csv"))


# --- purchase orders ---------------------------------------------------------------------------


@pytest.fixture
def catalog(wh, write):
    import_items(write(ITEMS_GOOD, "items.csv"))


POS_GOOD = (
    "po,supplier,sku,qty,unit_cost,expected,over_receipt_pct\n"
    "PO-1,Bergmann Kaffee,COF-1,24,6.10,2030-03-31,10\n"
    "PO-2,Leaf & Kettle,TEA-1,12,,,\n"
    "PO-1,bergmann kaffee,MUG-1,6,,2030-03-31,\n"
)


def test_pos_good_file(catalog, write):
    assert import_pos(write(POS_GOOD)) == 2
    po1 = PurchaseOrder.get(PurchaseOrder.number == "PO-1")
    assert po1.supplier.name == "Bergmann Kaffee"
    assert (po1.status, str(po1.expected), po1.over_receipt_pct) == ("open", "2030-03-31", 10)
    lines = [(line.item.sku, line.qty_ordered, line.unit_cost)
             for line in po1.lines.order_by(PurchaseOrderLine.id)]
    assert lines == [("COF-1", 24, Decimal("6.1")), ("MUG-1", 6, None)]
    po2 = PurchaseOrder.get(PurchaseOrder.number == "PO-2")
    assert (po2.expected, po2.over_receipt_pct) == (None, 0)
    # Suppliers are matched without case and created once.
    assert Supplier.select().count() == 2


def test_pos_reimport_replaces_lines_until_received(catalog, write):
    import_pos(write(POS_GOOD))
    po1 = PurchaseOrder.get(PurchaseOrder.number == "PO-1")
    assert import_pos(write("po,supplier,sku,qty\nPO-1,Bergmann Kaffee,TEA-1,3\n", "2.csv")) == 1
    assert [(line.item.sku, line.qty_ordered) for line in po1.lines] == [("TEA-1", 3)]
    assert PurchaseOrder.get_by_id(po1.id).over_receipt_pct == 10
    Receipt.create(po=po1.id, user=User.get(User.name == "operator").id)
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        import_pos(write("po,supplier,sku,qty\nPO-3,X,MUG-1,1\npo-1,Bergmann Kaffee,MUG-1,3\n",
                         "3.csv"))
    assert (caught.value.row, caught.value.column) == (3, "po")
    assert "has been received against" in caught.value.problem
    assert snapshot() == before


def test_pos_qty_message_matches_the_documented_form(catalog, write):
    text = (POS_GOOD + "PO-3,Leaf & Kettle,MUG-1,2,,,\nPO-4,Leaf & Kettle,MUG-1,2,,,\n"
            "PO-5,Leaf & Kettle,MUG-1,2,,,\nPO-5,Leaf & Kettle,COF-1,abc,,,\n")
    with pytest.raises(ImportFileError) as caught:
        import_pos(write(text))
    assert str(caught.value) == "row 8, column 'qty': 'abc' is not a whole number above 0"


BAD_PO_ROWS = [
    ("sku", "PO-2,Leaf & Kettle,NOPE,1,,,", "no item has the sku 'NOPE'"),
    ("qty", "PO-2,Leaf & Kettle,MUG-1,0,,,", "'0' is not a whole number above 0"),
    ("qty", "PO-2,Leaf & Kettle,MUG-1,1.5,,,", "'1.5' is not a whole number above 0"),
    ("qty", "PO-2,Leaf & Kettle,MUG-1,,,,", "every row needs a quantity"),
    ("unit_cost", "PO-2,Leaf & Kettle,MUG-1,1,1.2.3,,", "'1.2.3' is not an amount"),
    ("expected", "PO-2,Leaf & Kettle,MUG-1,1,,31/03/2030,", "not a date like 2025-03-31"),
    ("expected", "PO-2,Leaf & Kettle,MUG-1,1,,2030-02-30,", "'2030-02-30' is not a date"),
    ("over_receipt_pct", "PO-2,Leaf & Kettle,MUG-1,1,,,-5", "'-5' is not a whole number"),
    ("over_receipt_pct", "PO-2,Leaf & Kettle,MUG-1,1,,,5000", "too large (at most 1,000)"),
    ("qty", "PO-2,Leaf & Kettle,MUG-1,9223372036854775801,,,", "too large (at most 1,000,000)"),
    ("supplier", "PO-1,Other Supplier,TEA-1,1,,,", "differs from 'Bergmann Kaffee' in row 2"),
    ("expected", "PO-1,Bergmann Kaffee,TEA-1,1,,2030-04-01,", "differs from '2030-03-31'"),
    ("sku", "PO-1,Bergmann Kaffee,mug-1,1,,,", "'mug-1' is already on PO-1 in row 4"),
    ("po", ",Leaf & Kettle,MUG-1,1,,,", "every row needs a PO number"),
    ("supplier", "PO-9,,MUG-1,1,,,", "every row needs a supplier"),
]


@pytest.mark.parametrize("column,row,problem", BAD_PO_ROWS)
def test_pos_bad_value_names_row_and_column_and_changes_nothing(catalog, write, column, row,
                                                                problem):
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        import_pos(write(POS_GOOD + row + "\n"))
    assert (caught.value.row, caught.value.column) == (5, column)
    assert problem in caught.value.problem
    assert snapshot() == before


def test_pos_missing_columns(catalog, write):
    with pytest.raises(BinwiseError, match="missing column 'qty'"):
        import_pos(write("po,supplier,sku\nPO-1,S,COF-1\n"))
    assert PurchaseOrder.select().count() == 0


def test_imports_leave_the_ledger_alone(catalog, write):
    import_bins(write("code,zone\nA-01-01,A\n", "bins.csv"))
    import_pos(write(POS_GOOD))
    assert Lot.select().count() == 0
    assert database.execute_sql("SELECT COUNT(*) FROM move").fetchone()[0] == 0
