"""The Orders page's tables: the orders with their units, one order's lines, and what is
reserved for it (bin, lot and why that lot); and the status filter over the orders."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from app.ui import theme
from app.ui.pick.pick_model import STATUS_COLOURS
from app.ui.widgets.record_model import RECORD_ROLE, Column, RecordTableModel, RowStyle
from app.ui.widgets.tables import SortProxy

(COL_NUMBER, COL_CHANNEL, COL_SHIP_BY, COL_STATUS, COL_LINES, COL_ORDERED, COL_RESERVED,
 COL_PICKED, COL_CHANGED) = range(9)
LINE_SKU, LINE_NAME, LINE_ORDERED, LINE_RESERVED, LINE_PICKED, LINE_BACKORDER = range(6)
RES_SKU, RES_BIN, RES_LOT, RES_EXPIRY, RES_QTY, RES_WHY = range(6)

ACTIVE = "active"  # the filter that hides shipped and cancelled orders
FILTERS = (
    (ACTIVE, "Active orders"),
    ("", "All orders"),
    ("open", "Open (waiting)"),
    ("partial", "Partial (backorder)"),
    ("allocated", "Allocated"),
    ("picking", "Picking"),
    ("picked", "Picked (to pack)"),
    ("packed", "Packed (to ship)"),
    ("shipped", "Shipped"),
    ("cancelled", "Cancelled"),
)


class OrdersModel(RecordTableModel):
    """Rows: `OrderSummary` records."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("Order", lambda o: o.number),
            Column("Channel", lambda o: o.channel),
            Column("Ship by", lambda o: o.ship_by,
                   text=lambda o: o.ship_by.isoformat() if o.ship_by else ""),
            Column("Status", lambda o: o.status, text=lambda o: o.status.upper()),
            Column("Lines", lambda o: o.lines, numeric=True),
            Column("Ordered", lambda o: o.ordered, numeric=True),
            Column("Reserved", lambda o: o.reserved, numeric=True),
            Column("Picked", lambda o: o.picked, numeric=True),
            Column("Changed in the shop", lambda o: o.changed),
        ]
        super().__init__(columns, key=lambda o: o.order_id, parent=parent)

    def cell_style(self, record, column: int) -> RowStyle | None:
        if column == COL_CHANGED and record.changed:
            return RowStyle(theme.EXPIRING_ROW, theme.EXPIRING_TEXT, True, record.changed)
        if column != COL_STATUS:
            return None
        background, text = STATUS_COLOURS.get(record.status, (None, None))
        return RowStyle(background, text, True)


class OrderLinesModel(RecordTableModel):
    """Rows: `OrderLineRow` records; a line still short of stock is amber."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("SKU", lambda x: x.sku),
            Column("Item", lambda x: x.name),
            Column("Ordered", lambda x: x.ordered, numeric=True),
            Column("Reserved", lambda x: x.reserved, numeric=True),
            Column("Picked", lambda x: x.picked, numeric=True),
            Column("Backorder", lambda x: x.backorder, numeric=True),
        ]
        super().__init__(columns, key=lambda x: x.line_id, parent=parent)

    def row_style(self, record) -> RowStyle | None:
        if record.backorder:
            return RowStyle(theme.EXPIRING_ROW, theme.EXPIRING_TEXT, False,
                            f"{record.name}: {record.backorder} not reserved yet, waiting for "
                            f"stock")
        return RowStyle(tooltip=record.name)


class ReservationsModel(RecordTableModel):
    """Rows: `ReservationRow` records, each with the reason its lot and bin were chosen."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("SKU", lambda r: r.sku),
            Column("Bin", lambda r: r.bin),
            Column("Lot", lambda r: r.lot),
            Column("Expiry", lambda r: r.expiry,
                   text=lambda r: r.expiry.isoformat() if r.expiry else ""),
            Column("Qty", lambda r: r.qty, numeric=True),
            Column("Why this lot", lambda r: r.reason),
        ]
        super().__init__(columns, key=lambda r: r.reservation_id, parent=parent)

    def row_style(self, record) -> RowStyle | None:
        return RowStyle(tooltip=record.reason) if record.reason else None


class StatusFilterProxy(SortProxy):
    """Shows the orders of one status, the active ones, or all."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._status = ACTIVE

    @property
    def status(self) -> str:
        return self._status

    def set_status(self, status: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; the older call is deprecated there
            self.beginFilterChange()
            self._status = status
            self.endFilterChange()
        else:
            self._status = status
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._status:
            return True
        record = self.sourceModel().index(row, 0, parent).data(RECORD_ROLE)
        if record is None:
            return False
        if self._status == ACTIVE:
            return record.status not in ("shipped", "cancelled")
        return record.status == self._status
