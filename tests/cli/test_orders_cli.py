"""Orders end to end through the `binwise` command: import (own format and a Shopify export),
allocation, pick list, export of what the shop may sell, putaway rules."""

import csv
import subprocess
import sys

import pytest

from app.core import ledger
from app.core.locations import system_location
from app.db import close_database, open_database
from app.db.models import Item, Location, PutawayRule, SalesOrder, SalesOrderLine, User

SHOPIFY = (
    "Name,Email,Financial Status,Fulfillment Status,Created at,Shipping Method,"
    "Lineitem quantity,Lineitem name,Lineitem sku,Lineitem requires shipping,Cancelled at\n"
    "#1001,a@example.com,paid,unfulfilled,2026-11-20 14:03:22 +0100,Standard,2,Mug,MUG,true,\n"
    "#1001,,,,,,1,Tea,TEA,true,\n"
    "#1001,,,,,,1,Gift card,,false,\n"
    "#1002,b@example.com,paid,fulfilled,2026-11-19 09:00:00 +0100,Express,1,Mug,MUG,true,\n"
    "#1003,c@example.com,refunded,unfulfilled,2026-11-19 10:00:00 +0100,Standard,1,Mug,MUG,"
    "true,2026-11-19 12:00:00 +0100\n"
    "#1004,d@example.com,paid,,2026-11-21 08:00:00 +0100,Standard,5,Tea,TEA,true,\n"
)


def run(db_url, *args):
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_url), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def shop(db, db_url):
    user = User.get(User.name == "operator").id
    wh = Location.get(Location.code == "WH")
    zone = Location.create(code="A", kind="zone", parent=wh)
    bin_ = Location.create(code="A-01", kind="bin", parent=zone)
    mug = Item.create(sku="MUG", name="Mug")
    tea = Item.create(sku="TEA", name="Tea")
    supplier = system_location("SUPPLIER").id
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, bin_.id, 10, "receipt"),
                 ledger.MoveRequest(tea.id, None, supplier, bin_.id, 4, "receipt")], user)
    close_database()
    return db_url


def test_shopify_export_imports_open_orders_and_allocates(shop, tmp_path):
    export = tmp_path / "orders_export.csv"
    export.write_text(SHOPIFY, encoding="utf-8")
    result = run(shop, "import", "orders", str(export))
    assert result.returncode == 0, result.stderr
    assert f"Imported 2 orders (3 lines), 2 cancelled or fulfilled skipped; 1 waiting for " \
           f"stock from {export}" in result.stdout
    open_database(shop)
    first = SalesOrder.get(SalesOrder.number == "#1001")
    assert (first.channel, first.shipping_method, first.status) == ("shopify", "Standard",
                                                                    "allocated")
    assert sorted((ln.item.sku, ln.qty_ordered) for ln in first.lines) == [("MUG", 2), ("TEA", 1)]
    assert SalesOrder.get(SalesOrder.number == "#1004").status == "partial"
    close_database()
    again = run(shop, "import", "orders", str(export))
    assert "0 orders (0 lines), 2 already imported" in again.stdout


def test_the_export_again_says_which_orders_the_shop_changed_or_cancelled(shop, tmp_path):
    export = tmp_path / "orders_export.csv"
    export.write_text(SHOPIFY, encoding="utf-8")
    assert run(shop, "import", "orders", str(export)).returncode == 0
    later = tmp_path / "orders_export_later.csv"
    later.write_text(SHOPIFY.replace("#1001,,,,,,1,Tea,TEA,true,\n", "").replace(
        "#1004,d@example.com,paid,,2026-11-21 08:00:00 +0100,Standard,5,Tea,TEA,true,",
        "#1004,d@example.com,refunded,,2026-11-21 08:00:00 +0100,Standard,5,Tea,TEA,true,"
        "2026-11-22 10:00:00 +0100"), encoding="utf-8")
    result = run(shop, "import", "orders", str(later))
    assert result.returncode == 0, result.stderr
    assert "0 orders (0 lines), 2 already imported, 2 cancelled or fulfilled skipped; 1 " \
           "changed and 1 cancelled in the shop since the last import" in result.stdout
    open_database(shop)
    changed = {o.number: (o.status, o.changed) for o in SalesOrder.select()}
    assert changed["#1001"] == ("allocated", "line TEA removed")
    assert changed["#1004"] == ("cancelled", "cancelled in the shop on 2026-11-22")
    close_database()


