"""The Replenish page (Shift+F7): the items at or below their reorder point, most urgent first,
with what to order; every figure of the chosen item explained beside it; Ctrl+Enter creates the
suggested purchase orders, one per supplier. Ctrl+Q changes a suggested quantity.

Below, demand and fill rate per sales channel over the last 90 days (the channels report).

Planning reads the whole catalogue, so it runs on a worker thread with a progress bar; the
window stays usable. The number of low items goes to the side bar as a badge.
"""

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import BinwiseError
from app.core.replenishment import suggest as suggestions
from app.core.replenishment.explain import explain
from app.core.replenishment.plan import ItemPlan, plan_items
from app.scanning.decode import DecodeConfig, decode
from app.scanning.resolve import resolve
from app.stations.base import Level
from app.ui import theme
from app.ui.count.count_widgets import action_button, heading, padded
from app.ui.replenish.channel_table import CHANNEL_DAYS, ChannelModel, channel_report
from app.ui.tasks.numbers_runner import Runner
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from app.ui.widgets.feedback_banner import FeedbackBanner
from app.ui.widgets.record_model import Column, RecordTableModel, RowStyle
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import open_dialog
from app.ui.widgets.tables import make_table

log = logging.getLogger(__name__)

CREATE_KEYS = "Ctrl+Return"
QUANTITY_KEY = "Ctrl+Q"
REFRESH_KEY = "Ctrl+U"
# The side bar's badge is worked out a little after the window opens, not during start-up.
BADGE_DELAY_MS = 3000
HINT = (f"The items to reorder, most urgent first. {CREATE_KEYS.replace('Return', 'Enter')} "
        f"creates the purchase orders, {QUANTITY_KEY} changes a quantity, {REFRESH_KEY} plans "
        f"again. Scan an item to find it.")


def _day(value: date | None) -> str:
    return value.isoformat() if value else "-"


PLAN_COLUMNS = [
    Column("SKU", lambda p: p.sku),
    Column("Supplier", lambda p: p.supplier or "-"),
    Column("Per day", lambda p: round(p.daily_demand, 2), numeric=True),
    Column("Lead", lambda p: round(p.lead_days, 1), numeric=True),
    Column("Reorder", lambda p: p.reorder_point, numeric=True),
    Column("Position", lambda p: p.position, numeric=True),
    Column("Runs out", lambda p: p.stockout, text=lambda p: _day(p.stockout)),
    Column("Order", lambda p: p.suggested_qty, numeric=True),
]
# The supplier takes what is left; the item's name is above its explanation.
PLAN_STRETCH = 1
EXPLAIN_COLUMNS = [Column("Figure", lambda r: r[0]), Column("Value", lambda r: r[1],
                                                             numeric=True),
                   Column("How", lambda r: r[2])]


class PlanModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(PLAN_COLUMNS, key=lambda p: p.item_id, parent=parent)
        self.today = date.today()

    def row_style(self, plan: ItemPlan) -> RowStyle | None:
        if plan.stockout is not None and plan.stockout <= self.today:
            return RowStyle(background="#fbe3e1", tooltip="Out of stock for orders now")
        return None


