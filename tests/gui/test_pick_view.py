"""The Pick page in the real window: an order scanned, the next pick big, scans of bin and
item, a short pick on F8, the path and the orders' status, packing at the end."""

import pytest
from PySide6.QtCore import Qt

from app.core import orders
from app.core.orders import OrderLineInput
from app.core.picking import PickTask
from app.db.models import SalesOrder
from app.stations.base import Level
from app.ui import theme
from app.ui.pick.pick_model import (
    COL_BIN,
    COL_QTY,
    COL_STATUS,
    OrderStatus,
    OrderStatusModel,
    PathModel,
)
from app.ui.pick.pick_view import PickView
from app.ui.widgets.record_model import SORT_ROLE
from tests.gui.conftest import EAN13, TEA_GTIN, cell, open_page

pytestmark = pytest.mark.gui


@pytest.fixture
def order(warehouse):
    return orders.create_order("ORD-1", [OrderLineInput("TEA-01", 3),
                                         OrderLineInput("MUG-01", 2)])


@pytest.fixture
def view(qtbot, order, main_window):
    page = open_page(qtbot, main_window, Qt.Key.Key_F4)
    assert isinstance(page, PickView)
    return page



def path(view):
    model = view.path_model
    return [(cell(model, r, COL_BIN), int(cell(model, r, COL_QTY)))
            for r in range(model.rowCount())]


def test_before_an_order(view):
    assert view.bin.text() == "Scan an order"
    assert view.list_line.text() == "No pick list open"
    assert not view.short_button.isEnabled()


def test_scan_the_order_then_walk_the_path(qtbot, main_window, view, keyboard):
    heard: list[str] = []
    view.sounds.played.connect(heard.append)
    keyboard.scan(main_window, "ORD-1")
    assert view.banner.level is Level.OK, view.banner.message
    assert view.list_line.text().endswith("ORD-1")
    # The walk: the mug in A-01-01 first, then the tea (FEFO: the lot expiring soonest that
    # has not expired) in A-01-02.
    assert view.bin.text() == "A-01-01"
    assert view.bin.font().pixelSize() >= 90
    assert view.item.text() == "MUG-01" and view.name.text() == "Mug, blue, 300 ml"
    assert view.qty.text() == "Pick 2" and view.progress.text() == "0 of 2"
    assert path(view) == [("A-01-01", 2), ("A-01-02", 3)]
    assert cell(view.orders_model, 0, COL_STATUS) == "ALLOCATED"
    assert view.where_caption.text().startswith("GO TO")
    keyboard.scan(main_window, "A-01-01")
    assert view.where_caption.text().startswith("AT BIN")
    keyboard.scan(main_window, EAN13)
    assert view.progress.text() == "1 of 2"
    assert cell(view.orders_model, 0, COL_STATUS) == "PICKING"
    keyboard.scan(main_window, EAN13)
    assert view.bin.text() == "A-01-02"
    assert view.lot.text().startswith("Lot SOON  ·  expires ")
    assert "(20 days)" in view.lot.text()
    assert theme.EXPIRING_ROW in view.lot.styleSheet()
    assert path(view) == [("A-01-02", 3)]
    keyboard.scan(main_window, "A-01-03")  # the wrong bin
    assert view.banner.level is Level.ERROR
    assert "This pick is in A-01-02" in view.banner.message
    assert heard[-1] == "error"


def test_short_pick_on_f8_and_packing(qtbot, main_window, view, keyboard):
    keyboard.scan(main_window, "ORD-1")
    for code in ("A-01-01", EAN13, EAN13, "A-01-02", TEA_GTIN):
        keyboard.scan(main_window, code)
    # A-01-02 also holds an expired lot: the plain barcode does not say which is in the hand.
    assert "holds lots OLD, SOON of TEA-01" in view.banner.message
    assert view.progress.text() == "0 of 3"
    keyboard.scan(main_window, "SOON")
    assert view.progress.text() == "1 of 3"
    assert view.short_button.isEnabled()
    keyboard.key(main_window, Qt.Key.Key_F8)
    assert "Press F8 (or type 'short') again to confirm" in view.banner.message
    keyboard.key(main_window, Qt.Key.Key_F8)
    assert view.banner.level is Level.WARNING, view.banner.message
    assert "2 × TEA-01 missing in A-01-02" in view.banner.message
    assert "2 re-allocated" in view.banner.message
    # The rest comes from the later lot in A-01-03.
    assert view.bin.text() == "A-01-03"
    assert view.lot.text().startswith("Lot LATE")
    assert view.lot.styleSheet() == ""
    for code in ("A-01-03", TEA_GTIN, TEA_GTIN):
        keyboard.scan(main_window, code)
    assert view.banner.level is Level.OK, view.banner.message
    assert view.bin.text() == "All picked"
    assert view.item.text() == "Pack: ORD-1"
    assert cell(view.orders_model, 0, COL_STATUS) == "PICKED"
    keyboard.scan(main_window, "ORD-1")
    assert view.banner.level is Level.INFO
    assert "take it to Pack (Shift+F4)" in view.banner.message
    assert SalesOrder.get(SalesOrder.number == "ORD-1").status == "picked"
    assert cell(view.orders_model, 0, COL_STATUS) == "PICKED"


