"""The big, coloured answer to the last scan, and the prompt saying what to scan next.

Both are meant to be read at arm's length, at a glance, by someone holding a box.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from app.stations.base import Level
from app.ui import theme

BANNER_HEIGHT = 96
# Message font sizes, largest first: the banner takes the first at which the message fits.
FONT_STEPS = (theme.BANNER_FONT_PX, 24, 21, 18, 16)


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
        # Room for two lines at full size; longer messages get a smaller font, never a
        # clipped or a jumping banner.
        self.setFixedHeight(BANNER_HEIGHT)
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
        self._fit_text()
        # A style sheet rather than the palette: Fusion does not fill a QFrame's background
        # from the palette unless autoFillBackground, and the labels must inherit the colour.
        # Set only when the colour changes: Qt polishes the banner and its labels again for
        # every sheet set, even the same one, and most scans answer in the last one's colour.
        sheet = (f"#feedbackBanner {{ background: {colours.background}; border-radius: 6px; }}"
                 f"#feedbackBanner QLabel {{ color: {colours.text}; background: transparent; }}")
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)
        self.setAccessibleName(f"{self._level.value}: {message}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_text()

    def _fit_text(self) -> None:
        """The largest font size at which the whole message fits the banner."""
        margins = self.layout().contentsMargins()
        height = BANNER_HEIGHT - margins.top() - margins.bottom()
        width = max(200, self._message.width())
        text = self._message.text()
        for px in FONT_STEPS:
            font = theme.font(px, bold=True)
            rect = QFontMetrics(font).boundingRect(
                0, 0, width, 10_000, int(Qt.TextFlag.TextWordWrap), text)
            if rect.height() <= height:
                break
        if self._message.font().pixelSize() != px:
            self._message.setFont(font)
