"""The audit query: newest first, pages that neither skip nor repeat moves posted at the same
moment, and the CSV with every matching move."""

import csv
from datetime import date, datetime

from app.core import audit, ledger
from app.core.locations import SUPPLIER, system_location
from app.db.models import Item, Location, User


def test_pages_follow_each_other_through_moves_of_the_same_moment(db, tmp_path):
    user = User.get(User.name == "operator").id
    item = Item.create(sku="MUG", name="Mug")
    bin_ = Location.create(code="A-01", kind="bin")
    supplier = system_location(SUPPLIER).id
    # Seven moves in one post share their time; three more a day later.
    ledger.post([ledger.MoveRequest(item.id, None, supplier, bin_.id, n, "receipt")
                 for n in range(1, 8)], user, at=datetime(2026, 3, 1, 9))
    ledger.post([ledger.MoveRequest(item.id, None, supplier, bin_.id, n, "receipt")
                 for n in range(8, 11)], user, at=datetime(2026, 3, 2, 9))
    seen, last = [], None
    while True:
        page = audit.moves(limit=3, before=last)
        seen += [row.qty for row in page]
        if len(page) < 3:
            break
        last = page[-1]
    assert seen == list(range(10, 0, -1))
    assert [r.qty for r in audit.moves(audit.AuditFilter(since=date(2026, 3, 2)))] == [10, 9, 8]
    out = tmp_path / "audit.csv"
    assert audit.write_csv(out, batch=4) == 10
    with open(out, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(audit.COLUMNS)
    assert [int(r[6]) for r in rows[1:]] == list(range(10, 0, -1))
    assert rows[1][:2] == ["2026-03-02 09:00:00", "operator"]


def test_a_move_names_its_document_by_number(db):
    """An order's pick says the order's number, a receipt its PO's: what a person searches for,
    not a row id."""
    from app.core.orders import OrderLineInput, create_order
    from app.db.models import PurchaseOrder, Receipt, Supplier

    user = User.get(User.name == "operator").id
    item = Item.create(sku="MUG", name="Mug")
    supplier, dock = system_location("SUPPLIER").id, system_location("DOCK").id
    po = PurchaseOrder.create(number="PO-77", supplier=Supplier.create(name="Acme"))
    receipt = Receipt.create(po=po, user=user)
    order = create_order("WEB-9", [OrderLineInput("MUG", 1)], allocate=False)
    ledger.post([ledger.MoveRequest(item.id, None, supplier, dock, 2, "receipt",
                                    doc_type="receipt", doc_id=receipt.id)], user)
    ledger.post([ledger.MoveRequest(item.id, None, dock, system_location("PACK").id, 1, "pick",
                                    doc_type="order", doc_id=order.id)], user)
    ledger.post([ledger.MoveRequest(item.id, None, dock, system_location("LOSS").id, 1,
                                    "adjust", doc_type="count", doc_id=5)], user)
    assert [row.document for row in audit.moves()] == [
        "count 5", "order WEB-9", "receipt PO-77"]
