"""The Orders page in the real window: the table and its status filter, selecting by scan, an
order's lines and why each lot was reserved, and the buttons: new, cancel, allocate, pick list,
ship."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from app.core import ledger, order_views, orders, packing, picking
from app.core.locations import SUPPLIER, system_location
from app.core.orders import OrderLineInput
from app.db.models import Quant, SalesOrder
from app.stations.base import Level
from app.ui.orders.orders_model import (
    COL_CHANGED,
    COL_NUMBER,
    COL_ORDERED,
    COL_RESERVED,
    COL_STATUS,
    LINE_BACKORDER,
    RES_BIN,
    RES_LOT,
    RES_SKU,
    RES_WHY,
    OrderLinesModel,
    OrdersModel,
    ReservationsModel,
    StatusFilterProxy,
)
from app.ui.orders.orders_view import OrdersView
from tests.gui.conftest import EAN13, cell, open_page

pytestmark = pytest.mark.gui


@pytest.fixture
def order_book(warehouse):
    orders.create_order("ORD-1", [OrderLineInput("TEA-01", 3), OrderLineInput("MUG-01", 2)],
                        channel="shop", ship_by=date(2030, 1, 2))
    orders.create_order("ORD-2", [OrderLineInput("MUG-01", 20)], channel="amazon",
                        ship_by=date(2030, 1, 1))
    return warehouse


@pytest.fixture
def view(qtbot, order_book, main_window):
    page = open_page(qtbot, main_window, Qt.Key.Key_F7)
    assert isinstance(page, OrdersView)
    page.confirm = lambda question: True
    return page


def shown(view, column=COL_NUMBER):
    proxy = view.proxy
    return [proxy.data(proxy.index(r, column)) for r in range(proxy.rowCount())]



def pick_and_pack(order_id, user_id):
    for task in picking.tasks(picking.create_pick_list([order_id]).id):
        picking.pick(task, task.qty, user_id)
    for line in packing.view(order_id).lines:
        packing.pack_unit(order_id, line.item_id, line.lot, line.to_pack, user_id)


def status(number):
    return SalesOrder.get(SalesOrder.number == number).status


def test_orders_soonest_ship_by_first_and_the_status_filter(view):
    assert shown(view) == ["ORD-2", "ORD-1"]
    assert shown(view, COL_STATUS) == ["PARTIAL", "ALLOCATED"]
    assert shown(view, COL_ORDERED) == ["20", "5"]
    assert shown(view, COL_RESERVED) == ["8", "5"]
    view.filter.setCurrentIndex(view.filter.findData("partial"))
    assert shown(view) == ["ORD-2"]
    view.filter.setCurrentIndex(view.filter.findData(""))
    assert len(shown(view)) == 2


def test_scanning_orders_selects_them_and_shows_why_each_lot(qtbot, main_window, view,
                                                             keyboard):
    keyboard.scan(main_window, "ORD-1")
    assert view.banner.level is Level.OK, view.banner.message
    assert [o.number for o in view.selected_orders()] == ["ORD-1"]
    assert view.lines_model.rowCount() == 2
    reservations = view.reservations_model
    rows = {cell(reservations, r, RES_LOT): r for r in range(reservations.rowCount())}
    assert cell(reservations, rows["SOON"], RES_BIN) == "A-01-02"
    why = cell(reservations, rows["SOON"], RES_WHY)
    assert why.startswith("FEFO: lot SOON expires") and "earliest allocatable expiry" in why
    assert "ORD-1" in view.detail_title.text()
    assert not view.reservations_table.isColumnHidden(RES_SKU)  # two lines: which is which
    keyboard.scan(main_window, "ORD-2")
    assert [o.number for o in view.selected_orders()] == ["ORD-1", "ORD-2"]
    assert "2 orders selected" in view.banner.message
    assert cell(view.lines_model, 0, LINE_BACKORDER) == "12"
    assert view.reservations_table.isColumnHidden(RES_SKU)  # one line: the reasons get room
    keyboard.key(main_window, Qt.Key.Key_Escape)
    assert view.selected_orders() == []
    keyboard.scan(main_window, "NOT-AN-ORDER")
    assert view.banner.level is Level.ERROR
    assert "'NOT-AN-ORDER' is not an order" in view.banner.message


def test_new_order_by_keyboard_and_scans(qtbot, main_window, view, keyboard):
    keyboard.key(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.order_dialog
    qtbot.waitUntil(dialog.isVisible)
    keyboard.scan(dialog, "ORD-9")  # the order sheet: no item, so it is the number
    keyboard.scan(dialog, EAN13)
    keyboard.scan(dialog, EAN13)
    assert dialog.number.text() == "ORD-9"
    assert dialog.lines() == [("MUG-01", 2)]
    dialog.rows[1][0].setText("TEA-01")
    dialog.ship_by.setText("next week")
    dialog.save()
    assert "is not a date" in dialog.error.text() and dialog.isVisible()
    dialog.ship_by.setText("2030-02-01")
    dialog.rows[2][0].setText("NO-SUCH")
    dialog.save()
    assert "no item with SKU 'NO-SUCH'" in dialog.error.text()
    dialog.rows[2][0].clear()
    dialog.save()
    assert not dialog.isVisible()
    # ORD-1 and ORD-2 hold every mug: the new order waits for them.
    assert view.banner.level is Level.WARNING, view.banner.message
    assert view.banner.message == "Order ORD-9 created: 1 of 3 units reserved, 2 on backorder."
    assert [o.number for o in view.selected_orders()] == ["ORD-9"]
    assert status("ORD-9") == "partial"


def test_an_order_with_everything_in_stock(qtbot, view):
    view.new_order()
    dialog = view.order_dialog
    dialog.number.setText("ORD-10")
    dialog.rows[0][0].setText("tea-01")
    dialog.rows[0][1].setValue(2)
    dialog.save()
    assert view.banner.level is Level.OK
    assert view.banner.message == "Order ORD-10 created: all 2 units reserved, ready to pick."
    view.new_order()
    view.order_dialog.number.setText("ORD-10")
    view.order_dialog.rows[0][0].setText("TEA-01")
    view.order_dialog.save()
    assert view.order_dialog.error.text() == "Order ORD-10 already exists."


def test_cancel_releases_the_stock(qtbot, main_window, view, keyboard, warehouse):
    asked: list[str] = []
    view.confirm = lambda question: asked.append(question) or True
    keyboard.scan(main_window, "ORD-2")
    keyboard.key(main_window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Cancel ORD-2? Stock reserved for it is released."]
    assert status("ORD-2") == "cancelled"
    assert view.banner.level is Level.OK
    assert shown(view) == ["ORD-1"]  # the active filter hides cancelled orders
    reserved = sum(q.reserved for q in Quant.select().where(Quant.item == warehouse.mug.id))
    assert reserved == 2


def test_change_a_line_quantity_redoes_its_reservations(view, keyboard):
    view.select_order(SalesOrder.get(SalesOrder.number == "ORD-2").id, add=False)
    asked = []

    def answer(order, lines):
        asked.append((order.number, [x.sku for x in lines]))
        return lines[0].line_id, 1

    view.ask_line_quantity = answer
    view.change_quantity()
    assert asked == [("ORD-2", ["MUG-01"])]
    assert view.banner.level is Level.OK and "MUG-01 now 1 (was 20)" in view.banner.message
    order = SalesOrder.get(SalesOrder.number == "ORD-2")
    assert order.status == "allocated"
    assert sum(r.qty for r in order_views.order_reservations(order.id)) == 1


def test_saying_no_cancels_nothing(view):
    view.confirm = lambda question: False
    view.handle_scan("ORD-1")
    view.cancel_selected()
    assert status("ORD-1") == "allocated"


def test_an_order_being_picked_cannot_be_cancelled(view, order_book):
    task = picking.tasks(picking.create_pick_list(
        [SalesOrder.get(SalesOrder.number == "ORD-1").id]).id)[0]
    picking.pick(task, 1, order_book.user_id)
    view.refresh()
    view.handle_scan("ORD-1")
    view.cancel_selected()
    assert view.banner.level is Level.ERROR
    assert "ORD-1 is picking: it can no longer be changed" in view.banner.message


def test_allocate_waiting_after_stock_arrives(main_window, view, keyboard, order_book):
    ledger.post([ledger.MoveRequest(order_book.mug.id, None, system_location(SUPPLIER).id,
                                    order_book.bins["B-01-01"].id, 20, "receipt")],
                order_book.user_id)
    keyboard.key(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.OK, view.banner.message
    assert view.banner.message == "Tried 1 waiting order(s): 1 allocated."
    assert shown(view, COL_STATUS) == ["ALLOCATED", "ALLOCATED"]
    keyboard.key(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.message == "No orders are waiting for stock."


def test_allocating_runs_on_the_background_worker(qtbot, main_window, view, keyboard,
                                                   order_book):
    from app.ui.tasks.worker import ThreadWorker

    worker = ThreadWorker("orders")
    view.set_task_worker(worker)
    ledger.post([ledger.MoveRequest(order_book.mug.id, None, system_location(SUPPLIER).id,
                                    order_book.bins["B-01-01"].id, 20, "receipt")],
                order_book.user_id)
    try:
        keyboard.key(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        # At once, before the work is done: the page says what it is doing.
        assert view.banner.message == "Allocating the waiting orders..."
        assert not view.allocate_button.isEnabled()
        qtbot.waitUntil(lambda: view.banner.level is Level.OK, timeout=10_000)
    finally:
        worker.shutdown()
    assert view.banner.message == "Tried 1 waiting order(s): 1 allocated."
    assert view.allocate_button.isEnabled()
    assert shown(view, COL_STATUS) == ["ALLOCATED", "ALLOCATED"]


def test_pick_list_for_the_selected_orders_then_pick_it(qtbot, main_window, view, keyboard):
    keyboard.key(main_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.INFO  # nothing selected yet
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, "ORD-2")
    keyboard.key(main_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.OK, view.banner.message
    assert view.pick_list_panel.isVisible()
    number = view.pick_list_panel.number.text()
    assert number.startswith("PL-")
    assert view.pick_list_panel.number.font().pixelSize() >= 40
    assert not view.pick_list_panel.barcode.pixmap().isNull()
    assert f"scan or type {number}" in view.banner.message
    assert view.selected_orders() == []  # ready for the next batch
    pick = open_page(qtbot, main_window, Qt.Key.Key_F4)
    keyboard.scan(main_window, number)
    assert pick.banner.level is Level.OK, pick.banner.message
    assert pick.list_line.text() == f"{number}  ·  ORD-1, ORD-2"


def test_ship_packed_orders(main_window, view, keyboard, order_book):
    keyboard.key(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.INFO and "No packed orders" in view.banner.message
    order = SalesOrder.get(SalesOrder.number == "ORD-1")
    pick_and_pack(order.id, order_book.user_id)
    keyboard.key(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.OK
    assert view.banner.message == "Shipped 1 order(s), 5 units: ORD-1."
    assert status("ORD-1") == "shipped"
    assert shown(view) == ["ORD-2"]


def test_ctrl_s_names_the_orders_it_will_ship_and_asks_first(main_window, view, keyboard,
                                                            order_book):
    order = SalesOrder.get(SalesOrder.number == "ORD-1")
    pick_and_pack(order.id, order_book.user_id)
    asked: list[str] = []
    view.confirm = lambda question: asked.append(question) or False
    keyboard.key(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Ship 1 packed order(s): ORD-1? They go to the customer; this cannot be "
                     "undone."]
    assert status("ORD-1") == "packed"
    assert view.banner.message == "Nothing shipped."


def test_order_models(qtmodeltester, order_book):
    summaries = order_views.order_summaries()
    model = OrdersModel()
    model.set_rows(summaries)
    qtmodeltester.check(model)
    proxy = StatusFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_status("allocated")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    proxy.sort(COL_NUMBER, Qt.SortOrder.DescendingOrder)
    order_id = summaries[0].order_id
    lines = OrderLinesModel()
    lines.set_rows(order_views.order_lines(order_id))
    qtmodeltester.check(lines)
    reservations = ReservationsModel()
    reservations.set_rows(order_views.order_reservations(order_id))
    qtmodeltester.check(reservations)
    assert reservations.rowCount() >= 1


def test_the_orders_take_most_of_the_height(qtbot, main_window, view):
    """At 1366 x 768 the orders table gets more room than the order's detail below it."""
    assert isinstance(view.splitter, QSplitter)
    assert view.splitter.widget(0) is view.table
    table, detail = view.splitter.sizes()
    assert table > 1.4 * detail, (table, detail)
    rows = (view.table.viewport().height()) // view.table.verticalHeader().defaultSectionSize()
    assert rows >= 6, view.table.viewport().height()
    assert detail >= 120  # still room for a few lines and their reasons


