"""Tables as every page shows them: large rows, no grid, no editing, columns sized to their
contents with one stretching; and a proxy that sorts by the models' native values.

Columns are fitted to the rows on screen when the rows are replaced, and only widened for a
changed row: Qt's own "resize to contents" measures a hundred rows or more again after every
changed row, which on a 2,000-line PO took most of the time from a scan to its answer on the
screen, and measuring rows below the fold on every new lookup was most of what was left.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.ui import theme
from app.ui.widgets.cell_painter import CellPainter
from app.ui.widgets.record_model import SORT_ROLE, RecordTableModel

ROW_HEIGHT = 36
# Fitting the columns measures the rows on screen only (Qt's default is the first 1,000): a
# row scrolled to later that needs more room is cut short with "...", and a changed row
# still widens its column.
SIZE_FROM_ROWS = 0
# A change to more rows than this (a whole table restyled) does not widen columns row by row.
WIDEN_FOR_ROWS = 20


def make_table(model: Any, stretch: int | None = None, *, selectable: bool = False,
               font_px: int = theme.TABLE_FONT_PX, parent: QWidget | None = None) -> QTableView:
    """A table for looking at (no focus, no selection) or, with `selectable`, for choosing
    rows with the keyboard."""
    table = QTableView(parent)
    table.setModel(model)
    table.setFont(theme.font(font_px))
    records = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
    if isinstance(records, RecordTableModel):
        records.base_font = table.font()
        table.setItemDelegate(CellPainter(table, records,
                                          model if records is not model else None))
    table.horizontalHeader().setFont(theme.font(theme.BASE_FONT_PX, bold=True))
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(False)
    if selectable:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    else:
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Tab goes from the entry box to the buttons; the table is for looking at.
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    heading = table.horizontalHeader()
    heading.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    heading.setResizeContentsPrecision(SIZE_FROM_ROWS)
    if stretch is not None:
        heading.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    heading.setHighlightSections(False)
    ColumnFitter(table, stretch)
    return table


class ColumnFitter(QObject):
    """Keeps a table's columns as wide as their contents: all of them fitted when the rows are
    replaced, added or re-sorted, one column widened (never narrowed) when a changed row
    needs more room than it has. The table is painted once for each change: the stretching
    column follows a new width at once (a scroll bar came or went with the new rows)."""

    # Read by the event filter, which Qt may still call while a dropped table is taken down
    # and this object's attributes are already gone.
    _heading_area: QObject | None = None

    def __init__(self, table: QTableView, stretch: int | None) -> None:
        super().__init__(table)
        self._table = table
        self._stretch = stretch
        self._heading = table.horizontalHeader()
        self._heading_area = self._heading.viewport()
        self._heading_area.installEventFilter(self)
        model = table.model()
        model.modelReset.connect(self._fit)
        model.layoutChanged.connect(self._fit)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.rowsRemoved.connect(self._on_rows_removed)
        model.dataChanged.connect(self._on_data_changed)
        self._fit()

    @Slot()
    def _fit(self) -> None:
        table = self._table
        heading = self._heading
        if (self._stretch is not None and self._stretch < heading.count()
                and heading.sectionResizeMode(self._stretch)
                != QHeaderView.ResizeMode.Stretch):
            # A table whose columns came later (a report's, chosen after the table was made)
            # did not have the stretching column yet when it was set.
            heading.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Stretch)
        # Lay the new rows out now: Qt does it on a timer once the window has been painted,
        # and then paints the whole table a second time.
        table.executeDelayedItemsLayout()
        with resized_at_once(table):
            for column in range(table.model().columnCount()):
                if column != self._stretch:
                    table.resizeColumnToContents(column)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is not self._heading_area or event.type() != QEvent.Type.Resize:
            return False
        # The header resizes its stretching column here; told of it, the table would paint
        # itself all over again on a timer after the window was painted. It is painted
        # anyway, at its new width, with the new column widths.
        heading = self._heading
        blocked = heading.blockSignals(True)
        try:
            heading.viewportEvent(event)
        finally:
            heading.blockSignals(blocked)
        self._table.updateGeometries()
        self._table.viewport().update()
        return True

    @Slot(QModelIndex, QModelIndex)
    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, *roles: Any) -> None:
        self._widen(top.row(), bottom.row(), top.column(), bottom.column())

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        self._widen(first, last, 0, self._table.model().columnCount() - 1)

    @Slot(QModelIndex, int, int)
    def _on_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        # A row put away or counted leaves the columns as they are; a list cut down fits
        # them again.
        if last - first >= WIDEN_FOR_ROWS:
            self._fit()

    def _widen(self, top: int, bottom: int, left: int, right: int) -> None:
        if bottom - top >= WIDEN_FOR_ROWS:
            self._fit()
            return
        table, model = self._table, self._table.model()
        for column in range(left, right + 1):
            if column == self._stretch:
                continue
            needed = max(table.sizeHintForIndex(model.index(row, column)).width()
                         for row in range(top, bottom + 1))
            if needed > table.columnWidth(column):
                table.setColumnWidth(column, needed)


@contextmanager
def resized_at_once(table: QTableView) -> Iterator[None]:
    """Resize a table's columns or rows inside this and it is redrawn once, with everything
    else that changed: told of each resized section, Qt redraws them on a timer, after the
    window has been painted, and every scan that replaced the rows painted the table twice."""
    headers = (table.horizontalHeader(), table.verticalHeader())
    blocked = [header.blockSignals(True) for header in headers]
    try:
        yield
    finally:
        # A stretching column takes what the others left now, while the table is not told:
        # told later, it paints itself all over again after the window was painted.
        headers[0].resizeSections()
        for header, was in zip(headers, blocked, strict=True):
            header.blockSignals(was)
        table.updateGeometries()
        table.viewport().update()


def _sort_key(value: Any) -> tuple:
    # None and empty sort first; numbers as numbers; anything else as text.
    if value is None or value == "":
        return (0, 0, "")
    if isinstance(value, int | float):
        return (1, value, "")
    return (2, 0, str(value).lower())


class SortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE with Python's comparison, so dates, numbers and missing values
    order as a person expects."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        a = self.sourceModel().data(left, SORT_ROLE)
        b = self.sourceModel().data(right, SORT_ROLE)
        return _sort_key(a) < _sort_key(b)