class ReplenishView(QWidget):
    title = "Replenish"
    badge_changed = Signal(str)
    orders_created = Signal(list)

    def __init__(self, sounds: Sounds | None = None, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today, plan: Callable = plan_items,
                 ask_quantity: Callable | None = None, confirm: Callable | None = None,
                 decode_config: DecodeConfig | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replenishView")
        self.sounds = sounds or Sounds(enabled=False, parent=self)
        self.decode_config = decode_config or DecodeConfig()
        self._today = today
        self._plan = plan
        self._ask_quantity = ask_quantity or self._ask_quantity_dialog
        self._confirm = confirm or self._confirm_dialog
        self.plans: list[ItemPlan] = []
        # Every item's plan, so a scanned item that is not low is explained too.
        self.every_plan: dict[int, ItemPlan] = {}
        # Quantities typed over the suggestions, by item, until the POs are created.
        self.edited: dict[int, int] = {}
        self.runner = Runner(self)
        self.runner.progressed.connect(self._on_runner_progressed)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)

        self.banner = FeedbackBanner()
        self.progress = QProgressBar()
        self.progress.setObjectName("replenishProgress")
        self.progress.setTextVisible(True)
        self.progress.setFormat("Planning every item... %p %")
        self.progress.hide()
        self.model = PlanModel(self)
        self.table = padded(make_table(self.model, PLAN_STRETCH, selectable=True,
                                       font_px=theme.BASE_FONT_PX))
        self.table.setObjectName("replenishTable")

        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.explain_model = RecordTableModel(EXPLAIN_COLUMNS, parent=self)
        self.explain_table = padded(make_table(self.explain_model, 2,
                                               font_px=theme.BASE_FONT_PX))
        self.explain_table.setObjectName("replenishExplain")
        self.explain_title = heading("")
        self.channel_model = ChannelModel(self)
        self.channel_table = padded(make_table(self.channel_model, 0,
                                               font_px=theme.BASE_FONT_PX))
        self.channel_table.setObjectName("replenishChannels")
        self.channel_title = heading(f"Demand and fill rate per channel, last {CHANNEL_DAYS} "
                                     f"days")
        self.create_button = action_button("Create purchase orders", CREATE_KEYS,
                                           self.create_orders, self)
        self.quantity_button = action_button("Change quantity", QUANTITY_KEY,
                                             self.change_quantity, self)
        self.refresh_button = action_button("Plan again", REFRESH_KEY, self.refresh, self)
        buttons = QHBoxLayout()
        for button in (self.create_button, self.quantity_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.explain_title)
        layout.addWidget(self.explain_table, 2)
        layout.addWidget(self.channel_title)
        layout.addWidget(self.channel_table, 1)
        self.setFocusProxy(self.table)
        self.banner.show_feedback(Level.INFO, HINT)
        QTimer.singleShot(BADGE_DELAY_MS, self, self._on_badge_timer)

    def set_numbers_worker(self, worker: InlineWorker | ThreadWorker) -> None:
        """Plans on the window's worker for planning and reports, off the UI thread."""
        self.runner.set_worker(worker)

    # -- planning ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Plan every item again, on the worker."""
        today = self._today()
        plan = self._plan
        # The channels' figures come along on the same worker job: a query or two.
        self.runner.start(lambda progress: (plan(today, progress=progress),
                                            channel_report(today)))

    @Slot()
    def _on_badge_timer(self) -> None:
        if not self.plans and not self.runner.busy:
            self.refresh()

    @Slot(int, int)
    def _on_runner_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    @Slot(bool)
    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    @Slot(object)
    def _on_runner_finished(self, result: tuple) -> None:
        plans, channels = result
        self.channel_model.set_report(channels)
        low = [p for p in plans if p.low]
        self.plans = low
        self.every_plan = {p.item_id: p for p in plans}
        self.model.today = self._today()
        for plan in low:
            if plan.item_id in self.edited:
                plan.suggested_qty = self.edited[plan.item_id]
        current = self._current()
        self.model.set_rows(low)
        self.badge_changed.emit(str(len(low)) if low else "")
        if low:
            row = self.model.row_of(current.item_id) if current else None
            self._select(row or 0)
            self.banner.show_feedback(Level.INFO, f"{len(low)} item(s) at or below their "
                                      f"reorder point. {HINT}")
        else:
            self.explain_model.set_rows([])
            self.explain_title.setText("")
            self.banner.show_feedback(Level.OK, "No item is at or below its reorder point.")

    @Slot(str)
    def _on_runner_failed(self, message: str) -> None:
        self.banner.show_feedback(Level.ERROR, f"Could not plan: {message}")
        self.sounds.play(Level.ERROR)

    # -- the chosen item ---------------------------------------------------------------------

    def _current(self) -> ItemPlan | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _select(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    @Slot(object, object)
    def _on_current_row_changed(self, current, previous) -> None:
        plan = self._current()
        if plan is not None:
            self._explain(plan)

    def _explain(self, plan: ItemPlan) -> None:
        self.explain_title.setText(f"{plan.sku}  {plan.name}: class {plan.klass}, "
                                   f"supplier {plan.supplier or '-'}")
        self.explain_model.set_rows(explain(plan))

    # -- scans and keys ----------------------------------------------------------------------

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        try:
            found = resolve(decode(code, self.decode_config)).of("item")
        except Exception:  # a scan that cannot be read is simply not on the list
            log.exception("Resolving scan %r failed", code)
            found = []
        wanted = {match.id for match in found}
        for row, plan in enumerate(self.model.rows()):
            if plan.item_id in wanted:
                self._select(row)
                self.sounds.play(Level.OK)
                return
        known = [self.every_plan[i] for i in wanted if i in self.every_plan]
        if known:
            # Not low: its figures still say why.
            self.table.clearSelection()
            self._explain(known[0])
            self.sounds.play(Level.OK)
            self.banner.show_feedback(Level.OK, f"{known[0].sku} is not low: position "
                                      f"{known[0].position}, reorder point "
                                      f"{known[0].reorder_point}.")
            return
        self.sounds.play(Level.ERROR)
        self.banner.show_feedback(Level.ERROR, f"{code} is not an item. Scan an item's barcode "
                                  f"or type its SKU.")

    @Slot()
    def change_quantity(self) -> None:
        plan = self._current()
        if plan is not None:
            self._ask_quantity(plan, lambda qty: self.set_quantity(plan, qty))

    def set_quantity(self, plan: ItemPlan, qty: int) -> None:
        if not 0 <= qty <= suggestions.MAX_QTY:
            self.banner.show_feedback(Level.ERROR, f"Order 0 to {suggestions.MAX_QTY:,} units.")
            return
        plan.suggested_qty = qty
        self.edited[plan.item_id] = qty
        self.model.refresh_styles()
        self.explain_model.set_rows(explain(plan))

    def _ask_quantity_dialog(self, plan: ItemPlan, apply: Callable[[int], None]) -> None:
        dialog = QInputDialog(self)
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(0, suggestions.MAX_QTY)
        dialog.setIntValue(plan.suggested_qty)
        dialog.setWindowTitle("Change quantity")
        dialog.setLabelText(f"Units of {plan.sku} to order (0 leaves it out):")
        dialog.intValueSelected.connect(apply)
        open_dialog(dialog, self)

    @Slot()
    def create_orders(self) -> None:
        orders = [o for o in suggestions.suggest(self.plans) if o.supplier_id is not None]
        if not orders:
            self.banner.show_feedback(Level.WARNING, "Nothing to order from a known supplier: "
                                      "give the items a supplier with `binwise import "
                                      "replenishment` (columns sku, supplier), or order "
                                      "them once on a PO.")
            return
        lines = sum(len(o.lines) for o in orders)
        self._confirm(f"Create {len(orders)} purchase order(s) with {lines} line(s)?",
                      lambda: self._create(orders))

    def _create(self, orders: list) -> None:
        try:
            numbers = suggestions.create_orders(orders, self._today())
        except BinwiseError as error:
            self.sounds.play(Level.ERROR)
            self.banner.show_feedback(Level.ERROR, str(error))
            return
        self.edited.clear()
        self.sounds.play(Level.OK)
        self.banner.show_feedback(Level.OK, f"Created {', '.join(numbers)}: receive them at "
                                  f"Receive (F2) when they arrive.")
        self.orders_created.emit(numbers)
        self.refresh()

    def _confirm_dialog(self, question: str, then: Callable[[], None]) -> None:
        yes = QMessageBox.StandardButton.Yes
        box = QMessageBox(QMessageBox.Icon.Question, "Create purchase orders", question,
                          yes | QMessageBox.StandardButton.No, self)
        box.finished.connect(lambda result: then() if result == yes else None)
        open_dialog(box, self)