def test_escape_clears_the_detail_with_the_selection(main_window, view, keyboard):
    keyboard.scan(main_window, "ORD-1")
    assert view.lines_model.rowCount() == 2 and view.reservations_model.rowCount() > 0
    keyboard.person(main_window, "ORD")  # Escape first clears what is typed
    keyboard.key(main_window, Qt.Key.Key_Escape)
    assert view.entry.text() == "" and view.current_order().number == "ORD-1"
    keyboard.key(main_window, Qt.Key.Key_Escape)
    assert view.selected_orders() == [] and view.current_order() is None
    assert view.lines_model.rowCount() == 0 and view.reservations_model.rowCount() == 0
    assert view.detail_title.text().startswith("Select an order to see its lines")
    assert view.banner.level is Level.INFO and view.banner.message == "No order selected."
    assert not view.cancel_button.isEnabled() and not view.pick_button.isEnabled()
    view.refresh()  # reading the orders again selects nothing
    assert view.current_order() is None and view.lines_model.rowCount() == 0


def test_an_order_the_shop_changed_shows_what_changed(qtbot, order_book, main_window,
                                                      tmp_path):
    from app.core.order_import import import_orders

    path = tmp_path / "orders.csv"
    path.write_text("order,sku,qty,cancelled\nORD-1,TEA-01,3,yes\nORD-2,MUG-01,20,\n",
                    encoding="utf-8")
    assert import_orders(path).cancelled == 1
    page = open_page(qtbot, main_window, Qt.Key.Key_F7)
    page.filter.setCurrentIndex(page.filter.findData(""))
    changed = dict(zip(shown(page), shown(page, COL_CHANGED), strict=True))
    assert changed["ORD-1"].startswith("cancelled in the shop on ")
    assert changed["ORD-2"] == ""


