"""Kits through the `binwise` command: `import kits`, `kits`, an order for a kit, and
`export available` (with a channel's buffer) counting what the components make."""

import csv
import json
import subprocess
import sys

import pytest

from app.core import ledger
from app.core.locations import system_location
from app.db import close_database, open_database
from app.db.models import Item, KitComponent, Location, User


def run(db_url, *args):
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_url), *map(str, args)],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def shop(db, db_url):
    user = User.get(User.name == "operator").id
    bin_ = Location.create(code="A-01", kind="bin")
    supplier = system_location("SUPPLIER").id
    for sku, qty in (("MUG", 10), ("TEA", 4), ("GIFT", 1)):
        item = Item.create(sku=sku, name=sku.title())
        ledger.post([ledger.MoveRequest(item.id, None, supplier, bin_.id, qty, "receipt")], user)
    close_database()
    return db_url


def available(path):
    return {r["sku"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}


def test_import_list_order_and_export_kits(shop, tmp_path):
    recipes = tmp_path / "kits.csv"
    recipes.write_text("kit_sku,component_sku,qty\nGIFT,MUG,2\nGIFT,TEA,1\n", encoding="utf-8")
    done = run(shop, "import", "kits", recipes)
    assert done.returncode == 0, done.stderr
    assert f"Imported 1 kits from {recipes}" in done.stdout
    listed = run(shop, "kits", "GIFT", "--json")
    assert json.loads(listed.stdout) == [{"kit": "GIFT", "name": "Gift", "components": [
        {"sku": "MUG", "name": "Mug", "qty": 2}, {"sku": "TEA", "name": "Tea", "qty": 1}]}]
    assert "    2 x MUG" in run(shop, "kits").stdout

    out = tmp_path / "available.csv"
    assert run(shop, "export", "available", out).returncode == 0
    rows = available(out)
    # 1 built kit + min(10 // 2, 4 // 1) made of components
    assert rows["GIFT"] == {"sku": "GIFT", "on_hand": "1", "reserved": "0", "available": "5"}

    orders_file = tmp_path / "orders.csv"
    orders_file.write_text("order,sku,qty,channel\nS1,GIFT,3,shop\n", encoding="utf-8")
    assert run(shop, "import", "orders", orders_file).returncode == 0
    assert run(shop, "export", "available", out).returncode == 0
    rows = available(out)
    # The built kit and two kits' components are reserved: 6 mugs, 2 tea left free.
    assert rows["GIFT"]["available"] == "2"
    assert (rows["MUG"]["reserved"], rows["MUG"]["available"]) == ("4", "6")
    assert rows["TEA"]["available"] == "2"

    assert run(shop, "setting", "channels",
               '{"default": {"shop": {"units": 1}}}').returncode == 0
    channel = tmp_path / "shop.csv"
    done = run(shop, "export", "available", channel, "--channel", "shop")
    assert done.returncode == 0, done.stderr
    gift = available(channel)["GIFT"]
    assert (gift["available"], gift["held_back"], gift["sellable"]) == ("2", "1", "1")

    check = run(shop, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_bad_kit_file_changes_nothing(shop, tmp_path):
    recipes = tmp_path / "kits.csv"
    recipes.write_text("kit_sku,component_sku,qty\nGIFT,MUG,2\nGIFT,CUP,1\n", encoding="utf-8")
    done = run(shop, "import", "kits", recipes)
    assert done.returncode == 2
    assert "row 3, column 'component_sku': no item has the SKU 'CUP'" in done.stderr
    assert "nothing was imported" in done.stderr
    open_database(shop)
    assert KitComponent.select().count() == 0
    close_database()
    assert run(shop, "kits", "MUG").stderr.strip() == "binwise: MUG is not a kit: it has no " \
                                                      "components."
