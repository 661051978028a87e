"""The Pick page's two lists: the walk still ahead (the current pick first, highlighted) and the
orders of the pick list with their status."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.ui import theme
from app.ui.widgets.record_model import Column, RecordTableModel, RowStyle

COL_BIN, COL_SKU, COL_LOT, COL_QTY = range(4)
COL_ORDER, COL_STATUS = range(2)

# Order status colours, as on the Orders page.
STATUS_COLOURS = {
    "open": ("#e4e7eb", "#1f2933"),
    "partial": ("#fde7b0", "#6b4a00"),
    "allocated": ("#dbe8f6", "#1d4f85"),
    "picking": ("#fff2a8", "#5c4a00"),
    "picked": ("#dff3e3", "#1e5a2d"),
    "packed": ("#c9ead2", "#14502a"),
    "shipped": ("#eef0f2", "#52606d"),
    "cancelled": ("#eef0f2", "#9aa5b1"),
}


class PathModel(RecordTableModel):
    """Rows: `PickTask` records in walking order; the first is the pick to do now. The Left
    column is what is still to pick: the current pick's quantity less what has been picked of
    it."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("Bin", lambda t: t.bin),
            Column("SKU", lambda t: f"{t.sku} (kit {t.kit})" if t.kit else t.sku),
            Column("Lot", lambda t: t.lot),
            Column("Left", self.left, numeric=True),
        ]
        super().__init__(columns, key=lambda t: t.reservation_id, parent=parent)
        self.picked = 0  # of the first task

    def set_tasks(self, tasks: Sequence[Any], picked_of_first: int = 0) -> None:
        changed = picked_of_first != self.picked
        self.picked = picked_of_first
        self.set_rows(tasks)
        # The rows may be the same records: only the count picked of the first moved.
        if changed and self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(0, len(self.columns) - 1))

    def left(self, task: Any) -> int:
        if self._rows and task.reservation_id == self._rows[0].reservation_id:
            return max(0, task.qty - self.picked)
        return task.qty

    def row_style(self, record) -> RowStyle | None:
        if self._rows and record is self._rows[0]:
            done = f": {self.picked} of {record.qty} picked" if self.picked else ""
            return RowStyle(theme.HIGHLIGHT_ROW, None, True, f"The pick to do now{done}")
        return None


@dataclass(frozen=True)
class OrderStatus:
    number: str
    status: str


class OrderStatusModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        columns = [
            Column("Order", lambda o: o.number),
            Column("Status", lambda o: o.status, text=lambda o: o.status.upper()),
        ]
        super().__init__(columns, key=lambda o: o.number, parent=parent)

    def cell_style(self, record, column: int) -> RowStyle | None:
        if column != COL_STATUS:
            return None
        background, text = STATUS_COLOURS.get(record.status, (None, None))
        return RowStyle(background, text, True)