def test_a_scan_reads_the_scanned_order_again_and_nothing_else(qtbot, main_window, view,
                                                               keyboard):
    order = SalesOrder.get(SalesOrder.number == "ORD-1")
    order_views.cancel_order(order.id)  # at another station, after the page read the list
    assert shown(view, COL_STATUS) == ["PARTIAL", "ALLOCATED"]
    with qtbot.assertNotEmitted(view.model.modelReset):
        keyboard.scan(main_window, "ORD-1")
    assert view.banner.level is Level.OK, view.banner.message
    assert shown(view, COL_STATUS) == ["PARTIAL", "CANCELLED"]
    assert "ORD-1: cancelled" in view.banner.message


def test_an_order_the_list_leaves_out_is_shown_when_scanned(main_window, view, keyboard):
    # Shipped long ago: the list shows only orders in work and those of the last days.
    order = SalesOrder.get(SalesOrder.number == "ORD-1")
    order_views.cancel_order(order.id)
    SalesOrder.update(created_at=date(2020, 1, 1)).where(SalesOrder.id == order.id).execute()
    view.refresh()
    assert shown(view) == ["ORD-2"]
    keyboard.scan(main_window, "ORD-1")
    assert view.banner.level is Level.OK, view.banner.message
    assert [o.number for o in view.selected_orders()] == ["ORD-1"]
    assert "ORD-1" in shown(view)


def test_a_scan_paints_the_order_detail_once(qtbot, main_window, view, keyboard):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count: dict[str, int] = {}

        def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                name = watched.parent().objectName()
                self.count[name] = self.count.get(name, 0) + 1
            return False

    keyboard.scan(main_window, "ORD-2")
    qtbot.wait(50)
    paints = Paints()
    for table in (view.lines_table, view.reservations_table):
        table.viewport().installEventFilter(paints)
    keyboard.scan(main_window, "ORD-1")
    assert view.banner.level is Level.OK, view.banner.message
    for _ in range(20):  # every pass of the event loop, timers included
        QApplication.processEvents()
        qtbot.wait(5)
    # Before, the columns and rows fitted to the new order were redrawn on a timer after the
    # window had been painted: both tables twice per scan.
    assert paints.count == {"orderLinesTable": 1, "reservationsTable": 1}
