"""The Pick page's two lists: the walk still ahead (the current pick first, highlighted) and the
orders of the pick list with their status."""

from dataclasses import dataclass

from app.ui import theme
from app.ui.record_model import Column, RecordTableModel, RowStyle

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
    """Rows: `PickTask` records in walking order; the first is the pick to do now."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("Bin", lambda t: t.bin),
            Column("SKU", lambda t: t.sku),
            Column("Lot", lambda t: t.lot),
            Column("Qty", lambda t: t.qty, numeric=True),
        ]
        super().__init__(columns, key=lambda t: t.reservation_id, parent=parent)

    def row_style(self, record) -> RowStyle | None:
        if self._rows and record is self._rows[0]:
            return RowStyle(theme.HIGHLIGHT_ROW, None, True, "The pick to do now")
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
