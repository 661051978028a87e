"""The Labels page on the keyboard: a key for every field and action, printed beside it, the
prompt that says what the next key does, and the preview that fits the label into whatever
room the page has.

A packer at a label printer has a scanner in one hand; the other should never need the mouse.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QWidget,
)

# Fields: the key puts the keyboard there (a check box is ticked or cleared).
KIND_KEY = "Alt+W"
QUERY_KEY = "Alt+T"
LIST_KEY = "Alt+L"
SIZE_KEY = "Alt+S"
DPI_KEY = "Alt+R"
COPIES_KEY = "Alt+C"
OUTPUT_KEY = "Alt+O"
PRINTER_KEY = "Alt+N"
QR_KEY = "Alt+Q"
ARROWS_KEY = "Alt+A"
# Actions.
REMOVE_KEY = "Del"
CLEAR_KEY = "Ctrl+L"
SAVE_KEY = "Ctrl+S"
PRINT_KEY = "Ctrl+P"


PROMPT_EMPTY = "Scan or type what to print"
# What the Print key does with each output.
PRINT_VERBS = {"pdf": "saves the PDF", "printer": "prints", "zpl": "sends to the Zebra printer"}


def prompt(count: int, output: str) -> str:
    """The page's prompt: what to do next with `count` labels chosen."""
    if not count:
        return PROMPT_EMPTY
    return f"{count} label{'s' if count != 1 else ''}: {PRINT_KEY} {PRINT_VERBS[output]}"


def with_key(text: str, key: str) -> str:
    """A field's name with its key: "Size (Alt+S)"."""
    return f"{text} ({key})"


def button_text(text: str, key: str) -> str:
    """An action's name with its key under it, as on the station pages."""
    return f"{text}\n{key}"


def shortcut(owner: QWidget, key: str, slot: Callable[[], None],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut
             ) -> QShortcut:
    made = QShortcut(QKeySequence(key), owner)
    made.setContext(context)
    made.activated.connect(slot)
    return made


def focus_key(owner: QWidget, key: str, field: QWidget) -> QShortcut:
    """`key` anywhere on the page puts the keyboard in `field`; a check box flips instead."""
    if isinstance(field, QAbstractButton) and field.isCheckable():
        return shortcut(owner, key, field.toggle)

    # In a list Up and Down then change the choice (Alt+Down opens it).
    return shortcut(owner, key, lambda: field.setFocus(Qt.FocusReason.ShortcutFocusReason))


class PreviewLabel(QLabel):
    """The first label's picture, scaled down to the room there is (never up), centred on
    grey so its white edges show. `pixmap()` is the picture at full preview size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 90)

    def sizeHint(self) -> QSize:
        return QSize(420, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        picture = self.pixmap()
        if picture is None or picture.isNull():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        room = self.contentsRect()
        size = picture.size()
        if size.width() > room.width() or size.height() > room.height():
            size = size.scaled(room.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = room.x() + (room.width() - size.width()) // 2
        y = room.y() + (room.height() - size.height()) // 2
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(x, y, size.width(), size.height(), picture)


def bind(view: Any) -> None:
    """Every key of the Labels page `view` (a LabelsView)."""
    for key, field in ((KIND_KEY, view.kind), (QUERY_KEY, view.query),
                       (LIST_KEY, view.selection), (SIZE_KEY, view.size),
                       (DPI_KEY, view.dpi), (COPIES_KEY, view.copies),
                       (OUTPUT_KEY, view.output), (PRINTER_KEY, view.printer_name),
                       (QR_KEY, view.qr), (ARROWS_KEY, view.arrows)):
        focus_key(view, key, field)
    # A key presses its button, so it does nothing while the button is greyed out.
    shortcut(view.selection, REMOVE_KEY, view.remove_button.click,
             Qt.ShortcutContext.WidgetShortcut)
    for key, button in ((CLEAR_KEY, view.clear_button),
                        (SAVE_KEY, view.save_button),
                        (PRINT_KEY, view.print_button)):
        shortcut(view, key, button.click)
    # Escape from any field goes back to where scans and typed codes go.
    shortcut(view, "Escape", lambda: view.query.setFocus(Qt.FocusReason.ShortcutFocusReason))
