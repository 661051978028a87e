"""Stock lines as the Lookup and Transfer pages show them: where, what, which lot, how many,
with expired lots red and lots expiring soon amber."""

from collections.abc import Callable
from datetime import date

from app.ui import theme
from app.ui.widgets import expiry
from app.ui.widgets.record_model import Column, RecordTableModel, RowStyle

(COL_LOCATION, COL_SKU, COL_NAME, COL_LOT, COL_EXPIRY, COL_QTY, COL_RESERVED,
 COL_AVAILABLE) = range(8)


class BinLinesModel(RecordTableModel):
    """Rows: `BinLine` records (app.core.lookup)."""

    def __init__(self, today: Callable[[], date] = date.today, parent=None) -> None:
        columns = [
            Column("Location", lambda x: x.location),
            Column("SKU", lambda x: x.sku),
            Column("Item", lambda x: x.name),
            Column("Lot", lambda x: x.lot),
            Column("Expiry", lambda x: expiry.as_date(x.expiry),
                   text=lambda x: expiry.text(x.expiry, self.day())),
            Column("Qty", lambda x: x.qty, numeric=True),
            Column("Reserved", lambda x: x.reserved, numeric=True),
            Column("Available", lambda x: x.available, numeric=True),
        ]
        super().__init__(columns, key=lambda x: (x.item_id, x.lot_id, x.location), parent=parent)
        self._today = today
        # Today, read once per change of rows or looks: Qt asks every cell for its text and
        # style, and asking the clock each time was thousands of calls a scan.
        self._day: date | None = None
        self.current: tuple[str, str | None] | None = None  # (sku, lot) being moved

    def day(self) -> date:
        if self._day is None:
            self._day = self._today()
        return self._day

    def set_rows(self, rows) -> None:
        self._day = None
        super().set_rows(rows)

    def refresh_styles(self) -> None:
        self._day = None
        super().refresh_styles()

    def set_current(self, sku: str | None, lot: str | None) -> None:
        current = (sku, lot) if sku else None
        if current == self.current:
            return
        before, self.current = self.current, current
        self.restyle_rows(lambda x: _is(before, x) or _is(current, x))

    def row_style(self, record) -> RowStyle | None:
        if _is(self.current, record):
            return RowStyle(theme.HIGHLIGHT_ROW, None, True, "Being moved now")
        return expiry.style(record.expiry, self.day())

    def cell_style(self, record, column: int) -> RowStyle | None:
        if column == COL_AVAILABLE:
            style = self.style_of_row(record)
            # The number people act on: bold, whatever the row's colour.
            return RowStyle(style.background if style else None,
                            style.foreground if style else None, True,
                            style.tooltip if style else None)
        return None


def _is(current: tuple[str, str | None] | None, record) -> bool:
    """Whether `record` is the item (and lot, when one is given) being moved."""
    return current is not None and current[0] == record.sku and current[1] in (None, record.lot)
