"""`binwise import items|bins|pos FILE.csv` end to end: exit codes, messages, all or nothing."""

import pytest

ITEMS = ("sku,name,barcode,tracking,unit_cost\n"
         "COF-1,Coffee Beans 250 g,4012345000016,expiry,6.50\n"
         "MUG-1,Enamel Mug,4012345000023,,12\n"
         "TEA-1,Earl Grey 100 g,,lot,3.20\n")
BINS = "code,zone,sequence,capacity\nA-01-01,A,10,40\nA-01-02,A,20,\nB-01-01,B,30,\n"
POS = ("po,supplier,sku,qty,unit_cost,expected\n"
       "PO-1,Bergmann Kaffee,COF-1,24,6.10,2030-03-31\n"
       "PO-1,Bergmann Kaffee,MUG-1,6,,2030-03-31\n"
       "PO-2,Leaf & Kettle,TEA-1,12,,\n")


@pytest.fixture
def csv(tmp_path):
    def write(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


def test_import_items_bins_and_pos(binwise, csv):
    result = binwise("import", "items", csv("items.csv", ITEMS))
    assert result.returncode == 0, result.stderr
    assert "Imported 3 items from" in result.stdout
    result = binwise("import", "bins", csv("bins.csv", BINS))
    assert result.returncode == 0, result.stderr
    assert "Imported 3 bins" in result.stdout
    result = binwise("import", "pos", csv("pos.csv", POS))
    assert result.returncode == 0, result.stderr
    assert "Imported 2 pos" in result.stdout
    assert binwise.query("SELECT sku, tracking, removal FROM item ORDER BY sku") == [
        ("COF-1", "expiry", "fefo"), ("MUG-1", "none", "fifo"), ("TEA-1", "lot", "fifo")]
    assert binwise.query("SELECT code FROM item_barcode ORDER BY code") == [
        ("04012345000016",), ("04012345000023",)]
    assert binwise.query("SELECT b.code, z.code, z.kind FROM location b JOIN location z "
                         "ON z.id = b.parent_id WHERE b.kind = 'bin' ORDER BY b.code") == [
        ("A-01-01", "A", "zone"), ("A-01-02", "A", "zone"), ("B-01-01", "B", "zone")]
    assert binwise.query("SELECT p.number, s.name, COUNT(*) FROM purchase_order p "
                         "JOIN supplier s ON s.id = p.supplier_id JOIN purchase_order_line l "
                         "ON l.po_id = p.id GROUP BY p.id, s.name ORDER BY p.number") == [
        ("PO-1", "Bergmann Kaffee", 2), ("PO-2", "Leaf & Kettle", 1)]
    # Imports touch no stock.
    check = binwise("check")
    assert check.returncode == 0 and "Stock matches the ledger." in check.stdout
    stock = binwise("stock", "--json")
    assert stock.returncode == 0 and stock.stdout.strip() == "[]"


def test_import_items_upsert(binwise, csv):
    binwise("import", "items", csv("items.csv", ITEMS))
    result = binwise("import", "items", csv("more.csv", "sku,name,unit_cost\n"
                                                        "mug-1,Enamel Mug White,13.5\n"
                                                        "NEW-1,New thing,1\n"))
    assert result.returncode == 0, result.stderr
    assert binwise.query("SELECT name, unit_cost FROM item WHERE sku = 'MUG-1'") == [
        ("Enamel Mug White", 13.5)]
    assert binwise.query("SELECT COUNT(*) FROM item") == [(4,)]


@pytest.mark.parametrize("kind,text,message", [
    ("items", "sku,name,unit_cost\nA-1,Apple,1\nB-2,Pear,abc\n",
     "row 3, column 'unit_cost': 'abc' is not an amount like 12.50"),
    ("items", "sku,name,barcode\nA-1,Apple,4012345000017\n",
     "row 2, column 'barcode': '4012345000017' is not a valid GTIN"),
    ("items", "sku,name,tracking\nA-1,Apple,batch\n",
     "row 2, column 'tracking': 'batch' is not one of none, lot, expiry"),
    ("bins", "code,zone\nA-09-01,A\nA 09 02,A\n",
     "row 3, column 'code': 'A 09 02' contains a space"),
    ("bins", "code,capacity\nZ-1,-4\n",
     "row 2, column 'capacity': '-4' is not a whole number above 0"),
    ("pos", "po,supplier,sku,qty\nPO-7,S,COF-1,1\nPO-7,S,MUG-1,1\nPO-8,S,TEA-1,abc\n",
     "row 4, column 'qty': 'abc' is not a whole number above 0"),
    ("pos", "po,supplier,sku,qty,expected\nPO-7,S,NOPE,1,\n",
     "row 2, column 'sku': no item has the sku 'NOPE'"),
    ("pos", "po,supplier,sku,qty,expected\nPO-7,S,COF-1,1,31.12.2030\n",
     "row 2, column 'expected': '31.12.2030' is not a date like 2025-03-31"),
    ("items", "sku;title\nA-1;Apple\n", "missing column 'name'"),
])
def test_bad_file_exits_2_names_row_and_column_and_changes_nothing(binwise, csv, kind, text,
                                                                   message):
    binwise("import", "items", csv("items.csv", ITEMS))
    binwise("import", "bins", csv("bins.csv", BINS))
    before = binwise.dump()
    path = csv("bad.csv", text)
    result = binwise("import", kind, path)
    assert result.returncode == 2
    assert message in result.stderr
    assert str(path) in result.stderr
    assert "nothing was imported" in result.stderr
    assert result.stdout == ""
    assert binwise.dump() == before


def test_bad_encoding_and_missing_file(binwise, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("sku,name\nA-1,Caf\xe9\n".encode("latin-1"))
    result = binwise("import", "items", path)
    assert result.returncode == 2
    assert "is not UTF-8 text" in result.stderr and "CSV UTF-8" in result.stderr
    result = binwise("import", "items", tmp_path / "nope.csv")
    assert result.returncode == 2
    assert "not found" in result.stderr.lower()
    assert binwise.query("SELECT COUNT(*) FROM item") == [(0,)]


def test_pos_already_received_are_refused(binwise, csv):
    binwise("import", "items", csv("items.csv", ITEMS))
    binwise("import", "pos", csv("pos.csv", POS))
    binwise.execute("INSERT INTO receipt (po_id, user_id, started_at) "
                    "SELECT id, 1, '2030-01-01 00:00:00' FROM purchase_order WHERE number = 'PO-2'")
    before = binwise.dump()
    result = binwise("import", "pos", csv("again.csv", POS))
    assert result.returncode == 2
    assert "row 4, column 'po': 'PO-2' already exists and has been received against" in (
        result.stderr)
    assert binwise.dump() == before