def test_own_format_bad_row_imports_nothing(shop, tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("order,sku,qty,ship_by\nS1,MUG,2,2026-12-01\nS1,TEA,1,\n"
                      "S2,NOPE,1,\n", encoding="utf-8")
    result = run(shop, "import", "orders", str(orders))
    assert result.returncode == 2
    assert "row 4, column 'sku': no item with SKU 'NOPE'" in result.stderr
    open_database(shop)
    assert SalesOrder.select().count() == 0
    close_database()
    orders.write_text("order,sku,qty,ship_by\nS1,MUG,2,2026-12-01\nS1,MUG,1,\nS2,TEA,1,\n",
                      encoding="utf-8")
    assert run(shop, "import", "orders", str(orders), "--no-allocate").returncode == 0
    open_database(shop)
    line = SalesOrderLine.get()
    assert line.qty_ordered == 3 and line.order.status == "open"
    assert line.order.ship_by.isoformat() == "2026-12-01"


def test_allocate_picklist_export_available(shop, tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("order,sku,qty\nS1,MUG,3\nS2,TEA,6\n", encoding="utf-8")
    run(shop, "import", "orders", str(orders), "--no-allocate")
    result = run(shop, "allocate")
    assert result.returncode == 0 and "1 still wait for stock" in result.stdout
    listing = run(shop, "picklist", "S1")
    assert listing.returncode == 0 and "A-01" in listing.stdout and "3 × MUG" in listing.stdout
    assert "No order 'S9'" in run(shop, "picklist", "S9").stderr
    out = tmp_path / "available.csv"
    assert run(shop, "export", "available", str(out)).returncode == 0
    with open(out, newline="", encoding="utf-8") as handle:
        rows = {r["sku"]: r for r in csv.DictReader(handle)}
    assert (rows["MUG"]["on_hand"], rows["MUG"]["reserved"], rows["MUG"]["available"]) == (
        "10", "3", "7")
    assert rows["TEA"]["available"] == "0"


def test_import_putaway_rules(shop, tmp_path):
    rules = tmp_path / "rules.csv"
    rules.write_text("sku,zone\nMUG,A\nTEA,B\n", encoding="utf-8")
    result = run(shop, "import", "rules", str(rules))
    assert result.returncode == 2 and "row 3, column 'zone': 'B' is not a zone" in result.stderr
    rules.write_text("sku,zone,bin\nMUG,A,\nTEA,,A-01\n", encoding="utf-8")
    assert run(shop, "import", "rules", str(rules)).returncode == 0
    open_database(shop)
    assert {(r.item.sku, r.zone.code if r.zone else None, r.bin.code if r.bin else None)
            for r in PutawayRule.select()} == {("MUG", "A", None), ("TEA", None, "A-01")}


def test_preferred_place_is_a_zone_or_a_bin(shop):
    from app.core.errors import BinwiseError
    from app.core.putaway_rules import set_preferred_place

    open_database(shop)
    mug = Item.get(Item.sku == "MUG")
    assert set_preferred_place(mug, "a-01") == "bin A-01"
    assert set_preferred_place(mug, "A") == "zone A"
    assert PutawayRule.get().zone.code == "A" and PutawayRule.get().bin is None
    for bad, why in (("DOCK", "not a zone or a bin"), ("Q-9", "no zone or bin"), ("", "Type")):
        with pytest.raises(BinwiseError, match=why):
            set_preferred_place(mug, bad)
