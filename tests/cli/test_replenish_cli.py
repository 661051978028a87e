"""`binwise replenish`: the low items as a table, as JSON and one item explained."""

import csv
import json
from datetime import datetime, timedelta

from app.core import ledger
from app.core.locations import system_location
from app.db import close_database
from app.db.models import Item, ItemReplenishment, User
from tests.cli.conftest import Binwise


def _shipped_mug(db_path) -> Binwise:
    user = User.get(User.name == "operator").id
    packing, customer = system_location("PACK").id, system_location("CUSTOMER").id
    mug = Item.create(sku="MUG", name="Mug")
    Item.create(sku="PEN", name="Pen")
    now = datetime.now().replace(microsecond=0)
    ledger.post([ledger.MoveRequest(mug.id, None, system_location("SUPPLIER").id, packing, 90,
                                    "receipt")], user, at=now - timedelta(days=100))
    ledger.post([ledger.MoveRequest(mug.id, None, packing, customer, 90, "ship")], user,
                at=now - timedelta(days=5))
    ItemReplenishment.create(item=mug, pack_multiple=10)
    close_database()
    return Binwise(db_path)


def test_replenish_lists_low_items_and_explains_them(db, db_path):
    binwise = _shipped_mug(db_path)
    table = binwise("replenish")
    assert table.returncode == 0, table.stderr
    assert "MUG" in table.stdout and "PEN" not in table.stdout
    assert "1 item(s) at or below their reorder point." in table.stdout

    plans = json.loads(binwise("replenish", "--json").stdout)
    assert [p["sku"] for p in plans] == ["MUG"]
    mug = plans[0]
    # 90 units in 90 days: 1 a day; 14 days' default lead time, no spread: d x L = 14 plus a
    # safety stock, with nothing on hand: low, out today.
    assert mug["daily_demand"] == 1.0 and mug["lead_days"] == 14.0
    assert mug["reorder_point"] > 14 and mug["low"] and mug["position"] == 0
    assert mug["suggested_qty"] % 10 == 0 and mug["suggested_qty"] >= mug["reorder_point"]
    everything = json.loads(binwise("replenish", "--json", "--all").stdout)
    assert {p["sku"] for p in everything} == {"MUG", "PEN"}

    explained = binwise("replenish", "--sku", "mug")
    assert explained.returncode == 0
    assert "Safety stock" in explained.stdout and "d x L + safety stock" in explained.stdout
    unknown = binwise("replenish", "--sku", "NOPE")
    assert unknown.returncode == 2 and "No item with SKU 'NOPE'" in unknown.stderr


def test_create_the_suggested_orders_and_export_one(db, db_path, tmp_path):
    from app.db.models import Supplier

    ItemReplenishment.create(item=Item.create(sku="CUP", name="Cup"),
                             supplier=Supplier.create(name="Acme"), reorder_point=5)
    binwise = _shipped_mug(db_path)  # MUG has no supplier yet
    created = binwise("replenish", "--create")
    assert created.returncode == 0, created.stderr
    number = created.stdout.split(":")[0]
    assert number.startswith("RP-") and "Acme, 1 lines, 6 units" in created.stdout
    assert "No supplier is known for 1 low item(s) (MUG" in created.stdout
    out = tmp_path / "po.csv"
    exported = binwise("export", "po", number, out)
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith(f"{number},Acme,")
    named = binwise("setting", "seller", '{"name": "Acme Shop"}')
    assert named.returncode == 0 and json.loads(named.stdout) == {"name": "Acme Shop"}
    pdf = tmp_path / "po.pdf"
    exported = binwise("export", "po", number, pdf)
    assert exported.returncode == 0, exported.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and f"Wrote {number} (1 lines)" in exported.stdout
    wrong = binwise("export", "po", number)
    assert wrong.returncode == 2 and "FILE.csv" in wrong.stderr


def test_export_available_for_a_channel(demo, tmp_path):
    from app.core.channels import Buffer, ChannelBuffers, save_buffers
    from app.db import close_database, open_database

    open_database(demo.db)
    save_buffers(ChannelBuffers(default={"shop": Buffer(2, 0)}))
    close_database()
    out = tmp_path / "shop.csv"
    done = demo("export", "available", out, "--channel", "shop")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(int(r["sellable"]) == max(0, int(r["available"]) - 2) for r in rows)
    unknown = demo("export", "available", out, "--channel", "ebay")
    assert unknown.returncode == 2 and "No channel 'ebay'" in unknown.stderr


def test_settings_are_shown_changed_and_checked(binwise):
    shown = binwise("setting", "replenishment")
    assert shown.returncode == 0 and json.loads(shown.stdout)["window_days"] == 90
    changed = binwise("setting", "replenishment",
                      '{"window_days": 60, "service_level": {"A": 99, "B": 95, "C": 90}}')
    assert changed.returncode == 0, changed.stderr
    assert json.loads(binwise("setting", "replenishment").stdout)["window_days"] == 60
    for bad, problem in (('{"window_days": 2}', "7 to 3660 days"),
                         ('{"windows": 2}', "no setting windows"),
                         ("[1]", "give an object"), ("{oops", "replenishment:")):
        refused = binwise("setting", "replenishment", bad)
        assert refused.returncode == 2 and problem in refused.stderr, refused.stderr
    assert json.loads(binwise("setting", "replenishment").stdout)["window_days"] == 60
    buffers = binwise("setting", "channels", '{"default": {"amazon": {"units": 1}}}')
    assert buffers.returncode == 0, buffers.stderr
    assert json.loads(buffers.stdout)["default"]["amazon"] == {"units": 1, "percent": 0.0}


def test_dropship_confirm_ships_the_order(db, db_path):
    from app.core import orders
    from app.db.models import DropshipLine, PurchaseOrder, SalesOrder, Supplier

    ItemReplenishment.create(item=Item.create(sku="SOFA", name="Sofa"),
                             supplier=Supplier.create(name="Acme"), dropship=True)
    orders.create_order("O-1", [orders.OrderLineInput("SOFA", 1)])
    number = PurchaseOrder.get().number
    close_database()
    binwise = Binwise(db_path)
    done = binwise("dropship", "confirm", number, "--line", "sofa", "--tracking", "1Z9")
    assert done.returncode == 0, done.stderr
    assert f"Confirmed sofa on {number}, tracking 1Z9." in done.stdout
    assert "Order O-1 is shipped." in done.stdout
    again = binwise("dropship", "confirm", number)
    assert again.returncode == 2 and "has no line waiting" in again.stderr
    from app.db import open_database

    open_database(db_path)
    assert SalesOrder.get().status == "shipped" and DropshipLine.get().tracking == "1Z9"
