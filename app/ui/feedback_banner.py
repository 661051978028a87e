"""The big, coloured answer to the last scan, and the prompt saying what to scan next.

Both are meant to be read at arm's length, at a glance, by someone holding a box.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from app.stations.base import Level
from app.ui import theme


class PromptLabel(QLabel):
    """What to scan now: "Scan a purchase order"."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("prompt")
        self.setFont(theme.font(theme.PROMPT_FONT_PX, bold=True))
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setContentsMargins(4, 0, 4, 0)


class FeedbackBanner(QFrame):
    """A full-width band: green for ok, amber for a warning, red for an error, grey for info."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackBanner")
        self.setMinimumHeight(84)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.setSpacing(16)
        self._symbol = QLabel()
        self._symbol.setFont(theme.font(theme.BANNER_FONT_PX + 10, bold=True))
        self._symbol.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._symbol.setFixedWidth(44)
        self._message = QLabel()
        self._message.setObjectName("bannerMessage")
        self._message.setFont(theme.font(theme.BANNER_FONT_PX, bold=True))
        self._message.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self._symbol)
        layout.addWidget(self._message, 1)
        self._level = Level.INFO
        self.show_feedback(Level.INFO, "")

    @property
    def level(self) -> Level:
        return self._level

    @property
    def message(self) -> str:
        return self._message.text()

    def show_feedback(self, level: Level, message: str) -> None:
        self._level = Level(level)
        colours = theme.LEVEL_COLOURS[self._level]
        self._symbol.setText(colours.symbol)
        self._message.setText(message)
        # A style sheet rather than the palette: Fusion does not fill a QFrame's background
        # from the palette unless autoFillBackground, and the labels must inherit the colour.
        self.setStyleSheet(
            f"#feedbackBanner {{ background: {colours.background}; border-radius: 6px; }}"
            f"#feedbackBanner QLabel {{ color: {colours.text}; background: transparent; }}"
        )
        self.setAccessibleName(f"{self._level.value}: {message}")
