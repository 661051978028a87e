"""The Returns page's list: per item and lot of the order, shipped and returned so far."""

from app.ui import theme
from app.ui.widgets.record_model import Column, RecordTableModel, RowStyle

# What the desk reads first comes first: on a narrow screen the lot and what shipped scroll.
COL_SKU, COL_RETURNED, COL_LEFT, COL_SHIPPED, COL_LOT = range(5)


class ReturnLinesModel(RecordTableModel):
    """Rows: `app.core.returns.ReturnableLine` records; a line with units back is bold."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("SKU", lambda x: x.sku),
            Column("Returned", lambda x: x.returned, numeric=True),
            Column("Left", lambda x: x.returnable, numeric=True),
            Column("Shipped", lambda x: x.shipped, numeric=True),
            Column("Lot", lambda x: x.lot or ""),
        ]
        super().__init__(columns, key=lambda x: (x.item_id, x.lot_id), parent=parent)

    def row_style(self, record) -> RowStyle | None:
        if record.returned:
            return RowStyle(theme.HIGHLIGHT_ROW, None, True, f"{record.returned} returned")
        return None