def test_a_quantity_typed_before_the_item_scan(qtbot, main_window, view, keyboard):
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, "A-01-01")
    keyboard.person(main_window, "2\r")
    qtbot.waitUntil(lambda: "Quantity 2" in view.banner.message, timeout=2000)
    assert view.progress.text() == "0 of 2"  # nothing picked until the item is scanned
    keyboard.scan(main_window, EAN13)
    assert view.banner.level is Level.OK and view.banner.message.startswith("+2 MUG-01")
    assert view.bin.text() == "A-01-02"


def test_undo_puts_a_pick_back(main_window, view, keyboard):
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, "A-01-01")
    keyboard.scan(main_window, EAN13)
    assert view.undo_button.isEnabled()
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.WARNING
    assert "put the MUG-01 back into A-01-01" in view.banner.message
    assert view.progress.text() == "0 of 2"


def test_short_before_the_bin_is_refused(main_window, view, keyboard):
    keyboard.scan(main_window, "ORD-1")
    view.short()
    assert view.banner.level is Level.ERROR
    assert "Scan the bin of the pick first" in view.banner.message


def task(reservation_id, bin_, qty):
    return PickTask(reservation_id, 1, "ORD-1", 1, 1, "MUG-01", "Mug", None, None, None, 1,
                    bin_, "A", qty)


def test_path_and_order_models(qtmodeltester):
    path_model = PathModel()
    path_model.set_rows([task(1, "A-01-01", 2), task(2, "A-01-02", 1)])
    qtmodeltester.check(path_model)
    brush = cell(path_model, 0, COL_BIN, Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == theme.HIGHLIGHT_ROW
    assert cell(path_model, 1, COL_BIN, Qt.ItemDataRole.BackgroundRole) is None
    status_model = OrderStatusModel()
    status_model.set_rows([OrderStatus("ORD-1", "picked"), OrderStatus("ORD-2", "partial")])
    qtmodeltester.check(status_model)
    assert cell(status_model, 1, COL_STATUS) == "PARTIAL"


def test_still_to_pick_shows_what_is_left_of_the_current_pick(qtbot, main_window, view,
                                                              keyboard):
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, "A-01-01")
    assert path(view) == [("A-01-01", 2), ("A-01-02", 3)]
    assert view.path_model.headerData(COL_QTY, Qt.Orientation.Horizontal) == "Left"
    keyboard.scan(main_window, EAN13)
    assert view.progress.text() == "1 of 2"
    assert path(view) == [("A-01-01", 1), ("A-01-02", 3)]
    assert cell(view.path_model, 0, COL_QTY, Qt.ItemDataRole.ToolTipRole) == \
        "The pick to do now: 1 of 2 picked"
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert path(view) == [("A-01-01", 2), ("A-01-02", 3)]
    keyboard.scan(main_window, EAN13)
    keyboard.scan(main_window, EAN13)  # the mugs are done: the tea is next, all 3 of it
    assert path(view) == [("A-01-02", 3)]
    keyboard.scan(main_window, "A-01-02")
    keyboard.scan(main_window, TEA_GTIN)
    assert view.banner.level is Level.WARNING and "scan the lot label" in view.banner.message
    assert path(view) == [("A-01-02", 3)]
    keyboard.scan(main_window, "SOON")
    assert view.progress.text() == "1 of 3"
    assert path(view) == [("A-01-02", 2)]


def test_the_path_model_updates_the_current_row_in_place(qtbot, qtmodeltester):
    path_model = PathModel()
    tasks = [task(1, "A-01-01", 3), task(2, "A-01-02", 1)]
    path_model.set_tasks(tasks)
    qtmodeltester.check(path_model)
    with qtbot.assertNotEmitted(path_model.modelReset):
        with qtbot.waitSignal(path_model.dataChanged) as changed:
            path_model.set_tasks(tasks, 1)
    assert [changed.args[0].row(), changed.args[1].row()] == [0, 0]
    assert [cell(path_model, r, COL_QTY) for r in range(2)] == ["2", "1"]
    assert cell(path_model, 0, COL_QTY, SORT_ROLE) == 2
    qtmodeltester.check(path_model)
    path_model.set_tasks(tasks[1:])  # the first is done: the next starts from nothing picked
    assert [cell(path_model, r, COL_QTY) for r in range(1)] == ["1"]
