"""Paints the cells of a record table itself: a line of text, its colours, bold or not.

Qt's own delegate lays every cell's text out again at every paint and asks the model for seven
roles first; a table of the window's size took several milliseconds to paint that way after
every scan that replaced its rows. Here each text is laid out once (`QStaticText`, kept while
it is on screen) and the model gives a cell's text and look in one call. Cells look exactly as
Qt paints them (tests compare the pixels), selected ones too; the cell with the keyboard's
focus, text wrapped or of several lines, and text with control characters are left to Qt's
delegate. Tables here are left to right, cut text short at its end and keep their font: the
painter assumes all three.
"""

import math
import unicodedata

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QStaticText,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from app.ui.widgets.record_model import RecordTableModel, brush

_Index = QModelIndex | QPersistentModelIndex
# Qt's text margin in a cell: the focus frame's margin and one pixel, each side.
MARGIN = 3
# Texts laid out and kept: when there are more (a long list scrolled, many scans), they become
# the older ones, kept as long again while the texts in use are taken back from them.
KEPT_TEXTS = 4000
# Flags as plain numbers: testing a Python enum flag per cell costs more than painting it.
_LEFT_TO_QT = QStyle.StateFlag.State_HasFocus.value
_SELECTED = QStyle.StateFlag.State_Selected.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_DISABLED_GROUP = QPalette.ColorGroup.Disabled
_ACTIVE_GROUP = QPalette.ColorGroup.Active
_INACTIVE_GROUP = QPalette.ColorGroup.Inactive
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHT = QPalette.ColorRole.Highlight
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_LEFT_TO_RIGHT = QTextOption()
_LEFT_TO_RIGHT.setTextDirection(Qt.LayoutDirection.LeftToRight)
# Unicode's categories of control and format characters.
_CONTROL = ("Cc", "Cf")
# Where Qt's delegate starts a new line of a cell's text.
_LINE_BREAK = "\n"
_LINE_SEPARATOR = "\u2028"


class _Text:
    """A text laid out in one font, with its size."""

    __slots__ = ("static", "width", "height", "left_to_qt")

    def __init__(self, text: str, font: QFont) -> None:
        self.static = QStaticText(text)
        self.static.setTextFormat(Qt.TextFormat.PlainText)
        ascii_only = text.isascii()
        if not ascii_only:
            # Left to right whatever the first letter, as Qt's delegate lays a cell out (a
            # Hebrew or Arabic name with Latin words or numbers keeps its words' order).
            self.static.setTextOption(_LEFT_TO_RIGHT)
        self.static.prepare(font=font)
        self.width = self.static.size().width()
        # Control and invisible format characters (a form feed, a byte order mark, a joiner)
        # move Qt's layout by a pixel: such rare texts are Qt's to paint.
        self.left_to_qt = not text.isprintable() and any(
            unicodedata.category(c) in _CONTROL for c in text if c != "\t")
        # A line's height as Qt's delegate centres it: the font's, or with other scripts the
        # line's, as tall as the tallest font it falls back on; in whole pixels, rounded up.
        if ascii_only:
            self.height = math.ceil(QFontMetricsF(font).height())
        else:
            layout = QTextLayout(text, font)
            layout.setTextOption(_LEFT_TO_RIGHT)
            layout.beginLayout()
            line = layout.createLine()
            line.setLineWidth(self.width + 1)
            self.height = math.ceil(line.ascent() + line.descent())
            layout.endLayout()


