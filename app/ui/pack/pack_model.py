"""The Pack page's list: per order line (and lot), how many are left to pack, packed, picked
and ordered; what the packer needs first comes first, so a narrow screen shows it whole."""

from app.ui import theme
from app.ui.widgets.record_model import Column, RecordTableModel, RowStyle

COL_SKU, COL_LOT, COL_LEFT, COL_PACKED, COL_PICKED, COL_ORDERED = range(6)


def _sku(line) -> str:
    """A kit's component names its kit (the Ordered column counts kits on those rows)."""
    kit = getattr(line, "kit", None)
    if kit and line.item_id != line.line_item_id:
        return f"{line.sku} (kit {kit})"
    return line.sku


class PackLinesModel(RecordTableModel):
    """Rows: `app.core.packing.PackLine` records; a line with units still to pack is bold."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("SKU", _sku),
            Column("Lot", lambda x: x.lot or ""),
            Column("To pack", lambda x: x.to_pack, numeric=True),
            Column("Packed", lambda x: x.packed, numeric=True),
            Column("Picked", lambda x: x.picked, numeric=True),
            Column("Ordered", lambda x: x.ordered, numeric=True),
        ]
        super().__init__(columns, key=lambda x: (x.line_id, x.item_id, x.lot_id), parent=parent)

    def row_style(self, record) -> RowStyle | None:
        if record.to_pack:
            return RowStyle(theme.HIGHLIGHT_ROW, None, True, f"{record.to_pack} to pack")
        return None
