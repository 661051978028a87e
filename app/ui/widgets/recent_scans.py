"""The scans and entries of the shift with their result, newest on top: what just happened when
someone looks up after a run of fast scans, and, scrolling down, what happened this morning."""

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from app.stations.base import Level
from app.ui import theme

# A shift: eight hours at a scan every ten seconds. Older entries drop off the bottom.
MAX_ENTRIES = 3000
FONT_PX = theme.BASE_FONT_PX
LEVEL_ROLE = Qt.ItemDataRole.UserRole

_SYMBOL_COLOURS = {
    Level.OK: "#1e7b34",
    Level.WARNING: "#9a6700",
    Level.ERROR: "#c0262d",
    Level.INFO: "#52606d",
}


# Long GS1 strings would wrap into a block of digits; their start and end tell them apart.
MAX_CODE_CHARS = 22


def _shorten(text: str) -> str:
    if len(text) <= MAX_CODE_CHARS:
        return text
    half = (MAX_CODE_CHARS - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


class RecentScans(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentScans")
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFont(theme.font(FONT_PX))

    def add(self, level: Level, what: str, message: str) -> None:
        """One entry: what was scanned or done, and the station's answer."""
        level = Level(level)
        symbol = theme.LEVEL_COLOURS[level].symbol
        stamp = QTime.currentTime().toString("HH:mm:ss")
        item = QListWidgetItem(f"{symbol} {stamp}  {_shorten(what)}\n    {message}")
        item.setForeground(QBrush(QColor(_SYMBOL_COLOURS[level])))
        item.setData(LEVEL_ROLE, level.value)
        item.setToolTip(f"{what}\n{message}")
        # Someone reading back through the shift keeps their place; otherwise the newest
        # stays in view.
        reading_back = self.verticalScrollBar().value() > 0
        self.insertItem(0, item)
        if not reading_back:
            self.scrollToTop()
        while self.count() > MAX_ENTRIES:
            self.takeItem(self.count() - 1)

    def entries(self) -> list[tuple[str, str]]:
        """(level, text) of each entry, newest first."""
        return [(self.item(i).data(LEVEL_ROLE), self.item(i).text()) for i in range(self.count())]
