"""Tables as every page shows them: large rows, no grid, no editing, columns sized to their
contents with one stretching; and a proxy that sorts by the models' native values."""

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.ui import theme
from app.ui.widgets.record_model import SORT_ROLE, RecordTableModel

ROW_HEIGHT = 36


def make_table(model: Any, stretch: int | None = None, *, selectable: bool = False,
               font_px: int = theme.TABLE_FONT_PX, parent: QWidget | None = None) -> QTableView:
    """A table for looking at (no focus, no selection) or, with `selectable`, for choosing
    rows with the keyboard."""
    table = QTableView(parent)
    table.setModel(model)
    table.setFont(theme.font(font_px))
    if isinstance(model, RecordTableModel):
        model.base_font = table.font()
    elif isinstance(model, QSortFilterProxyModel) and \
            isinstance(model.sourceModel(), RecordTableModel):
        model.sourceModel().base_font = table.font()
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
    heading.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        heading.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    heading.setHighlightSections(False)
    return table


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
