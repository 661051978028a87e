"""The typed-entry box: where a person types a quantity, a lot, a date or a damaged label's code.

It is a QLineEdit that lets the window's shortcuts win over its own editing ones: Ctrl+Z in it
means "undo the last scan", which matters more at a packing station than undoing a keystroke.
"""

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from app.ui import theme

# Editing shortcuts the line edit would otherwise keep for itself.
_YIELDED = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class EntryBox(QLineEdit):
    """Emits `entered(text)` on Enter and clears itself; Escape clears it. Enter on an empty
    box emits `entered_empty` (some stations give it a meaning, like "take the oldest")."""

    entered = Signal(str)
    entered_empty = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryBox")
        self.setPlaceholderText(placeholder)
        self.setFont(theme.font(theme.BASE_FONT_PX + 4))
        self.setMinimumHeight(48)
        self.setClearButtonEnabled(True)
        self.returnPressed.connect(self._on_return_pressed)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if any(event.matches(key) for key in _YIELDED):
                event.ignore()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)

    @Slot()
    def _on_return_pressed(self) -> None:
        text = self.text()
        self.clear()
        if text.strip():
            self.entered.emit(text)
        else:
            self.entered_empty.emit()
