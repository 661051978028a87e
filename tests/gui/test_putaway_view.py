"""The Put away page in the real window: Enter takes the oldest stock in the dock, the card
shows the suggested bin and why, a scanned bin confirms, Ctrl+Z cancels or undoes."""

import pytest
from PySide6.QtCore import Qt

from app.core.putaway import DockStock
from app.stations.base import Level
from app.ui import theme
from app.ui.putaway.dock_model import COL_LOT, COL_QTY, COL_SKU, DockModel
from app.ui.putaway.putaway_view import PutawayView
from tests.gui.conftest import cell, in_bin, open_page

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot, warehouse, main_window):
    page = open_page(qtbot, main_window, Qt.Key.Key_F3)
    assert isinstance(page, PutawayView)
    return page




def test_the_dock_is_listed_oldest_first(main_window, view):
    assert main_window.station_buttons.checkedButton().text() == "F3\nPut away"
    assert [cell(view.model, r, COL_SKU) for r in range(view.model.rowCount())] == \
        ["MUG-01", "TEA-01"]
    assert cell(view.model, 0, COL_QTY) == "5"
    assert cell(view.model, 0, COL_SKU, Qt.ItemDataRole.FontRole).bold()
    assert view.sku.text() == "MUG-01"
    assert view.bin.text() == "Enter"  # what to press for it
    assert "2 line(s), 8 units" == view.dock_count.text()


