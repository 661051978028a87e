"""The Orders page (F7): customer orders, what is promised to them and why, and the steps that
move them along: new order, cancel, allocate the waiting ones, a pick list for the selected
ones, ship the packed ones.

Scanning or typing an order number selects it (scans add to the selection, so a stack of order
sheets becomes one pick list; Escape clears it). The selected order's lines and reservations
show below, each reservation with the core's reason for its bin and lot; the orders take most
of the height, and the splitter between them moves. Every change goes
through `app.core.order_views`; the page decides nothing itself.
"""

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core import order_views
from app.core.errors import BinwiseError
from app.scanning.decode import DecodeConfig
from app.stations.base import Level
from app.ui import theme
from app.ui.orders.order_dialog import NewOrderDialog
from app.ui.orders.orders_actions import OrdersActions
from app.ui.orders.orders_model import (
    COL_CHANGED,
    FILTERS,
    LINE_NAME,
    RES_EXPIRY,
    RES_SKU,
    RES_WHY,
    OrderLinesModel,
    OrdersModel,
    ReservationsModel,
    StatusFilterProxy,
)
from app.ui.pick.pick_list_panel import PickListPanel
from app.ui.widgets.entry_box import EntryBox
from app.ui.widgets.feedback_banner import FeedbackBanner, PromptLabel
from app.ui.widgets.record_model import RECORD_ROLE
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.tables import make_table, resized_at_once

log = logging.getLogger(__name__)

PROMPT = "Scan or type an order number to select it"
# Of the height below the buttons: the orders first and larger, the selected one's detail
# below (a few lines each, usually).
SPLIT = (62, 38)


