"""The Pick page (F4): walk the pick path, scan the bin, scan the items, pack the orders.

The card shows the next pick very big: the bin in huge letters, the item, the lot and its
expiry, how many and how many are picked. Beside it the walk still ahead and the orders of the
list with their status. F8 reports a short pick; when everything is picked the card says which
orders to pack.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core import order_views
from app.stations.base import Level
from app.ui import theme
from app.ui.pick.pick_model import COL_SKU, OrderStatus, OrderStatusModel, PathModel
from app.ui.widgets import expiry
from app.ui.widgets.cards import Card, caption, fit_label, label, name_label, set_tint
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import UNDO_KEYS, StationView
from app.ui.widgets.tables import make_table

SHORT_KEYS = ("F8",)
SIDE_WIDTH = 440
SIDE_FONT_PX = 17
BIN_FONT_PX = theme.HUGE_FONT_PX + 28
MESSAGE_FONT_PX = theme.HUGE_FONT_PX - 32


class PickView(StationView):
    title = "Pick"
    entry_placeholder = "Type an order, a quantity, or 'short', then Enter"

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *, today: Callable[[], date] = date.today,
                 order_statuses: Callable[[Sequence[str]], dict[str, str]] =
                 order_views.order_statuses) -> None:
        super().__init__(station, sounds, parent)
        self.setObjectName("pickView")
        self._today = today
        self._order_statuses = order_statuses
        self.path_model = PathModel(self)
        self.orders_model = OrderStatusModel(self)
        self._build()
        self.banner.show_feedback(Level.INFO, "Ready.")
        self.prompt.setText(station.prompt)
        self.refresh()

    def _build(self) -> None:
        card = Card("pickCard")
        self.list_line = fit_label(theme.BASE_FONT_PX, bold=True, name="pickList",
                                   colour="#52606d")
        self.where_caption = caption("Go to")
        self.bin = fit_label(BIN_FONT_PX, bold=True, name="pickBin", colour=theme.ACCENT,
                             gives_height=True)
        self.zone = label(theme.BASE_FONT_PX + 1, name="pickZone")
        # The zone beside the caption, so the bin code has the card's whole width.
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.where_caption, 1)
        caption_row.addWidget(self.zone)
        self.item = fit_label(theme.BIG_FONT_PX + 4, bold=True, name="pickItem")
        self.name = name_label(theme.CARD_FONT_PX, name="pickName")
        self.lot = label(theme.CARD_FONT_PX, name="pickLot", wrap=True)
        self.qty = label(theme.BIG_FONT_PX + 6, bold=True, name="pickQty")
        self.progress = label(theme.BIG_FONT_PX + 6, bold=True, name="pickProgress",
                              colour=theme.LEVEL_COLOURS[Level.OK].background)
        qty_row = QHBoxLayout()
        qty_row.addWidget(self.qty)
        qty_row.addSpacing(30)
        qty_row.addWidget(self.progress)
        qty_row.addStretch(1)
        self.order = label(theme.BASE_FONT_PX + 1, name="pickOrder")
        card.box.addWidget(self.list_line)
        card.box.addLayout(caption_row)
        card.box.addWidget(self.bin)
        card.box.addWidget(self.item)
        card.box.addWidget(self.name)
        card.box.addWidget(self.lot)
        card.box.addLayout(qty_row)
        card.box.addWidget(self.order)
        card.box.addStretch(1)

        self.path_title = QLabel()
        self.path_title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.path_table = make_table(self.path_model, COL_SKU, font_px=SIDE_FONT_PX)
        self.path_table.setObjectName("pathTable")
        orders_title = QLabel("Orders on this list")
        orders_title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.orders_table = make_table(self.orders_model, 0, font_px=SIDE_FONT_PX)
        self.orders_table.setObjectName("pickOrdersTable")
        side = QWidget()
        side.setMaximumWidth(SIDE_WIDTH)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.path_title)
        column.addWidget(self.path_table, 3)
        column.addWidget(orders_title)
        column.addWidget(self.orders_table, 2)

        self.short_button = self.add_button("Short", SHORT_KEYS, self.short)
        self.undo_button = self.add_button("Undo", UNDO_KEYS, self.undo)
        self._frame(card, side)

    @Slot()
    def short(self) -> None:
        self._answer("Short", self.station.short)

    # -- output ------------------------------------------------------------------------------

    def _render_state(self) -> None:
        state = self.station.state
        if state.pick_list:
            self.list_line.setText(f"{state.pick_list}  ·  {', '.join(state.orders)}")
        else:
            self.list_line.setText("No pick list open")
        task = state.task
        if task is not None:
            self._show_task(state, task)
        elif state.awaiting == "pack" and state.to_pack:
            self._show_message("Pack", "All picked", f"Pack: {', '.join(state.to_pack)}",
                               "Take them to Pack (Shift+F4) and scan them there.")
        elif state.awaiting == "pack":
            self._show_message("Done", "Nothing left", "", "Scan the next order or pick list.")
        else:
            self._show_message("Start", "Scan an order", "",
                               "Scan the order sheet or a pick list number from the Orders "
                               "page (F7).")
        self.path_title.setText(f"Still to pick: {len(state.remaining_tasks)}"
                                if state.pick_list else "Pick path")
        self.path_model.set_tasks(state.remaining_tasks, state.picked_of_task)
        statuses = self._order_statuses(state.orders) if state.orders else {}
        self.orders_model.set_rows([OrderStatus(n, statuses.get(n, "")) for n in state.orders])
        self.short_button.setEnabled(state.awaiting == "item")
        self.undo_button.setEnabled(state.can_undo)

    def _show_task(self, state: Any, task: Any) -> None:
        at_bin = state.awaiting == "item"
        self.where_caption.setText("AT BIN: SCAN THE ITEM" if at_bin else "GO TO: SCAN THE BIN")
        self.bin.setFont(theme.font(BIN_FONT_PX, bold=True))
        self.bin.setText(task.bin)
        zone = f"Zone {task.zone}" if task.zone else ""
        # Blocked after the stock was reserved in it: the picker should know before going.
        self.zone.setText(f"{zone}  ·  BLOCKED" if task.blocked else zone)
        self.item.setText(task.sku)
        kit = getattr(task, "kit", None)
        self.name.setText(f"{task.name}  ·  part of kit {kit}" if kit else task.name)
        today = self._today()
        parts = [f"Lot {task.lot}"] if task.lot else []
        if task.expiry:
            parts.append(f"expires {expiry.text(task.expiry, today)}")
        self.lot.setText("  ·  ".join(parts) if parts else "Any unit (no lot)")
        set_tint(self.lot, expiry.colours(task.expiry, today))
        self.qty.setText(f"Pick {task.qty}")
        self.progress.setText(f"{state.picked_of_task} of {task.qty}")
        self.progress.setVisible(True)
        self.order.setText(f"For order {task.order}")

    def _show_message(self, heading: str, big: str, item: str, hint: str) -> None:
        self.where_caption.setText(heading.upper())
        self.bin.setFont(theme.font(MESSAGE_FONT_PX, bold=True))
        self.bin.setText(big)
        self.zone.setText("")
        self.item.setText(item)
        self.name.setText("")
        self.lot.setText(hint)
        set_tint(self.lot, None)
        self.qty.setText("")
        self.progress.setVisible(False)
        self.order.setText("")
