"""A small warehouse to print labels for: zones with racks, items with and without GTINs,
lots received on a PO (one of them undone), and settings kept in the test's own folder."""

from dataclasses import dataclass
from datetime import date

import pytest

from app import paths
from app.core.receiving import receive, undo_receipt
from app.db.models import (
    Item,
    ItemBarcode,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    User,
)
from tests.labels.samples import EAN13_GTIN, UPCA_GTIN

COFFEE_GTIN = "04012345000108"


@dataclass(frozen=True)
class World:
    receipt_id: int
    undone_receipt_id: int
    user_id: int


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    """Settings go to the test's folder, never to the user's."""
    folder = tmp_path / "config"
    monkeypatch.setattr(paths, "config_dir", lambda: folder)
    return folder


def _bins(zone: Location, racks: range, levels: range) -> None:
    for rack in racks:
        for level in levels:
            Location.create(code=f"{zone.code}-{rack:02d}-{level:02d}", kind="bin", parent=zone,
                            sequence=rack * 100 + level)


@pytest.fixture
def world(db) -> World:
    warehouse = Location.get(Location.code == "WH")
    zone_a = Location.create(code="A", name="Aisle A", kind="zone", parent=warehouse)
    zone_b = Location.create(code="B", name="Aisle B", kind="zone", parent=warehouse)
    cold = Location.create(code="COLD", name="Cold room", kind="zone", parent=warehouse)
    shelf = Location.create(code="COLD-SHELF", name="Cold shelf", kind="zone", parent=cold)
    Location.create(code="EMPTY", name="Nothing yet", kind="zone", parent=warehouse)
    _bins(zone_a, range(1, 5), range(1, 13))  # A-01-01 .. A-04-12
    _bins(zone_b, range(1, 2), range(1, 4))
    Location.create(code="C-1-2", kind="bin", parent=shelf)
    Location.create(code="C-1-10", kind="bin", parent=shelf)
    Location.create(code="FLOOR-1", kind="bin", parent=warehouse)

    mug = Item.create(sku="MUG-01", name="Mug, blue, 300 ml")
    ItemBarcode.create(item=mug, code=EAN13_GTIN)
    ItemBarcode.create(item=mug, code="SUPPLIER-77", kind="other")
    cups = Item.create(sku="CUP-7", name="Paper cups 12 oz")
    ItemBarcode.create(item=cups, code=UPCA_GTIN)
    Item.create(sku="FILT-02", name="Paper filters size 02")
    coffee = Item.create(sku="COF-1", name="Coffee beans 1 kg", tracking="expiry")
    ItemBarcode.create(item=coffee, code=COFFEE_GTIN)
    honey = Item.create(sku="HONEY-5", name="Forest honey 500 g", tracking="lot")

    user = User.get(User.name == "operator")
    supplier = Supplier.create(name="Acme Foods")
    po = PurchaseOrder.create(number="PO-1001", supplier=supplier)
    PurchaseOrderLine.create(po=po, item=coffee, qty_ordered=20)
    PurchaseOrderLine.create(po=po, item=honey, qty_ordered=10)
    first = receive(po, coffee, 3, user.id, lot_code="L24123A", expiry=date(2026, 12, 31))
    receipt = first.receipt_id
    receive(po, honey, 2, user.id, receipt_id=receipt, lot_code="H-2025-07")
    wrong = receive(po, coffee, 1, user.id, receipt_id=receipt, lot_code="L-WRONG",
                    expiry=date(2027, 1, 1))
    undo_receipt(po, wrong.move_id, user.id)
    receive(po, coffee, 2, user.id, receipt_id=receipt, lot_code="L24123A")
    later = receive(po, coffee, 1, user.id, lot_code="L25001B", expiry=date(2027, 3, 1))
    undone = receive(po, honey, 1, user.id, lot_code="H-GONE")
    undo_receipt(po, undone.move_id, user.id)
    assert later.receipt_id != receipt
    return World(receipt, undone.receipt_id, user.id)
