"""The Lookup page in the real window: it opens first, scans show what a code is and where,
expired and expiring lots stand out, and an item's putaway rule can be set from it."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from app.core.lookup import BinLine
from app.db.models import PutawayRule
from app.stations.base import Level
from app.ui import theme
from app.ui.lookup.lookup_model import (
    COL_AVAILABLE,
    COL_EXPIRY,
    COL_LOCATION,
    COL_LOT,
    COL_SKU,
    BinLinesModel,
)
from app.ui.lookup.lookup_view import LookupView
from tests.gui.conftest import EAN13, cell

pytestmark = pytest.mark.gui



def background(model, row):
    brush = cell(model, row, COL_SKU, Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if brush else None


@pytest.fixture
def view(warehouse, main_window):
    lookup = main_window.current_view()
    assert isinstance(lookup, LookupView)
    return lookup


def test_lookup_is_the_page_at_start(main_window, view):
    assert main_window.station_buttons.checkedButton().text() == "F1\nLookup"
    assert view.heading.text() == "Nothing looked up yet"
    assert not view.rule_button.isEnabled()


def test_a_scanned_item_shows_every_place_with_expiry_colours(qtbot, main_window, view,
                                                              keyboard):
    heard: list[str] = []
    view.sounds.played.connect(heard.append)
    keyboard.scan(main_window, "TEA-01")
    # Lot OLD has expired: amber, with what to do about it.
    assert view.banner.level is Level.WARNING, view.banner.message
    assert "Lot OLD of TEA-01 expired on" in view.banner.message
    assert heard == ["warning"]
    assert view.heading.text() == "TEA-01"
    assert "15 on hand" in view.subtitle.text()
    model = view.model
    # Soonest expiry first: the expired lot, the one expiring soon, then the good ones.
    assert [cell(model, r, COL_LOT) for r in range(model.rowCount())] == \
        ["OLD", "SOON", "LATE", "LATE"]
    assert [cell(model, r, COL_LOCATION) for r in range(model.rowCount())] == \
        ["A-01-02", "A-01-02", "A-01-03", "DOCK"]
    assert background(model, 0) == theme.EXPIRED_ROW
    assert "EXPIRED" in cell(model, 0, COL_EXPIRY)
    assert background(model, 1) == theme.EXPIRING_ROW
    assert "(20 days)" in cell(model, 1, COL_EXPIRY)
    assert background(model, 2) is None
    assert "Expired 10 days ago" == cell(model, 0, COL_SKU, Qt.ItemDataRole.ToolTipRole)
    assert view.rule.isVisible() and "nearest empty bin" in view.rule.text()
    assert view.rule_button.isEnabled()
    # The scan never reached the entry box that had the keyboard.
    qtbot.wait(80)
    assert view.entry.text() == ""


def test_a_bin_and_a_barcode(main_window, view, keyboard):
    keyboard.scan(main_window, "A-01-02")
    assert view.heading.text() == "Bin A-01-02"
    assert view.model.rowCount() == 2
    assert "on hand 6" in view.subtitle.text()
    assert not view.rule.isVisible()
    assert view.table.isColumnHidden(COL_LOCATION)  # all of them are in that bin
    keyboard.scan(main_window, EAN13)
    assert view.heading.text() == "MUG-01"
    assert cell(view.model, 0, COL_AVAILABLE) == "10"
    assert not view.table.isColumnHidden(COL_LOCATION)


def test_an_unknown_code_is_red_and_says_what_to_do(main_window, view, keyboard):
    heard: list[str] = []
    view.sounds.played.connect(heard.append)
    keyboard.scan(main_window, "XX-99-99")
    assert view.banner.level is Level.ERROR
    assert "XX-99-99" in view.banner.message and "type the code" in view.banner.message
    assert heard == ["error"]


def test_typed_code_works_like_a_scan(qtbot, main_window, view, keyboard):
    keyboard.person(main_window, "a-01-03\r")
    qtbot.waitUntil(lambda: view.heading.text() == "Bin A-01-03", timeout=2000)


def test_ctrl_r_sets_the_items_preferred_zone(qtbot, main_window, view, keyboard, warehouse):
    keyboard.scan(main_window, "MUG-01")
    keyboard.key(main_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = view.rule_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.sku.text() == "MUG-01"
    # A scan while the dialog is open fills the place, not the page behind it.
    keyboard.scan(dialog, "DOCK")
    assert dialog.place.text() == "DOCK"
    assert view.heading.text() == "MUG-01"
    dialog.save()
    assert "is the dock, not a zone or a bin" in dialog.error.text()
    dialog.place.setText("NOWHERE")
    dialog.save()
    assert "no zone or bin 'NOWHERE'" in dialog.error.text()
    dialog.place.setText("b")
    dialog.save()
    assert not dialog.isVisible()
    rule = PutawayRule.get(PutawayRule.item == warehouse.mug.id)
    assert rule.zone_id == warehouse.zones["B"].id and rule.bin_id is None
    assert view.banner.level is Level.OK and "zone B" in view.banner.message
    assert "zone B" in view.rule.text()


def test_a_bin_rule_replaces_a_zone_rule_and_can_be_cleared(qtbot, view, warehouse):
    view.handle_scan("MUG-01")
    view.edit_rule()
    view.rule_dialog.place.setText("A-01-03")
    view.rule_dialog.save()
    rule = PutawayRule.get(PutawayRule.item == warehouse.mug.id)
    assert rule.bin_id == warehouse.bins["A-01-03"].id and rule.zone_id is None
    assert "bin A-01-03" in view.rule.text()
    view.edit_rule()
    assert view.rule_dialog.current.text() == "bin A-01-03"
    view.rule_dialog.clear_rule()
    assert PutawayRule.select().count() == 0
    assert "nearest empty bin" in view.rule.text()


def test_ctrl_r_without_an_item_explains(view):
    view.handle_scan("A-01-01")
    view.edit_rule()
    assert view.rule_dialog is None
    assert "Scan an item first" in view.banner.message


def line(lot, expiry, qty=5, reserved=1, location="A-01-01"):
    return BinLine(1, "TEA-01", "Tea", 7, lot, expiry, location, qty, reserved, "2026-01-01")


def test_bin_lines_model(qtmodeltester):
    today = date(2026, 6, 1)
    model = BinLinesModel(lambda: today)
    model.set_rows([line("A", "2026-05-01"), line("B", (today + timedelta(30)).isoformat()),
                    line("C", "2027-01-01"), line(None, None, location="B-01")])
    qtmodeltester.check(model)
    assert model.columnCount() == 8 and model.rowCount() == 4
    assert cell(model, 0, COL_EXPIRY) == "2026-05-01 EXPIRED"
    assert cell(model, 1, COL_EXPIRY) == "2026-07-01 (30 days)"
    assert cell(model, 2, COL_EXPIRY) == "2027-01-01"
    assert cell(model, 3, COL_EXPIRY) == ""
    assert background(model, 0) == theme.EXPIRED_ROW
    assert background(model, 1) == theme.EXPIRING_ROW
    assert background(model, 2) is None
    assert cell(model, 0, COL_AVAILABLE) == "4"
    assert cell(model, 0, COL_AVAILABLE, Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(COL_AVAILABLE, Qt.Orientation.Horizontal) == "Available"


def test_bin_lines_read_today_once_per_change_and_again_after_it(qtmodeltester):
    days = [date(2026, 6, 1)]
    asked = []

    def today():
        asked.append(1)
        return days[0]

    model = BinLinesModel(today)
    model.set_rows([line(str(n), "2026-06-20", location=f"A-{n:03d}") for n in range(100)])
    for row in range(100):
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole):
                model.data(model.index(row, column), role)
    # Before, every cell's text and style asked the clock.
    assert len(asked) == 1
    assert cell(model, 0, COL_EXPIRY) == "2026-06-20 (19 days)"
    days[0] = date(2026, 6, 21)
    model.refresh_styles()
    assert cell(model, 0, COL_EXPIRY) == "2026-06-20 EXPIRED"
    assert background(model, 0) == theme.EXPIRED_ROW


def test_a_scanned_po_shows_its_lines_and_a_bin_the_stock_again(
        qtbot, receive_world, main_window, keyboard):
    from app.core import receiving
    from app.db.models import Location
    from app.ui.receive.receive_model import COL_RECEIVED, COL_REMAINING

    view = main_window.current_view()
    receiving.receive(receive_world.po, receive_world.item, 1, receive_world.user_id)
    keyboard.scan(main_window, "PO-1001")
    qtbot.waitUntil(lambda: view.heading.text() == "Purchase order PO-1001")
    assert view.tables.currentWidget() is view.po_table and view.po_table.isVisible()
    assert (cell(view.po_model, 0, 0), cell(view.po_model, 0, COL_RECEIVED),
            cell(view.po_model, 0, COL_REMAINING)) == ("MUG-01", "1", "2")
    assert "Acme Mugs, partial: 1 of 3 units received" in view.subtitle.text()
    Location.create(code="A-01", kind="bin")
    keyboard.scan(main_window, "A-01")
    qtbot.waitUntil(lambda: view.heading.text() == "Bin A-01")
    assert view.tables.currentWidget() is view.table
