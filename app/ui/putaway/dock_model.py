"""What waits in the dock to be put away, oldest first: the top row is what Enter takes, the
row being put away now is highlighted."""

from collections.abc import Callable
from datetime import date

from app.ui import theme
from app.ui.widgets import expiry
from app.ui.widgets.record_model import Column, RecordTableModel, RowStyle

COL_SKU, COL_NAME, COL_LOT, COL_EXPIRY, COL_QTY = range(5)


class DockModel(RecordTableModel):
    """Rows: `DockStock` records (app.core.putaway)."""

    def __init__(self, today: Callable[[], date] = date.today, parent=None) -> None:
        columns = [
            Column("SKU", lambda x: x.sku),
            Column("Item", lambda x: x.name),
            Column("Lot", lambda x: x.lot_code),
            Column("Expiry", lambda x: expiry.as_date(x.expiry),
                   text=lambda x: expiry.text(x.expiry, self._today())),
            Column("Qty", lambda x: x.qty, numeric=True),
        ]
        super().__init__(columns, key=lambda x: (x.item_id, x.lot_id), parent=parent)
        self._today = today
        self.current: tuple[str, str | None] | None = None  # (sku, lot) being put away

    def set_current(self, sku: str | None, lot: str | None) -> None:
        current = (sku, lot) if sku else None
        if current == self.current:
            return
        before, self.current = self.current, current
        self.restyle_rows(lambda x: (x.sku, x.lot_code) in (before, current))

    def row_style(self, record) -> RowStyle | None:
        if self.current == (record.sku, record.lot_code):
            return RowStyle(theme.HIGHLIGHT_ROW, None, True, "Being put away now")
        found = expiry.style(record.expiry, self._today())
        if found is not None:
            return found
        if self._rows and record is self._rows[0]:
            return RowStyle(None, None, True, "Oldest: Enter takes this one")
        return None