class CellPainter(QStyledItemDelegate):
    """The delegate of a table showing a `RecordTableModel`, directly or through a proxy."""

    def __init__(self, table: QAbstractItemView, model: RecordTableModel,
                 proxy: QSortFilterProxyModel | None = None) -> None:
        super().__init__(table)
        self._table = table
        self._model = model
        self._proxy = proxy
        self._margin = MARGIN
        # (text, bold, the font's pixel size) -> its layout: a table's font is the theme's,
        # in one family, and differs only in size and weight.
        self._texts: dict[tuple[str, bool, int], _Text] = {}
        self._older_texts: dict[tuple[str, bool, int], _Text] = {}
        # (enabled and active state, palette, role) -> its colour.
        self._colours: dict[tuple[int, int, QPalette.ColorRole], QColor] = {}

    def set_padding(self, px: int) -> None:
        """Room each side of a cell's text beyond Qt's margin, as a style sheet's
        `QTableView::item { padding: 0 <px>px; }` gives Qt's delegate."""
        self._margin = MARGIN + px

    def _text(self, text: str, font: QFont, bold: bool) -> _Text:
        key = (text, bold, font.pixelSize())
        laid_out = self._texts.get(key)
        if laid_out is None:
            laid_out = self._older_texts.get(key) or _Text(text, font)
            if len(self._texts) >= KEPT_TEXTS:
                # A table on screen never lays all its texts out again at once.
                self._older_texts, self._texts = self._texts, {}
            self._texts[key] = laid_out
        return laid_out

    def _look(self, index: _Index):
        if self._proxy is not None:
            index = self._proxy.mapToSource(index)
        return self._model.cell_look(index.row(), index.column())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        state = option.state.value
        if state & _LEFT_TO_QT or self._table.wordWrap():
            super().paint(painter, option, index)
            return
        look = self._look(index)
        if look is None:
            return
        text, numeric, style = look
        if _LINE_BREAK in text or _LINE_SEPARATOR in text:  # Qt lays them out as lines
            super().paint(painter, option, index)
            return
        bold = style is not None and style.bold
        font = self._model.bold_font() if bold else option.font
        laid_out = self._text(text, font, bold) if text else None
        if laid_out is not None and laid_out.left_to_qt:
            super().paint(painter, option, index)
            return
        rect = option.rect
        if state & _SELECTED:
            # The selection's colours over the cell's own, as Qt paints a selected cell.
            painter.fillRect(rect, self._colour(option, state, _HIGHLIGHT))
            pen = self._colour(option, state, _HIGHLIGHTED_TEXT)
        else:
            if style is not None and style.background:
                painter.fillRect(rect, brush(style.background))
            pen = (brush(style.foreground).color() if style is not None and style.foreground
                   else self._colour(option, state, _TEXT))
        if laid_out is None:
            return
        # Centred as Qt's delegate centres a line (`QStyle.alignedRect`: each half in whole
        # pixels), by the whole text's height when it is cut short.
        y = rect.y() + rect.height() // 2 - laid_out.height // 2
        room = rect.width() - 2 * self._margin
        if laid_out.width > room:
            if room <= 0:
                return
            shortened = QFontMetricsF(font).elidedText(text, _ELIDE_RIGHT, room)
            laid_out = self._text(shortened, font, bold)
        painter.setFont(font)
        painter.setPen(pen)
        x = (rect.x() + rect.width() - self._margin - laid_out.width if numeric
             else rect.x() + self._margin)
        painter.drawStaticText(QPointF(x, y), laid_out.static)

    def _colour(self, option: QStyleOptionViewItem, state: int, role: QPalette.ColorRole
                ) -> QColor:
        """A palette colour for the cell's state, as Qt's delegate picks it."""
        palette = option.palette
        key = (state & (_ENABLED | _ACTIVE), palette.cacheKey(), role)
        colour = self._colours.get(key)
        if colour is None:
            if len(self._colours) > 32:
                self._colours.clear()
            group = (_DISABLED_GROUP if not state & _ENABLED else
                     _ACTIVE_GROUP if state & _ACTIVE else _INACTIVE_GROUP)
            colour = self._colours[key] = palette.color(group, role)
        return colour

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        if self._table.wordWrap():
            return super().sizeHint(option, index)
        look = self._look(index)
        if look is None:
            return QSize()
        text, _, style = look
        if _LINE_BREAK in text or _LINE_SEPARATOR in text:
            return super().sizeHint(option, index)
        bold = style is not None and style.bold
        font = self._model.bold_font() if bold else option.font
        if not text:
            return QSize(2 * self._margin, math.ceil(QFontMetricsF(font).height()))
        laid_out = self._text(text, font, bold)
        if laid_out.left_to_qt:
            return super().sizeHint(option, index)
        return QSize(math.ceil(laid_out.width) + 2 * self._margin, laid_out.height)
