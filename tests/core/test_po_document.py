"""What goes on a PO sent to the supplier: the seller's name from the settings, the lines and
their total."""

from datetime import date
from decimal import Decimal

import pytest

from app.core.errors import BinwiseError
from app.core.replenishment import po_document
from app.db.models import Item, PurchaseOrder, PurchaseOrderLine, Supplier


def test_the_po_document(db):
    po = PurchaseOrder.create(number="PO-7", supplier=Supplier.create(name="Acme"),
                              expected=date(2026, 6, 15))
    PurchaseOrderLine.create(po=po, item=Item.create(sku="MUG", name="Mug", unit_cost=2),
                             qty_ordered=12)
    PurchaseOrderLine.create(po=po, item=Item.create(sku="CUP", name="Cup"), qty_ordered=3,
                             unit_cost=Decimal("1.25"))
    doc = po_document.po_document("po-7")
    assert (doc.seller, doc.number, doc.supplier, doc.expected) == (
        "", "PO-7", "Acme", date(2026, 6, 15))
    assert [(li.sku, li.qty, li.value) for li in doc.lines] == [
        ("MUG", 12, Decimal(24)), ("CUP", 3, Decimal("3.75"))]
    assert doc.total == Decimal("27.75") and isinstance(doc.created, date)
    po_document.save_seller(po_document.seller_from({"name": "  Acme Shop "}))
    assert po_document.po_document("PO-7").seller == "Acme Shop"
    with pytest.raises(BinwiseError, match="at most 200"):
        po_document.seller_from({"name": "x" * 201})
    with pytest.raises(BinwiseError, match="No purchase order 'PO-8'"):
        po_document.po_document("PO-8")
