"""The table of a purchase order's lines while receiving: ordered, received, remaining.

The rows are the station's `LineProgress` records as they are; the model only decides how they
look (the line just received highlighted, complete lines green and quiet).
"""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.ui import theme

COL_SKU, COL_NAME, COL_ORDERED, COL_RECEIVED, COL_REMAINING = range(5)
HEADERS = {
    COL_SKU: "SKU",
    COL_NAME: "Item",
    COL_ORDERED: "Ordered",
    COL_RECEIVED: "Received",
    COL_REMAINING: "To receive",
}
NUMERIC_COLUMNS = (COL_ORDERED, COL_RECEIVED, COL_REMAINING)

# Native values for sorting (numbers as numbers), and the row's record itself.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
LINE_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def _value(line: Any, column: int) -> Any:
    return {
        COL_SKU: line.sku,
        COL_NAME: line.name,
        COL_ORDERED: line.ordered,
        COL_RECEIVED: line.received,
        COL_REMAINING: line.remaining,
    }[column]


class ReceiveLinesModel(QAbstractTableModel):
    """Rows: the PO's lines (objects with line_id, sku, name, ordered, received, remaining)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: list[Any] = []
        self._highlight: int | None = None
        # The view's font, so bold cells keep its size.
        self.base_font = QFont()

    # -- updating ----------------------------------------------------------------------------

    def set_lines(self, lines: Sequence[Any], highlight_line_id: int | None = None) -> None:
        """Show `lines`. The same lines in the same order update in place (keeping the view's
        scroll position and selection); anything else resets the table."""
        lines = list(lines)
        same_rows = [a.line_id for a in lines] == [b.line_id for b in self._lines]
        if not same_rows:
            self.beginResetModel()
            self._lines, self._highlight = lines, highlight_line_id
            self.endResetModel()
            return
        old_lines, old_highlight = self._lines, self._highlight
        self._lines, self._highlight = lines, highlight_line_id
        last = self.columnCount() - 1
        touched = {old_highlight, highlight_line_id} - {None}
        for row, (old, new) in enumerate(zip(old_lines, lines, strict=True)):
            # The station hands back the lines a scan did not touch as they were.
            if (old is not new and old != new) or new.line_id in touched:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def row_of(self, line_id: int | None) -> int | None:
        for row, line in enumerate(self._lines):
            if line.line_id == line_id:
                return row
        return None

    @property
    def highlight_line_id(self) -> int | None:
        return self._highlight

    # -- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section in NUMERIC_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(_value(line, column))
        if role == SORT_ROLE:
            return _value(line, column)
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in NUMERIC_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._row_colour(line)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.line_id != self._highlight and line.remaining == 0 \
                    and line.received == line.ordered:
                return QBrush(QColor(theme.COMPLETE_TEXT))
            return None
        if role == Qt.ItemDataRole.FontRole:
            if line.line_id == self._highlight or column == COL_REMAINING:
                font = QFont(self.base_font)
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._status_text(line)
        return None

    def _row_colour(self, line: Any) -> str | None:
        if line.line_id == self._highlight:
            return theme.HIGHLIGHT_ROW
        if line.received > line.ordered:
            return theme.OVER_ROW
        if line.remaining == 0:
            return theme.COMPLETE_ROW
        return None

    @staticmethod
    def _status_text(line: Any) -> str:
        if line.received > line.ordered:
            return f"{line.received - line.ordered} more than ordered"
        if line.remaining == 0:
            return "Complete"
        return f"{line.remaining} still to receive"
