"""The Replenish page: planned on a worker, the low items with their figures explained, a
quantity changed, the purchase orders created, the badge on the side bar."""

from datetime import date

import pytest

from app.db.models import (
    Item,
    ItemReplenishment,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
)
from app.ui.replenish.replenish_view import ReplenishView
from tests.gui.conftest import cell


@pytest.fixture
def low_items(db):
    acme = Supplier.create(name="Acme")
    for sku, rop in (("MUG", 5), ("CUP", 3), ("PEN", None)):
        item = Item.create(sku=sku, name=sku.title(), unit_cost=2)
        if rop is not None:
            ItemReplenishment.create(item=item, supplier=acme, reorder_point=rop)


def _planned(qtbot, view):
    with qtbot.waitSignal(view.runner.finished, timeout=10_000):
        view.refresh()


def test_low_items_are_listed_and_explained(qtbot, low_items, silent_sounds):
    view = ReplenishView(silent_sounds, today=lambda: date(2026, 6, 1))
    qtbot.addWidget(view)
    badges = []
    view.badge_changed.connect(badges.append)
    _planned(qtbot, view)
    # MUG is 5 below its reorder point, CUP 3: MUG first. PEN sells nothing and is not low.
    assert [cell(view.model, r, 0) for r in range(view.model.rowCount())] == ["MUG", "CUP"]
    assert cell(view.model, 0, 7) == "6"  # up to one above the reorder point of 5
    assert badges == ["2"]
    figures = {cell(view.explain_model, r, 0): cell(view.explain_model, r, 1)
               for r in range(view.explain_model.rowCount())}
    assert figures["Reorder point"] == "5" and figures["Position"] == "0"
    view.handle_scan("cup")
    assert view.table.currentIndex().row() == 1
    assert "CUP" in view.explain_title.text()
    view.handle_scan("pen")  # not low, explained all the same
    assert "PEN" in view.explain_title.text() and "PEN is not low" in view.banner.message
    view.handle_scan("NOPE")
    assert "not an item" in view.banner.message


def test_change_a_quantity_then_create_the_orders(qtbot, low_items, silent_sounds):
    asked = []
    view = ReplenishView(silent_sounds, today=lambda: date(2026, 6, 1),
                         ask_quantity=lambda plan, apply: apply(12),
                         confirm=lambda question, then: (asked.append(question), then()))
    qtbot.addWidget(view)
    _planned(qtbot, view)
    view.change_quantity()  # MUG, the current row
    assert cell(view.model, 0, 7) == "12"
    badges = []
    view.badge_changed.connect(badges.append)
    with qtbot.waitSignal(view.runner.finished, timeout=10_000):
        view.create_orders()
    assert asked == ["Create 1 purchase order(s) with 2 line(s)?"]
    po = PurchaseOrder.get()
    assert po.number == "RP-20260601-01" and po.supplier.name == "Acme"
    assert sorted((line.item.sku, line.qty_ordered) for line in
                  PurchaseOrderLine.select().where(PurchaseOrderLine.po == po)) == [
        ("CUP", 4), ("MUG", 12)]
    # Planned again: what is on order counts, nothing is low any more.
    assert view.model.rowCount() == 0 and badges == [""]
    assert "Created RP-20260601-01" in view.banner.message or \
        "No item" in view.banner.message


def test_the_side_bar_shows_the_badge(qtbot, low_items, main_window):
    view = main_window.view_of("Replenish")
    _planned(qtbot, view)
    badge = main_window.badges["Replenish"]
    assert badge.text() == "2" and badge.isVisible()
    button = main_window.station_buttons.button(main_window.page_index("Replenish"))
    # In the button's corner, clear of its key and name.
    assert badge.parentWidget() is button and button.text() == "Shift+F7\nReplenish"
    assert badge.geometry().right() < button.width()


def test_demand_and_fill_rate_per_channel(qtbot, low_items, silent_sounds):
    from datetime import datetime

    from app.core import ledger
    from app.core.locations import system_location
    from app.db.models import SalesOrder, SalesOrderLine, User

    user = User.get(User.name == "operator").id
    mug = Item.get(Item.sku == "MUG")
    pack, customer = system_location("PACK").id, system_location("CUSTOMER").id
    ledger.post([ledger.MoveRequest(mug.id, None, system_location("SUPPLIER").id, pack, 20,
                                    "receipt")], user, at=datetime(2026, 5, 1))
    for number, channel, ordered, sent in (("S-1", "shop", 4, 3), ("A-1", "amazon", 9, 9)):
        order = SalesOrder.create(number=number, channel=channel, status="shipped")
        line = SalesOrderLine.create(order=order, item=mug, qty_ordered=ordered)
        ledger.post([ledger.MoveRequest(mug.id, None, pack, customer, sent, "ship",
                                        doc_type="order", doc_id=order.id, line_id=line.id)],
                    user, at=datetime(2026, 5, 20, 12))
    view = ReplenishView(silent_sounds, today=lambda: date(2026, 6, 1))
    qtbot.addWidget(view)
    _planned(qtbot, view)
    rows = [[cell(view.channel_model, r, c) for c in range(5)]
            for r in range(view.channel_model.rowCount())]
    # 90 days: Amazon 9 units = 0.1 a day, all filled; the shop 3 of 4 units, its line short.
    assert rows == [["amazon", "1", "0.1", "100.0 %", "100.0 %"],
                    ["shop", "1", "0.03", "0.0 %", "75.0 %"],
                    ["total", "2", "0.13", "50.0 %", "92.3 %"]]


def test_the_window_plans_on_its_worker_for_long_work(qtbot, low_items, db_path, scanner,
                                                      silent_sounds):
    """As the app opens it (threaded): the plan runs off the UI thread, the badge and the
    list arrive on it, and Reports built meanwhile on the main thread does not wait."""
    import threading

    from app.db.models import User
    from app.ui.main_window import MainWindow

    window = MainWindow(db_path, User.get(User.name == "operator").id, "operator",
                        scanner=scanner, sounds=silent_sounds, threaded=True)
    qtbot.addWidget(window)
    planned_on = []
    try:
        view = window.view_of("Replenish")
        plan = view._plan
        view._plan = lambda today, progress: (planned_on.append(threading.get_ident()),
                                              plan(today, progress=progress))[1]
        with qtbot.waitSignal(view.runner.finished, timeout=10_000):
            view.refresh()
            assert view.runner.busy
            window.view_of("Reports")  # a page built while the plan runs
    finally:
        window.shutdown_workers()
    assert planned_on and planned_on[0] != threading.get_ident()
    assert window.badges["Replenish"].text() == "2"
    assert view.model.rowCount() == 2
