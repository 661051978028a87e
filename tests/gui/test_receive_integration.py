"""Receiving in the real window: keystrokes from a scanner, the real station, the database."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.locations import DOCK
from app.db.models import Location, Move, PurchaseOrder, Quant
from app.stations.base import Level
from app.ui.main_window import MainWindow
from app.ui.receive.receive_model import COL_RECEIVED
from app.ui.receive.receive_view import ReceiveView

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, db_path, receive_world, scanner, silent_sounds, show_focused):
    main = MainWindow(db_path, receive_world.user_id, "operator", scanner=scanner,
                      sounds=silent_sounds)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.switch_to(main.page_index("Receive"))
    view = main.current_view()
    assert isinstance(view, ReceiveView)
    show_focused(main, view.entry)
    return main


def dock_stock(item) -> int:
    dock = Location.get(Location.code == DOCK)
    return sum(q.qty for q in Quant.select().where((Quant.item == item)
                                                     & (Quant.location == dock)))


def test_scanned_po_and_item_become_a_receipt(qtbot, window, keyboard, receive_world):
    view = window.current_view()
    keyboard.scan(window, "PO-1001")
    assert view.banner.level is Level.OK, view.banner.message
    assert view.po_number.text() == "PO-1001"
    keyboard.scan(window, receive_world.ean13)
    assert view.banner.level is Level.OK, view.banner.message
    moves = list(Move.select().where(Move.kind == "receipt"))
    assert len(moves) == 1 and moves[0].qty == 1 and moves[0].item_id == receive_world.item.id
    assert dock_stock(receive_world.item) == 1
    assert view.model.highlight_line_id == receive_world.line.id
    assert view.model.data(view.model.index(0, COL_RECEIVED)) == "1"
    qtbot.wait(120)
    # The scans went to the station, not into the box that had focus.
    assert view.entry.text() == ""
    assert QApplication.focusWidget() is view.entry


def test_unknown_code_is_refused_and_changes_nothing(qtbot, window, keyboard, receive_world):
    view = window.current_view()
    heard: list[str] = []
    view.sounds.played.connect(heard.append)
    keyboard.scan(window, "PO-1001")
    keyboard.scan(window, "NO-SUCH-THING")
    assert view.banner.level is Level.ERROR
    assert "NO-SUCH-THING" in view.banner.message
    assert heard == ["ok", "error"]
    assert Move.select().count() == 0
    assert Quant.select().count() == 0
    assert view.model.data(view.model.index(0, COL_RECEIVED)) == "0"


def test_typed_entry_works_like_a_scan(qtbot, window, keyboard, receive_world):
    view = window.current_view()
    # A person types the PO number from the delivery note, then a quantity, then scans.
    keyboard.person(window, "PO-1001\r")
    qtbot.waitUntil(lambda: view.po_number.text() == "PO-1001", timeout=2000)
    keyboard.person(window, "2\r")
    qtbot.waitUntil(lambda: view.pending.isVisible(), timeout=2000)
    keyboard.scan(window, receive_world.ean13)
    assert view.banner.level is Level.OK, view.banner.message
    assert dock_stock(receive_world.item) == 2
    assert not view.pending.isVisible()


def test_undo_reverses_the_receipt(qtbot, window, keyboard, receive_world):
    view = window.current_view()
    keyboard.scan(window, "PO-1001")
    keyboard.scan(window, receive_world.ean13)
    assert dock_stock(receive_world.item) == 1
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.WARNING
    assert dock_stock(receive_world.item) == 0
    assert Move.select().where(Move.reverses.is_null(False)).count() == 1
    assert view.model.data(view.model.index(0, COL_RECEIVED)) == "0"
    assert not view.undo_button.isEnabled()


def test_finish_returns_to_scan_a_po(qtbot, window, keyboard, receive_world):
    view = window.current_view()
    keyboard.scan(window, "PO-1001")
    for _ in range(3):
        keyboard.scan(window, receive_world.ean13)
    assert PurchaseOrder.get_by_id(receive_world.po.id).status == "received"
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F10)
    assert view.banner.level is Level.OK
    assert view.po_number.text() == "No purchase order open"
    assert view.model.rowCount() == 0
    assert view.prompt.text() == "Scan a purchase order"


def test_fast_scans_are_all_counted(qtbot, window, keyboard, receive_world):
    keyboard.scan(window, "PO-1001")
    for _ in range(3):
        keyboard.now += 30  # 30 ms between scans, as fast as a trigger can go
        keyboard.type(window, receive_world.ean13 + "\r", 2)
    assert dock_stock(receive_world.item) == 3


def test_a_number_typed_without_enter_is_the_quantity_of_the_next_scan(
        qtbot, window, keyboard, receive_world):
    view = window.current_view()
    keyboard.scan(window, "PO-1001")
    keyboard.person(window, "2")  # typed, no Enter
    qtbot.waitUntil(lambda: view.entry.text() == "2", timeout=1000)
    keyboard.scan(window, receive_world.ean13)
    assert view.banner.level is Level.OK, view.banner.message
    assert [m.qty for m in Move.select()] == [2]
    assert view.entry.text() == ""


def test_a_typed_number_that_cannot_apply_stops_the_scan_loudly(
        qtbot, window, keyboard, receive_world):
    view = window.current_view()
    heard: list[str] = []
    view.sounds.played.connect(heard.append)
    keyboard.scan(window, "PO-1001")
    keyboard.person(window, "0")
    qtbot.waitUntil(lambda: view.entry.text() == "0", timeout=1000)
    keyboard.scan(window, receive_world.ean13)
    assert view.banner.level is Level.ERROR
    assert f"The scan {receive_world.ean13} was not booked" in view.banner.message
    assert Move.select().count() == 0 and heard[-1] == "error"
