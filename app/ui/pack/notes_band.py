"""The Pack page's note and gift message band: wrapped text at the largest size that shows all
of it in the room the card has, so a long note is never cut off at the top or bottom.

The band takes the card's spare height (it ignores its own size hint), and the font follows the
room it gets rather than the other way round, so the layout never chases the text size."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.ui import theme

SMALLEST_PX = theme.BASE_FONT_PX


class NotesBand(QLabel):
    def __init__(self, px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._px = px
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFont(theme.font(px, bold=True))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        # At least two lines of the smallest size: a note is never squeezed out of sight.
        hint.setHeight(2 * QFontMetrics(self._sized(SMALLEST_PX)).lineSpacing()
                       + margins.top() + margins.bottom())
        return hint

    def _sized(self, px: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(px)
        return font

    def _fits(self, px: int) -> bool:
        box = self.contentsRect()
        need = QFontMetrics(self._sized(px)).boundingRect(
            0, 0, box.width(), 100_000, int(Qt.TextFlag.TextWordWrap), self.text())
        return need.width() <= box.width() and need.height() <= box.height()

    def _fit(self) -> None:
        if self.contentsRect().width() <= 0 or not self.text():
            return
        px = self._px
        while px > SMALLEST_PX and not self._fits(px):
            px -= 1
        if px != self.font().pixelSize():
            self.setFont(self._sized(px))

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
