"""The card that shows the one task under way (the next pick, the putaway, the transfer) in
letters readable from across the packing table; a label for big codes that shrinks its letters
until the whole code fits; and a label that shortens a long name with "…" instead of cutting it
off."""

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent, QTextLayout
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

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


def fit_label(px: int, bold: bool = False, name: str = "",
              colour: str | None = None, gives_height: bool = False) -> "FitLabel":
    """A big one-line value (a bin, a SKU, an order number) at `px`, smaller when it is long.
    With `gives_height` (the biggest text on a card) it also shrinks when the window is short,
    so the smaller lines around it keep their size."""
    widget = FitLabel()
    if gives_height:
        widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    widget.setFont(theme.font(px, bold=bold))
    if name:
        widget.setObjectName(name)
    if colour:
        widget.setStyleSheet(f"color: {colour};")
    return widget


def name_label(px: int, name: str = "", max_lines: int = 2) -> "ClampedLabel":
    """An item's name: wrapped, on at most `max_lines` lines, then "…"."""
    widget = ClampedLabel(max_lines)
    widget.setFont(theme.font(px))
    if name:
        widget.setObjectName(name)
    return widget


def caption(text: str) -> QLabel:
    """A small grey heading above a big value: "GO TO", "PUT INTO"."""
    widget = label(theme.BASE_FONT_PX - 1, bold=True, colour="#52606d", wrap=True)
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


# Below this a code is no longer readable from a step away: the label ends in "…" instead.
MIN_FIT_PX = 14


class FitLabel(QLabel):
    """One line of big text, drawn at the largest size up to its font's that shows all of it
    in the label's width and height: a bin code is never cut to "A-18". It asks for the height
    of the full size, so the page does not jump from one code to the next; with a Preferred
    vertical policy it gives up to half of it when the window is short.

    `shown_font()` is the font it is drawn with; `text()` the whole text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        # The layout gives it the width there is; it never asks for more.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(metrics.horizontalAdvance(self.text()) + margins.left() + margins.right(),
                     metrics.height() + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        line = self.fontMetrics().height()
        return QSize(0, max(QFontMetrics(self._sized(MIN_FIT_PX)).height(), line // 2)
                     + margins.top() + margins.bottom())

    def _sized(self, px: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(px)
        return font

    def shown_font(self) -> QFont:
        """The label's font, made smaller until the text fits the width."""
        font = QFont(self.font())
        box = self.contentsRect()
        text = self.text()
        px = font.pixelSize()
        if not text or px <= 0 or box.width() <= 0 or box.height() <= 0:
            return font
        metrics = QFontMetrics(font)
        wide, tall = metrics.horizontalAdvance(text), metrics.height()
        if wide <= box.width() and tall <= box.height():
            return font
        # Text scales with the size: start near the answer, then step down until it fits
        # (hinting makes the scale not quite exact).
        px = max(MIN_FIT_PX, min(px - 1, int(px * box.width() / wide),
                                 int(px * box.height() / tall)))
        font.setPixelSize(px)
        while px > MIN_FIT_PX and (QFontMetrics(font).horizontalAdvance(text) > box.width()
                                   or QFontMetrics(font).height() > box.height()):
            px -= 1
            font.setPixelSize(px)
        return font

    def shown_text(self) -> str:
        """What is drawn: the whole text, unless even the smallest size is too wide."""
        font = self.shown_font()
        return QFontMetrics(font).elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def is_shrunk(self) -> bool:
        return self.shown_font().pixelSize() < self.font().pixelSize()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.shown_text() != self.text() else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        # The frame and the style sheet's background (a tint) first, as QLabel draws them.
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        self.drawFrame(painter)
        painter.setFont(self.shown_font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown_text())


class ClampedLabel(QLabel):
    """Text wrapped on at most `max_lines` lines, the last ending in "…" when there is more,
    with the whole text as its tooltip then: a long item name never pushes the card's bin
    code or quantity off the page. `text()` is always the whole text."""

    def __init__(self, max_lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_lines = max_lines
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)  # the wrapping is ours
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def shown_lines(self, width: int | None = None) -> list[str]:
        """The lines drawn at `width` (the label's own by default)."""
        text = self.text()
        if width is None:
            width = self.contentsRect().width()
        if not text or width <= 0:
            return [text] if text else []
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        spans = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            spans.append((line.textStart(), line.textLength()))
        layout.endLayout()
        lines = [text[start:start + length].rstrip() for start, length in spans]
        if len(lines) <= self.max_lines:
            return lines
        last_start = spans[self.max_lines - 1][0]
        last = self.fontMetrics().elidedText(text[last_start:], Qt.TextElideMode.ElideRight,
                                             width)
        return lines[:self.max_lines - 1] + [last]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        lines = max(1, len(self.shown_lines(inner)))
        return lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        shown = self.shown_lines()
        whole = bool(shown) and not shown[-1].endswith("…")
        self.setToolTip("" if whole or not self.text() else self.text())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         "\n".join(self.shown_lines()))
