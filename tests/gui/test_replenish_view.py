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