def test_enter_takes_the_oldest_and_a_bin_scan_puts_it_away(qtbot, main_window, view,
                                                            keyboard, warehouse):
    heard: list[str] = []
    view.sounds.played.connect(heard.append)
    keyboard.person(main_window, "\r")  # Enter on the empty box
    qtbot.waitUntil(lambda: view.station.state.awaiting == "bin", timeout=2000)
    assert view.sku.text() == "MUG-01"
    assert view.qty.text() == "Qty 5"
    # MUG-01 is already in A-01-01: that is where it goes, and the card says why.
    assert view.bin.text() == "A-01-01"
    assert view.bin.font().pixelSize() >= 80
    assert view.reason.text() == "A-01-01 already holds MUG-01."
    assert view.model.current == ("MUG-01", None)
    brush = cell(view.model, 0, COL_SKU, Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == theme.HIGHLIGHT_ROW
    keyboard.scan(main_window, "A-01-01")
    assert view.banner.level is Level.OK, view.banner.message
    assert heard[-1] == "ok"
    assert in_bin("A-01-01", warehouse.mug) == 15
    assert [cell(view.model, r, COL_SKU) for r in range(view.model.rowCount())] == ["TEA-01"]
    assert view.undo_button.isEnabled()
    # Ctrl+Z undoes the putaway: the mugs are back in the dock.
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.WARNING
    assert in_bin("A-01-01", warehouse.mug) == 10
    assert view.model.rowCount() == 2


def test_another_bin_is_accepted_with_a_warning(main_window, view, keyboard, warehouse):
    keyboard.scan(main_window, "TEA-01")
    assert view.lot.text().startswith("Lot LATE")
    assert view.bin.text() == "A-01-03"  # holds this lot already
    keyboard.scan(main_window, "B-01-01")
    assert view.banner.level is Level.WARNING
    assert "Not the suggested bin A-01-03" in view.banner.message
    assert in_bin("B-01-01", warehouse.tea) == 3


def test_a_wrong_scan_is_refused_and_ctrl_z_cancels(qtbot, main_window, view, keyboard):
    heard: list[str] = []
    view.sounds.played.connect(heard.append)
    keyboard.scan(main_window, "A-01-01")  # a bin before any item
    assert view.banner.level is Level.ERROR
    assert "First scan the item" in view.banner.message
    keyboard.scan(main_window, "MUG-01")
    assert view.station.state.awaiting == "bin"
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.station.state.awaiting == "source"
    assert view.banner.message == "Cancelled."
    assert heard == ["error"]  # info answers make no sound


def test_a_typed_quantity_then_the_item(qtbot, main_window, view, keyboard):
    keyboard.person(main_window, "2\r")
    qtbot.waitUntil(lambda: "2" in view.prompt.text(), timeout=2000)
    keyboard.scan(main_window, "MUG-01")
    assert view.qty.text() == "Qty 2  (of 5 in the dock)"


def test_ctrl_r_opens_the_rule_for_the_item_under_way(qtbot, main_window, view, keyboard):
    keyboard.scan(main_window, "TEA-01")
    keyboard.key(main_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = view.rule_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.sku.text() == "TEA-01"
    dialog.place.setText("A")
    dialog.save()
    assert view.banner.level is Level.OK
    assert "zone A" in view.banner.message and "next item" in view.banner.message


def test_take_oldest_button_on_an_empty_dock(qtbot, view, warehouse):
    view.take_oldest()
    view.handle_scan("A-01-01")
    view.take_oldest()
    view.handle_scan("B-01-01")
    assert view.sku.text() == "The dock is empty"
    assert not view.take_button.isEnabled()
    view.take_oldest()
    assert view.banner.level is Level.INFO
    assert "dock is empty" in view.banner.message


def test_dock_model(qtmodeltester):
    model = DockModel()
    rows = [DockStock(1, "MUG-01", "Mug", None, None, None, 5),
            DockStock(2, "TEA-01", "Tea", 4, "L1", "2020-01-01", 3)]
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert cell(model, 1, COL_LOT) == "L1"
    assert cell(model, 1, COL_SKU, Qt.ItemDataRole.BackgroundRole).color().name() == \
        theme.EXPIRED_ROW
    model.set_current("TEA-01", "L1")
    assert cell(model, 1, COL_SKU, Qt.ItemDataRole.BackgroundRole).color().name() == \
        theme.HIGHLIGHT_ROW


def test_an_empty_dock_says_so(qtbot, db, main_window):
    view = open_page(qtbot, main_window, Qt.Key.Key_F3)
    state = view.station.state
    assert state.sku is None and state.dock == ()
    assert view.what_caption.text() == "THE DOCK"
    assert view.sku.text() == "The dock is empty"
    assert view.name.text() == "Everything received has been put away: nothing waits here."
    assert view.lot.isHidden()  # no "No lot" for nothing
    assert not view.into_caption.isVisible() and view.bin.isHidden()
    assert "Receive page (F2)" in view.reason.text()
    assert view.entry.placeholderText().startswith("The dock is empty")
    assert "oldest" not in view.entry.placeholderText()
    assert not view.take_button.isEnabled()


def test_the_card_comes_back_when_stock_arrives(qtbot, warehouse, main_window, keyboard):
    view = open_page(qtbot, main_window, Qt.Key.Key_F3)
    for _ in range(2):  # put the whole dock away
        keyboard.person(main_window, "\r")
        qtbot.waitUntil(lambda: view.station.state.awaiting == "bin", timeout=2000)
        keyboard.scan(main_window, view.bin.text())
    assert view.station.state.dock == ()
    assert view.sku.text() == "The dock is empty" and view.lot.isHidden()
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.station.state.dock != ()
    assert view.what_caption.text() == "NEXT IN THE DOCK"
    assert not view.lot.isHidden() and not view.bin.isHidden()
    assert view.bin.text() == "Enter"
    assert view.entry.placeholderText() == "Enter = the oldest, or type a code"


def test_goods_received_after_the_window_opened_are_waiting_not_an_empty_dock(
        qtbot, db, main_window, receive_world):
    """The window opens on an empty dock; then a delivery comes in on the Receive page."""
    from app.core import ledger
    from app.core.locations import DOCK, SUPPLIER, system_location

    ledger.post([ledger.MoveRequest(receive_world.item.id, None, system_location(SUPPLIER).id,
                                    system_location(DOCK).id, 3, "receipt")],
                receive_world.user_id)
    view = open_page(qtbot, main_window, Qt.Key.Key_F3)
    assert "empty" not in view.prompt.text()
    assert view.prompt.text() == view.station.prompt
    assert view.sku.text() == "MUG-01"


def test_a_put_away_removes_its_dock_row_and_rebuilds_nothing(qtbot, main_window, view,
                                                              keyboard):
    removed: list[tuple[int, int]] = []
    view.model.rowsRemoved.connect(lambda parent, first, last: removed.append((first, last)))
    with qtbot.assertNotEmitted(view.model.modelReset):
        keyboard.person(main_window, "\r")
        qtbot.waitUntil(lambda: view.station.state.awaiting == "bin", timeout=2000)
        keyboard.scan(main_window, "A-01-01")
    assert view.banner.level is Level.OK, view.banner.message
    assert removed == [(0, 0)]
    assert [cell(view.model, r, COL_SKU) for r in range(view.model.rowCount())] == ["TEA-01"]
    # The oldest line now is the one Enter takes: shown in bold.
    assert cell(view.model, 0, COL_SKU, Qt.ItemDataRole.FontRole).bold()


def test_taking_an_item_does_not_read_the_dock_again(qtbot, main_window, view, keyboard,
                                                     monkeypatch):
    reads: list[int] = []
    dock_list = view.station.dock_list
    monkeypatch.setattr(view.station, "dock_list", lambda: reads.append(1) or dock_list())
    keyboard.person(main_window, "\r")  # the oldest: the card shows it, the dock is the same
    qtbot.waitUntil(lambda: view.station.awaiting == "bin", timeout=2000)
    assert reads == []
    assert view.model.current == ("MUG-01", None)
    keyboard.scan(main_window, "A-01-01")  # put away: the dock is read again
    assert view.banner.level is Level.OK, view.banner.message
    assert reads == [1]
    assert [cell(view.model, r, COL_SKU) for r in range(view.model.rowCount())] == ["TEA-01"]
