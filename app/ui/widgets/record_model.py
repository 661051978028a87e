"""A read-only table of plain records (the dataclasses stations and operations return), one
row each, described by a list of columns.

Every table in the window is one of these: the columns say what each cell shows and how it
sorts; subclasses only decide how a row looks (a highlighted row, an expired lot). Same rows in
the same order update in place with narrow `dataChanged`, rows that came or went in one place
are inserted or removed, so the view keeps its scroll position and selection and redraws only
what changed; anything else resets the model.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

# Native values for sorting (numbers as numbers), and the row's record itself.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_STYLE_ROLES = frozenset({Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                          Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole})


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]  # the native value: what sorts
    numeric: bool = False  # right-aligned
    text: Callable[[Any], str] | None = None  # what is shown, when not str(value)


@dataclass(frozen=True)
class RowStyle:
    background: str | None = None
    foreground: str | None = None
    bold: bool = False
    tooltip: str | None = None


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


class RecordTableModel(QAbstractTableModel):
    """Rows are records; `key(record)` identifies a row across updates."""

    def __init__(self, columns: Sequence[Column], key: Callable[[Any], Hashable] = id,
                 parent=None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._key = key
        self._rows: list[Any] = []
        # The view's font, so bold cells keep its size.
        self.base_font = QFont()
        # (record, column, style) of the cell last asked for; forgotten at every change.
        self._last_style: tuple[Any, int, RowStyle | None] | None = None
        # Row of each key, for row_of(); None after rows came, went or were replaced.
        self._rows_by_key: dict[Hashable, int] | None = None

    # -- updating ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows`. Rows that stay keep their place and are redrawn only when they changed;
        a run of rows that came or went (a dock line put away, a bin counted) is removed or
        inserted alone; only a different list altogether resets the model."""
        rows = list(rows)
        self._last_style = None
        self._rows_by_key = None
        if not self._splice([self._key(r) for r in self._rows], [self._key(r) for r in rows],
                            rows):
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        self._rows_by_key = None  # in case a view looked a row up half-way

    def _splice(self, old_keys: list, new_keys: list, rows: list[Any]) -> bool:
        """When the new keys are the old ones, or the old ones with one run of rows removed or
        inserted, update the rows that stay (redrawing those that changed), then remove or
        insert that run; False, changing nothing, when the change is anything else."""
        head = 0
        shortest = min(len(old_keys), len(new_keys))
        while head < shortest and old_keys[head] == new_keys[head]:
            head += 1
        tail = 0
        while (tail < shortest - head
               and old_keys[len(old_keys) - 1 - tail] == new_keys[len(new_keys) - 1 - tail]):
            tail += 1
        removed = len(old_keys) - head - tail
        added = len(new_keys) - head - tail
        if removed and added:
            return False
        # Rows that stay first, so that columns fitted after the insert or removal measure
        # what is shown.
        last = len(self.columns) - 1
        staying = [(row, row) for row in range(head)] + [
            (len(old_keys) - 1 - n, len(new_keys) - 1 - n) for n in range(tail)]
        for old_row, new_row in staying:
            before, after = self._rows[old_row], rows[new_row]
            self._rows[old_row] = after
            if before is not after and (before != after
                                        or self._style_key(before) != self._style_key(after)):
                self.dataChanged.emit(self.index(old_row, 0), self.index(old_row, last))
        if removed:
            self.beginRemoveRows(_ROOT, head, head + removed - 1)
            del self._rows[head:head + removed]
            self.endRemoveRows()
        elif added:
            self.beginInsertRows(_ROOT, head, head + added - 1)
            self._rows[head:head] = rows[head:head + added]
            self.endInsertRows()
        return True

    def put_row(self, record: Any) -> int:
        """Show one record that changed or is new: its row is updated in place, or added at
        the end; nothing else is read or redrawn. Returns its row."""
        self._last_style = None
        row = self.row_of(self._key(record))
        if row is None:
            row = len(self._rows)
            self._rows_by_key = None
            self.beginInsertRows(_ROOT, row, row)
            self._rows.append(record)
            self.endInsertRows()
            return row
        before, self._rows[row] = self._rows[row], record
        if before != record or self._style_key(before) != self._style_key(record):
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        return row

    def restyle_rows(self, matches: Callable[[Any], bool]) -> None:
        """Redraw only the rows `matches` picks: those a highlight moved to or from."""
        self._last_style = None
        last = len(self.columns) - 1
        for row, record in enumerate(self._rows):
            if matches(record):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def refresh_styles(self) -> None:
        """Row looks depend on something outside the rows (today, the highlight): redraw."""
        self._last_style = None
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.columns) - 1))

    def rows(self) -> list[Any]:
        return list(self._rows)

    def record(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, key: Hashable) -> int | None:
        if self._rows_by_key is None:
            # Built at the first look-up after the rows moved: a scan finds its row at once in
            # a list of thousands.
            self._rows_by_key = {}
            for row, record in enumerate(self._rows):
                self._rows_by_key.setdefault(self._key(record), row)
        return self._rows_by_key.get(key)

    # -- how a row looks (subclasses) --------------------------------------------------------

    def row_style(self, record: Any) -> RowStyle | None:
        return None

    def cell_style(self, record: Any, column: int) -> RowStyle | None:
        return None

    def _style_key(self, record: Any) -> Any:
        return self.row_style(record)

    # -- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.columns):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record) if column.text else _shown(column.value(record))
        if role == SORT_ROLE:
            return column.value(record)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        if role not in _STYLE_ROLES:
            return None
        # Qt asks a cell for its roles one after the other: its style is worked out once.
        cached = self._last_style
        if cached is not None and cached[0] is record and cached[1] == index.column():
            style = cached[2]
        else:
            style = self.cell_style(record, index.column()) or self.row_style(record)
            self._last_style = (record, index.column(), style)
        if style is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole and style.background:
            return QBrush(QColor(style.background))
        if role == Qt.ItemDataRole.ForegroundRole and style.foreground:
            return QBrush(QColor(style.foreground))
        if role == Qt.ItemDataRole.FontRole and style.bold:
            font = QFont(self.base_font)
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and style.tooltip:
            return style.tooltip
        return None
