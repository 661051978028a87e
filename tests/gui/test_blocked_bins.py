"""A blocked bin is shown as such wherever a bin is shown: Put away names it when it skips it,
Pick marks a pick from a bin blocked after its stock was reserved, Count says so."""

from PySide6.QtCore import Qt

from app.core import locations, orders, putaway
from app.core.orders import OrderLineInput
from app.db.models import Location, PutawayRule
from tests.gui.conftest import open_page


def test_putaway_names_the_blocked_bin_it_skips(warehouse):
    locations.set_blocked("A-01-01", True, warehouse.user_id)
    suggestion = putaway.suggest_bin(warehouse.mug, None, 1)
    assert suggestion.code != "A-01-01"
    assert suggestion.reason.endswith("(A-01-01 holds MUG-01 too, but is blocked.)")
    PutawayRule.create(item=warehouse.tea, bin=warehouse.bins["B-01-01"])
    locations.set_blocked("B-01-01", True, warehouse.user_id)
    tea = putaway.suggest_bin(warehouse.tea, None, 1)
    assert tea.code == "A-01-02" and "already holds TEA-01" in tea.reason


def test_the_preferred_bin_blocked_is_said(warehouse):
    from app.db.models import Item

    Location.create(code="B-01-02", kind="bin", parent=warehouse.zones["B"], sequence=9)
    cup = Item.create(sku="CUP", name="Cup")
    PutawayRule.create(item=cup, bin=warehouse.bins["B-01-01"])
    assert putaway.suggest_bin(cup, None, 1).code == "B-01-01"
    locations.set_blocked("B-01-01", True, warehouse.user_id)
    suggestion = putaway.suggest_bin(cup, None, 1)
    assert suggestion.code == "B-01-02"
    assert suggestion.reason == ("B-01-02 is the nearest empty bin. (The preferred bin B-01-01 "
                                 "is blocked.)")


def test_pick_marks_a_bin_blocked_after_allocation(qtbot, warehouse, main_window, keyboard):
    orders.create_order("ORD-1", [OrderLineInput("MUG-01", 2)])
    locations.set_blocked("A-01-01", True, warehouse.user_id)
    view = open_page(qtbot, main_window, Qt.Key.Key_F4)
    keyboard.scan(main_window, "ORD-1")
    assert view.bin.text() == "A-01-01"
    assert view.zone.text() == "Zone A  ·  BLOCKED"


def test_count_says_the_bin_is_blocked(qtbot, warehouse, main_window, keyboard):
    locations.set_blocked("A-01-01", True, warehouse.user_id)
    view = open_page(qtbot, main_window, Qt.Key.Key_F5)
    keyboard.scan(main_window, "A-01-01")
    assert "The bin is blocked" in view.banner.message
    assert view.station.prompt.startswith("Count A-01-01 (blocked):")
