"""Small pieces the counting pages share: a button that carries its key, page shortcuts, a
section heading, and a filter that lets a line edit pass the page's shortcuts through."""

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QWidget

from app.ui import theme
from app.ui.widgets.cell_painter import CellPainter


def action_button(text: str, key: str, slot: Callable[[], None], owner: QWidget) -> QPushButton:
    """A button with its key on a second line, also on that key while focus is in `owner`."""
    button = QPushButton(f"{text}\n{key}")
    button.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
    button.setMinimumHeight(58)
    button.setMinimumWidth(150)
    # Reachable with Tab; a click leaves the keyboard where it was.
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    add_shortcuts(owner, (key,), slot)
    return button


def add_shortcuts(owner: QWidget, keys: Sequence[str], slot: Callable[[], None]) -> None:
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)


# Numbers in neighbouring columns must not run together.
CELL_PADDING_PX = 8


def padded(table: QTableView) -> QTableView:
    # The sheet pads the cells Qt paints (selected ones), the table's painter the others.
    table.setStyleSheet(f"QTableView::item {{ padding: 0 {CELL_PADDING_PX}px; }}")
    painter = table.itemDelegate()
    if isinstance(painter, CellPainter):
        painter.set_padding(CELL_PADDING_PX)
    return table


def heading(text: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setFont(theme.font(theme.BASE_FONT_PX + 1, bold=True))
    widget.setWordWrap(True)
    return widget


class ShortcutYielder(QObject):
    """Makes a line edit let the page's shortcuts through: Ctrl+E is "end of line" to a
    QLineEdit on X11, but "confirm empty" at the count station."""

    def __init__(self, keys: Sequence[str], parent: QObject) -> None:
        super().__init__(parent)
        self._keys = [QKeySequence(k) for k in keys]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                   for k in self._keys):
                event.ignore()
                return True
        return False
