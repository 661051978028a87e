"""A read-only table of plain records (the dataclasses stations and operations return), one
row each, described by a list of columns.

Every table in the window is one of these: the columns say what each cell shows and how it
sorts; subclasses only decide how a row looks (a highlighted row, an expired lot). Same rows in
the same order update in place with narrow `dataChanged`, rows that came or went while the
others kept their order are inserted or removed, run by run, so the view keeps its scroll
position and selection and redraws only what changed; anything else resets the model.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

# Native values for sorting (numbers as numbers), and the row's record itself.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
# Roles as plain numbers: Qt asks each cell on screen for seven roles at every paint, and
# comparing with enum members was a good part of what a repaint of a table cost.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_SORT = int(SORT_ROLE)
_RECORD = int(RECORD_ROLE)
_STYLE_ROLES = frozenset({_BACKGROUND, _FOREGROUND, _FONT, _TOOLTIP})
_ROLES = _STYLE_ROLES | {_DISPLAY, _ALIGNMENT, _SORT, _RECORD}
# One brush per colour: the same few colours are asked for by every styled cell.
_brushes: dict[str, QBrush] = {}


def brush(colour: str) -> QBrush:
    found = _brushes.get(colour)
    if found is None:
        found = _brushes[colour] = QBrush(QColor(colour))
    return found


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


# More separate runs of rows than this coming and going: the list is a different one.
MAX_RUNS = 20


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


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
        # (record, its row_style) of the row last painted: Qt paints a row cell by cell, and
        # every cell of it would work the row's look out again. Forgotten at every change.
        self._last_row: tuple[Any, RowStyle | None] | None = None
        # Row of each key, for row_of(); None after rows came, went or were replaced.
        self._rows_by_key: dict[Hashable, int] | None = None
        self._bold: tuple[QFont, QFont] | None = None  # (view font, it in bold)

    # -- updating ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows`. Rows that stay keep their place and are redrawn only when they changed;
        a run of rows that came or went (a dock line put away, a bin counted) is removed or
        inserted alone; only a different list altogether resets the model."""
        rows = list(rows)
        self._last_row = None
        self._rows_by_key = None
        if not self._splice([self._key(r) for r in self._rows], [self._key(r) for r in rows],
                            rows):
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        self._rows_by_key = None  # in case a view looked a row up half-way

    def _splice(self, old_keys: list, new_keys: list, rows: list[Any]) -> bool:
        """When the rows that stay keep their order, remove the rows that went and insert
        those that came, each run on its own (a dock listed up to a limit loses a row in the
        middle and gains one at the end), then redraw the staying rows that changed; False,
        changing nothing, when rows moved or hardly any stay."""
        old_set, new_set = set(old_keys), set(new_keys)
        if len(old_set) != len(old_keys) or len(new_set) != len(new_keys):
            return False
        staying = [key for key in old_keys if key in new_set]
        if staying != [key for key in new_keys if key in old_set]:
            return False
        removals = _runs([row for row, key in enumerate(old_keys) if key not in new_set])
        insertions = _runs([row for row, key in enumerate(new_keys) if key not in old_set])
        if old_keys and new_keys and (not staying
                                      or len(removals) + len(insertions) > MAX_RUNS):
            return False
        before = {key: record for key, record in zip(old_keys, self._rows, strict=True)
                  if key in new_set}
        top = old_keys[0] if old_keys else None
        # The staying rows take their new records first, so that columns fitted when rows
        # go or come measure what is shown.
        fresh = iter([rows[row] for row, key in enumerate(new_keys) if key in old_set])
        for row, key in enumerate(old_keys):
            if key in new_set:
                self._rows[row] = next(fresh)
        for first, last in reversed(removals):
            self.beginRemoveRows(_ROOT, first, last)
            del self._rows[first:last + 1]
            self.endRemoveRows()
        for first, last in insertions:
            self.beginInsertRows(_ROOT, first, last)
            self._rows[first:first] = rows[first:last + 1]
            self.endInsertRows()
        # A staying row is redrawn when its record changed, or when it became or stopped
        # being the top row (the oldest in the dock, the pick to do now look different).
        # Looks that depend on anything else are redrawn by restyle_rows or refresh_styles:
        # working out every row's look here took longer than the rest of a scan.
        last_column = len(self.columns) - 1
        for row, key in enumerate(new_keys):
            was = before.get(key)
            if was is None:
                continue
            if was != rows[row] or (row == 0) != (key == top):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        return True

    def put_row(self, record: Any) -> int:
        """Show one record that changed or is new: its row is updated in place, or added at
        the end; nothing else is read or redrawn. Returns its row."""
        self._last_row = None
        key = self._key(record)
        row = self.row_of(key)
        if row is None:
            row = len(self._rows)
            # The index of keys gains the new row after it is in: a scan that adds an order
            # to a list of thousands does not read them all again for the next look-up.
            keys, self._rows_by_key = self._rows_by_key, None
            self.beginInsertRows(_ROOT, row, row)
            self._rows.append(record)
            self.endInsertRows()
            if keys is not None and self._rows_by_key is None:
                keys.setdefault(key, row)
                self._rows_by_key = keys
            return row
        before, self._rows[row] = self._rows[row], record
        if before != record or self._style_key(before) != self._style_key(record):
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        return row

    def restyle_rows(self, matches: Callable[[Any], bool]) -> None:
        """Redraw only the rows `matches` picks: those a highlight moved to or from."""
        self._last_row = None
        last = len(self.columns) - 1
        for row, record in enumerate(self._rows):
            if matches(record):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def refresh_styles(self) -> None:
        """Row looks depend on something outside the rows (today, the highlight): redraw."""
        self._last_row = None
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
        """A cell that looks unlike its row; None for the row's look. May use
        `style_of_row`, which works the row's look out once for all its cells."""
        return None

    def style_of_row(self, record: Any) -> RowStyle | None:
        cached = self._last_row
        if cached is not None and cached[0] is record:
            return cached[1]
        style = self.row_style(record)
        self._last_row = (record, style)
        return style

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
        if role not in _ROLES:
            return None
        # An invalid index has row and column -1.
        row, number = index.row(), index.column()
        rows, columns = self._rows, self.columns
        if not (0 <= row < len(rows) and 0 <= number < len(columns)):
            return None
        record = rows[row]
        if role in _STYLE_ROLES:
            return self._styled(self.cell_style(record, number) or self.style_of_row(record),
                                role)
        return _plain(record, columns[number], role)

    def multiData(self, index: _Index, roles: QModelRoleDataSpan) -> None:  # noqa: N802
        """Every role Qt's own delegate asks of one cell (seven for a cell it paints or
        measures: the focused one, wrapped text), in one call instead of one each."""
        row, number = index.row(), index.column()
        rows, columns = self._rows, self.columns
        valid = 0 <= row < len(rows) and 0 <= number < len(columns)
        record = rows[row] if valid else None
        style: RowStyle | None | bool = False  # not worked out yet
        for wanted in roles:
            role = wanted.role()
            if not valid or role not in _ROLES:
                value = None
            elif role in _STYLE_ROLES:
                if style is False:
                    style = self.cell_style(record, number) or self.style_of_row(record)
                value = self._styled(style, role)
            else:
                value = _plain(record, columns[number], role)
            if value is None:
                wanted.clearData()
            else:
                wanted.setData(value)

    def cell_look(self, row: int, number: int) -> tuple[str, bool, RowStyle | None] | None:
        """A cell's text, whether it is a number (right-aligned) and its look, in one call
        (what `cell_painter` paints); None outside the rows."""
        rows, columns = self._rows, self.columns
        if not (0 <= row < len(rows) and 0 <= number < len(columns)):
            return None
        record = rows[row]
        column = columns[number]
        text = column.text(record) if column.text else _shown(column.value(record))
        return (text, column.numeric,
                self.cell_style(record, number) or self.style_of_row(record))

    def _styled(self, style: RowStyle | None, role: int) -> Any:
        if style is None:
            return None
        if role == _BACKGROUND:
            return brush(style.background) if style.background else None
        if role == _FOREGROUND:
            return brush(style.foreground) if style.foreground else None
        if role == _FONT:
            return self.bold_font() if style.bold else None
        return style.tooltip or None

    def bold_font(self) -> QFont:
        """The view's font in bold, made once per view font."""
        cached = self._bold
        if cached is None or cached[0] is not self.base_font:
            font = QFont(self.base_font)
            font.setBold(True)
            cached = self._bold = (self.base_font, font)
        return cached[1]


def _plain(record: Any, column: Column, role: int) -> Any:
    """A cell's value for a role that does not depend on its look."""
    if role == _DISPLAY:
        return column.text(record) if column.text else _shown(column.value(record))
    if role == _ALIGNMENT:
        return _RIGHT if column.numeric else _LEFT
    return column.value(record) if role == _SORT else record
