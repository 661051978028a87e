"""A small receiving world: a supplier, items with GTINs (plain, lot, expiry), one PO."""

from datetime import date

import pytest

from app.db.models import (
    Item,
    ItemBarcode,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    User,
)
from app.scanning.decode import DecodeConfig
from app.stations.receive import ReceiveStation

TODAY = date(2026, 6, 1)
GTIN_PLAIN = "04012345000016"   # scanned as EAN-13 4012345000016
GTIN_EXPIRY = "04012345000108"
GTIN_LOT = "04012345000115"


@pytest.fixture
def po(db):
    supplier = Supplier.create(name="Acme Foods")
    plain = Item.create(sku="MUG-01", name="Mug")
    expiry = Item.create(sku="TEA-GREEN", name="Green tea", tracking="expiry", removal="fefo",
                         min_shelf_life_days=60)
    lot = Item.create(sku="SOAP-01", name="Soap", tracking="lot")
    Item.create(sku="NOT-ON-PO", name="Other thing")
    ItemBarcode.create(item=plain, code=GTIN_PLAIN)
    ItemBarcode.create(item=expiry, code=GTIN_EXPIRY)
    ItemBarcode.create(item=lot, code=GTIN_LOT)
    Location.create(code="A-01-01", kind="bin")
    order = PurchaseOrder.create(number="PO-1001", supplier=supplier)
    PurchaseOrderLine.create(po=order, item=plain, qty_ordered=10)
    PurchaseOrderLine.create(po=order, item=expiry, qty_ordered=24)
    PurchaseOrderLine.create(po=order, item=lot, qty_ordered=5)
    return order


@pytest.fixture
def station(po):
    user = User.get(User.name == "operator")
    return ReceiveStation(user.id, DecodeConfig(today=TODAY), today=lambda: TODAY)
