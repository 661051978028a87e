"""The Pack page in the real window: Shift+F4, an order scanned, its note and gift message
shown, units scanned into the box, a new box, the order packed on the last unit."""

import pytest
from PySide6.QtCore import Qt

from app.core import orders, picking
from app.core.orders import OrderLineInput
from app.db.models import PackBox, SalesOrder, User
from app.stations.base import Level
from app.ui.pack.pack_model import COL_LEFT, COL_SKU
from app.ui.pack.pack_view import PackView
from tests.gui.conftest import EAN13, cell

pytestmark = pytest.mark.gui


@pytest.fixture
def picked(warehouse):
    order = orders.create_order("ORD-1", [OrderLineInput("MUG-01", 2)])
    SalesOrder.update(note="Fragile: wrap twice", gift_message="Happy birthday, Ann!").where(
        SalesOrder.id == order.id).execute()
    user = User.get(User.name == "operator").id
    pick_list = picking.pick_list_for_order(order)
    for task in picking.tasks(pick_list.id):
        picking.pick(task, task.qty, user)
    return order


@pytest.fixture
def view(qtbot, picked, main_window):
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    page = main_window.current_view()
    qtbot.waitUntil(lambda: page.isVisible())
    assert isinstance(page, PackView)
    return page


def test_before_an_order(view):
    assert view.order.text() == "Scan an order"
    assert not view.notes.isVisible()
    assert not view.box_button.isEnabled()


def test_pack_an_order_box_by_box(qtbot, main_window, view, keyboard):
    keyboard.scan(main_window, "ORD-1")
    assert view.order.text() == "ORD-1"
    assert view.notes.isVisible()
    assert "Fragile: wrap twice" in view.notes.text()
    assert "Happy birthday, Ann!" in view.notes.text()
    assert (cell(view.lines_model, 0, COL_SKU), cell(view.lines_model, 0, COL_LEFT)) == (
        "MUG-01", "2")
    keyboard.scan(main_window, EAN13)
    assert view.banner.level is Level.OK, view.banner.message
    assert view.box.text() == "Shipment 1 · box 1: 1 unit(s)"
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "closed" in view.banner.message)
    keyboard.person(main_window, "W 1.2\r")
    qtbot.waitUntil(lambda: "weighs" in view.banner.message)
    keyboard.scan(main_window, "NOT-A-THING")
    qtbot.waitUntil(lambda: view.banner.level is Level.ERROR)
    keyboard.scan(main_window, EAN13)
    qtbot.waitUntil(lambda: "is packed" in view.banner.message)
    assert SalesOrder.get(SalesOrder.number == "ORD-1").status == "packed"
    assert [(b.number, b.weight_g) for b in PackBox.select().order_by(PackBox.number)] == [
        (1, 1200), (2, None)]


def test_the_carrier_label_status_and_ctrl_l(qtbot, main_window, view, keyboard, tmp_path):
    from app.core.shipping_labels import import_label_files
    from tests.label_files import UPS, zpl

    keyboard.scan(main_window, "ORD-1")
    qtbot.waitUntil(lambda: view.order.text() == "ORD-1")
    assert view.label_status.isVisible()
    assert view.label_status.text().startswith("Shipping label: none yet")
    (tmp_path / "ORD-1.zpl").write_bytes(zpl(tracking=UPS))
    assert import_label_files([tmp_path / "ORD-1.zpl"])[0].status == "stored"
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Label printed: ORD-1.zpl" in view.banner.message)
    assert view.label_status.text().startswith("Shipping label: printed (1")
    keyboard.scan(main_window, EAN13)
    keyboard.scan(main_window, EAN13)
    qtbot.waitUntil(lambda: "is packed" in view.banner.message)
    keyboard.scan(main_window, UPS)
    qtbot.waitUntil(lambda: "stored on box 1" in view.banner.message)
    assert view.banner.level is Level.OK
    assert PackBox.get().tracking == UPS
