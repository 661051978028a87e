"""The card that shows the one task under way (the next pick, the putaway, the transfer) in
letters readable from across the packing table, and a label that shortens a long name with
"…" instead of cutting it off."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.ui import theme


def label(px: int, bold: bool = False, name: str = "", wrap: bool = False,
          colour: str | None = None) -> QLabel:
    widget = QLabel()
    widget.setFont(theme.font(px, bold=bold))
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(wrap)
    if name:
        widget.setObjectName(name)
    if colour:
        widget.setStyleSheet(f"color: {colour};")
    return widget


def caption(text: str) -> QLabel:
    """A small grey heading above a big value: "GO TO", "PUT INTO"."""
    widget = label(theme.BASE_FONT_PX - 1, bold=True, colour="#52606d")
    widget.setText(text.upper())
    return widget


def set_tint(widget: QLabel, colours: tuple[str, str] | None) -> None:
    """Background and text colour for a label (an expiring lot), or back to plain."""
    if colours is None:
        widget.setStyleSheet("")
    else:
        background, text = colours
        widget.setStyleSheet(f"background: {background}; color: {text}; border-radius: 4px; "
                             f"padding: 0 6px;")


class Card(QFrame):
    """A white framed panel; `box` is its vertical layout."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(f"#{name} {{ {theme.CARD_STYLE} }}")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(20, 14, 20, 14)
        self.box.setSpacing(4)


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when it does not fit, with the whole text as its
    tooltip then; `text()` is always the whole text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def shown_text(self) -> str:
        """What fits: the text, or its start and "…"."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown_text())

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")
