"""The selected order's detail at Orders: its lines with what is picked and reserved, and
where its reserved stock waits (bin, lot, expiry, why that lot), on SQLite and PostgreSQL."""

from datetime import date, datetime

from app.core import ledger, order_views
from app.core.locations import system_location
from app.core.orders import OrderLineInput, create_order
from app.db.models import Item, Location, Lot, SalesOrder, User


def test_an_orders_lines_and_reservations_read_as_they_are(db):
    user = User.get(User.name == "operator").id
    supplier = system_location("SUPPLIER").id
    near = Location.create(code="A-01", kind="bin", sequence=1)
    far = Location.create(code="B-01", kind="bin", sequence=2)
    mug = Item.create(sku="MUG", name="Mug")
    tea = Item.create(sku="TEA", name="Green tea", tracking="expiry", removal="fefo")
    soon = Lot.create(item=tea, code="SOON", expiry=date(2031, 3, 1))
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, far.id, 5, "receipt"),
                 ledger.MoveRequest(tea.id, soon.id, supplier, near.id, 2, "receipt")],
                user, at=datetime(2026, 1, 1))
    create_order("SO-1", [OrderLineInput("MUG", 3), OrderLineInput("TEA", 4)])
    order_id = SalesOrder.get(SalesOrder.number == "SO-1").id

    lines = order_views.order_lines(order_id)
    assert [(x.sku, x.name, x.ordered, x.picked, x.reserved, x.backorder) for x in lines] == [
        ("MUG", "Mug", 3, 0, 3, 0), ("TEA", "Green tea", 4, 0, 2, 2)]
    held = order_views.order_reservations(order_id)
    assert [(x.line_id, x.sku, x.bin, x.lot, x.expiry, x.qty) for x in held] == [
        (lines[0].line_id, "MUG", "B-01", None, None, 3),
        (lines[1].line_id, "TEA", "A-01", "SOON", date(2031, 3, 1), 2)]
    assert all(x.reason for x in held)