class SharedSplitter(QSplitter):
    """A splitter that gives its widgets `shares` of its length the first time it has one;
    after that, moving the handle or resizing keeps what the person chose."""

    def __init__(self, orientation: Qt.Orientation, shares: Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._shares = tuple(shares)
        self._shared = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        length = (self.height() if self.orientation() == Qt.Orientation.Vertical
                  else self.width())
        if not self._shared and length > 0 and self.count() == len(self._shares):
            self._shared = True
            self.setSizes([length * share // sum(self._shares) for share in self._shares])


class OrdersView(OrdersActions, QWidget):
    title = "Orders"

    def __init__(self, user_id: int, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *,
                 decode_config: DecodeConfig | None = None, ops: Any = order_views) -> None:
        QWidget.__init__(self, parent)
        self.setObjectName("ordersView")
        self.user_id = user_id
        self.sounds = sounds or Sounds(enabled=False, parent=self)
        self.decode_config = decode_config or DecodeConfig()
        self.ops = ops
        # Asks before something that cannot be taken back; tests answer for the person.
        self.confirm: Callable[[str], bool] = self._ask
        self.ask_line_quantity: Callable[[Any, list], tuple[int, int] | None] = \
            self._ask_line_quantity
        self.order_dialog: NewOrderDialog | None = None
        self.model = OrdersModel(self)
        self.proxy = StatusFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.lines_model = OrderLinesModel(self)
        self.reservations_model = ReservationsModel(self)
        self._build()
        self.banner.show_feedback(Level.INFO, "Orders waiting, being picked and to ship.")
        self.refresh()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.prompt = PromptLabel(PROMPT)
        self.banner = FeedbackBanner()
        self.filter = QComboBox()
        self.filter.setObjectName("statusFilter")
        self.filter.setMinimumHeight(44)
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for status, text in FILTERS:
            self.filter.addItem(text, status)
        self.filter.currentIndexChanged.connect(self._on_filter_current_index_changed)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addStretch(1)
        self.new_button = self._button("New order", "Ctrl+N", self.new_order)
        self.quantity_button = self._button("Change quantity", "Ctrl+Q", self.change_quantity)
        self.cancel_button = self._button("Cancel order", "Ctrl+D", self.cancel_selected)
        self.allocate_button = self._button("Allocate waiting", "Ctrl+L", self.allocate_waiting)
        self.pick_button = self._button("Pick list", "Ctrl+P", self.make_pick_list)
        self.ship_button = self._button("Ship packed", "Ctrl+S", self.ship_packed)
        for button in (self.new_button, self.quantity_button, self.cancel_button,
                       self.allocate_button,
                       self.pick_button, self.ship_button):
            toolbar.addWidget(button)
        self.pick_list_panel = PickListPanel()

        # The order number whole (marketplace numbers are long); the channel gives way.
        # The last column stretches: the one a narrow screen may cut is the one most often
        # empty, not the channel.
        self.table = make_table(self.proxy, COL_CHANGED, selectable=True)
        self.table.setObjectName("ordersTable")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        # The reasons need the width: the item's name is in the line's tooltip, and a lot's
        # expiry in the reason whenever it decided.
        self.lines_table = make_table(self.lines_model, None, font_px=16)
        self.lines_table.setObjectName("orderLinesTable")
        self.lines_table.setColumnHidden(LINE_NAME, True)
        self.lines_table.horizontalHeader().setStretchLastSection(True)
        self.reservations_table = make_table(self.reservations_model, RES_WHY, font_px=16)
        self.reservations_table.setColumnHidden(RES_EXPIRY, True)
        for table in (self.lines_table, self.reservations_table):
            table.horizontalHeader().setFont(theme.font(15, bold=True))
        self.reservations_table.setObjectName("reservationsTable")
        self.reservations_table.setWordWrap(True)
        self.detail_title = QLabel()
        self.detail_title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        tables = QHBoxLayout()
        tables.setSpacing(12)
        tables.addWidget(self.lines_table, 4)
        tables.addWidget(self.reservations_table, 6)
        detail = QWidget()
        detail.setObjectName("orderDetail")
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.setSpacing(6)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addLayout(tables, 1)
        self.splitter = SharedSplitter(Qt.Orientation.Vertical, SPLIT)
        self.splitter.setObjectName("ordersSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(10)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, SPLIT[0])
        self.splitter.setStretchFactor(1, SPLIT[1])

        self.entry = EntryBox("Type an order number, then Enter")
        self.entry.entered.connect(self._on_entered)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.prompt)
        layout.addWidget(self.banner)
        layout.addLayout(toolbar)
        layout.addWidget(self.pick_list_panel)
        layout.addWidget(self.splitter, 1)
        # The filter sits with the entry box: the buttons above need the whole width on a
        # 1024-pixel screen.
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        bottom.addWidget(self.entry, 1)
        bottom.addWidget(self.filter)
        layout.addLayout(bottom)
        self.setFocusProxy(self.entry)
        escape = QShortcut(QKeySequence("Escape"), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.clear_selection)

    def _button(self, text: str, key: str, slot: Callable[[], None]) -> QPushButton:
        # The key under the name: five buttons and the filter share one row.
        button = QPushButton(f"{text}\n{key}")
        button.setFont(theme.font(theme.BASE_FONT_PX - 2, bold=True))
        button.setMinimumHeight(54)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return button

    def set_decode_config(self, config: DecodeConfig) -> None:
        self.decode_config = config

    # -- selection ---------------------------------------------------------------------------

    def selected_orders(self) -> list[Any]:
        rows = self.table.selectionModel().selectedRows()
        return sorted((index.data(RECORD_ROLE) for index in rows), key=lambda o: o.number)

    def current_order(self) -> Any:
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def select_order(self, order_id: int, add: bool = True, reveal: bool = True,
                     select: bool = True) -> bool:
        """Make an order's row current and selected (added to the selection, or instead of
        it); `reveal` shows every order when the filter hides it."""
        row = self.model.row_of(order_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            if not reveal:
                return False
            self.filter.setCurrentIndex(self.filter.findData(""))
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        flag = QItemSelectionModel.SelectionFlag
        if not select:
            flags = flag.NoUpdate
        else:
            flags = flag.Rows | (flag.Select if add else flag.ClearAndSelect)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    @Slot()
    def clear_selection(self) -> None:
        if self.entry.text():
            self.entry.clear()
            return
        had = self.current_order() is not None or bool(self.selected_orders())
        # The current row goes too, so the detail below no longer shows an order.
        self.table.selectionModel().clear()
        self._show_detail()
        if had:
            self.banner.show_feedback(Level.INFO, "No order selected.")

    @Slot(int)
    def _on_filter_current_index_changed(self, index: int) -> None:
        self.proxy.set_status(self.filter.itemData(index))

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = self.selected_orders()
        self.cancel_button.setEnabled(bool(selected))
        self.pick_button.setEnabled(bool(selected))

    @Slot()
    def _on_current_row_changed(self) -> None:
        self._show_detail()

    # -- input -------------------------------------------------------------------------------

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        self._select_code(code)

    @Slot(str)
    def _on_entered(self, text: str) -> None:
        self._select_code(text.strip())

    def _select_code(self, code: str) -> None:
        try:
            order_id = self.ops.find_order(code, self.decode_config)
        except Exception as error:
            log.exception("Looking up order %r failed", code)
            self._tell(Level.ERROR, f"Binwise could not look that up ({error}).")
            return
        if order_id is None:
            self._tell(Level.ERROR, f"'{code}' is not an order. Scan the order number on the "
                       f"order sheet or packing slip, or type it.")
            return
        # Only the scanned order's row is read again (its status may have moved on); an
        # order the list does not hold joins it.
        summary = self.ops.order_summary(order_id)
        if summary is not None:
            self.model.put_row(summary)
        current = self.current_order() if self.select_order(order_id) else None
        if current is None or summary is None:
            self._tell(Level.ERROR, f"Order '{code}' cannot be shown here. Try again, or "
                       f"tell your supervisor.")
            return
        numbers = [o.number for o in self.selected_orders()]
        more = (f" {len(numbers)} orders selected ({', '.join(numbers)}): Ctrl+P makes one "
                f"pick list; Escape clears." if len(numbers) > 1 else "")
        self._tell(Level.OK, f"{current.number}: {current.status}, {current.ordered} units "
                   f"({current.reserved} reserved, {current.picked} picked).{more}")

    # -- output ------------------------------------------------------------------------------

    def _tell(self, level: Level, message: str) -> None:
        self.banner.show_feedback(level, message)
        self.sounds.play(level)

    def refresh(self) -> None:
        """Read the orders again, keeping the selection."""
        selected = [o.order_id for o in self.selected_orders()]
        current = self.current_order()
        try:
            self.model.set_rows(self.ops.order_summaries())
        except Exception:
            log.exception("Could not read the orders")
            return
        for order_id in selected:
            self.select_order(order_id, reveal=False)
        if current is not None:
            self.select_order(current.order_id, reveal=False,
                              select=current.order_id in selected)
        self._on_selection_changed()
        self._show_detail()

    def _show_detail(self) -> None:
        order = self.current_order()
        if order is None:
            self.detail_title.setText("Select an order to see its lines and why each lot "
                                      "was reserved")
            self.lines_model.set_rows([])
            self.reservations_model.set_rows([])
            return
        ship_by = f", ship by {order.ship_by.isoformat()}" if order.ship_by else ""
        self.detail_title.setText(f"{order.number}{ship_by}: lines, and what is reserved "
                                  f"(bin, lot, why this lot)")
        with resized_at_once(self.lines_table), resized_at_once(self.reservations_table):
            try:
                lines = self.ops.order_lines(order.order_id)
                self.lines_model.set_rows(lines)
                self.reservations_model.set_rows(self.ops.order_reservations(order.order_id))
            except Exception:
                log.exception("Could not read order %s", order.number)
            else:
                # One line: the SKU is beside it already, and the reasons get its width.
                self.reservations_table.setColumnHidden(RES_SKU, len(lines) == 1)
            self.reservations_table.resizeRowsToContents()

    def _ask_line_quantity(self, order: Any, lines: list) -> tuple[int, int] | None:
        if not lines:
            return None
        labels = [f"{x.sku}: {x.ordered} ordered" for x in lines]
        choice, ok = QInputDialog.getItem(self, "Binwise", f"Which line of {order.number}?",
                                          labels, 0, False)
        if not ok:
            return None
        line = lines[labels.index(choice)]
        qty, ok = QInputDialog.getInt(self, "Binwise", f"New quantity of {line.sku}:",
                                      line.ordered, 1, 100000)
        return (line.line_id, qty) if ok else None

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Binwise", question)
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, what: str, call: Callable[[], Any]) -> Any:
        """Run an operation; a refusal or a failure becomes a red banner, never a crash."""
        try:
            return call()
        except BinwiseError as error:
            self._tell(Level.ERROR, str(error))
        except Exception as error:
            log.exception("%s failed", what)
            self._tell(Level.ERROR, f"Binwise could not {what} ({error}). Tell your "
                       f"supervisor.")
        return None
