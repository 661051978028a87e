"""The tables' own cell painter draws what Qt's delegate draws, pixel for pixel, and asks for
the same column widths."""

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QStyledItemDelegate

from app.ui.count.count_widgets import padded
from app.ui.widgets.cell_painter import CellPainter
from app.ui.widgets.record_model import Column, RecordTableModel, RowStyle
from app.ui.widgets.tables import SortProxy, make_table

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Line:
    key: int
    sku: str
    name: str
    qty: int


class LooksModel(RecordTableModel):
    """Every look a table has: amber rows, a highlighted bold row, a red bold number, an empty
    cell, a long name cut short."""

    def __init__(self) -> None:
        super().__init__([Column("SKU", lambda x: x.sku), Column("Item", lambda x: x.name),
                          Column("Qty", lambda x: x.qty or None, numeric=True)],
                         key=lambda x: x.key)

    def row_style(self, record):
        if record.key == 2:
            return RowStyle("#fff4b3", None, True, "Being moved now")
        return RowStyle("#fde7b0", "#6b4a00") if record.qty < 3 else None

    def cell_style(self, record, column):
        if column == 2 and record.key == 4:
            return RowStyle(None, "#b00020", True)
        return None


LINES = [Line(1, "SKU-1", "Mug", 5), Line(2, "SKU-2", "Plate, blue", 7),
         Line(3, "SKU-3", "Bowl", 1), Line(4, "SKU-4", "Teapot", 12), Line(5, "SKU-5", "", 0),
         Line(6, "LONG-6", "A very long item name that cannot fit in its column " * 3, 40),
         Line(7, "TWO\nLINES", "", 1)]


def _table(qtbot, model, **options):
    table = make_table(model, **options)
    qtbot.addWidget(table)
    table.resize(520, 300)
    table.show()
    qtbot.waitExposed(table)
    return table


def _as_qt_paints(table):
    """The table's picture, then the same table's with Qt's own delegate."""
    ours = table.grab().toImage()
    table.setItemDelegate(QStyledItemDelegate(table))
    return ours, table.grab().toImage()


@pytest.mark.parametrize("enabled, padding", [(True, False), (False, False), (True, True)],
                         ids=["enabled", "disabled", "padded"])
def test_cells_look_as_qt_paints_them(qtbot, enabled, padding):
    model = LooksModel()
    table = _table(qtbot, model, stretch=1)
    if padding:
        padded(table)
    model.set_rows(LINES)
    table.setEnabled(enabled)
    assert isinstance(table.itemDelegate(), CellPainter)
    ours, qts = _as_qt_paints(table)
    assert ours == qts


@pytest.mark.parametrize("padding, focus", [(False, False), (True, True)],
                         ids=["plain", "padded, with the keyboard's focus"])
def test_selected_rows_and_sorted_rows_look_as_qt_paints_them(qtbot, padding, focus):
    model = LooksModel()
    proxy = SortProxy()
    proxy.setSourceModel(model)
    table = _table(qtbot, proxy, stretch=1, selectable=True)
    if padding:
        padded(table)
    model.set_rows(LINES)
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    table.selectRow(1)
    table.selectionModel().select(proxy.index(3, 0), QItemSelectionModel.SelectionFlag.Select
                                  | QItemSelectionModel.SelectionFlag.Rows)
    if focus:
        table.setFocus()
        qtbot.waitUntil(table.hasFocus)
    assert isinstance(table.itemDelegate(), CellPainter)
    ours, qts = _as_qt_paints(table)
    assert ours == qts


# Names as shops import them: other scripts (drawn in a fallback font of another height),
# marks, tabs, invisible and control characters, a separator Qt starts a new line at.
ODD_NAMES = ["中文商品名称 Teapot", "Mug 🙂 ☕", "مرحبا بالعالم", "Cafe\u0301 déjà", "a\tb",
             "zero\u200bwidth", "cr\rhere", "line\u2028separator", "para\u2029separator",
             "nul\x00here", "soft\xadhyphen", "\u202eright to left", "<b>not bold</b> & co",
             "  spaced  ", "X" * 200, "שלום 2 x 500ml", "مرحبا 123 abc", "\ufeffBOM-1", "x\u200dy",
             "form\x0cfeed", "12\u202f345,50"]


def test_names_of_every_kind_look_as_qt_paints_them(qtbot):
    model = LooksModel()
    table = _table(qtbot, model, stretch=1)
    table.resize(520, 600)  # every row on screen: no scroll bar, whose frame grabs differ
    model.set_rows([Line(key, name[:8], name, key) for key, name in enumerate(ODD_NAMES, 1)])
    ours, qts = _as_qt_paints(table)
    assert ours == qts


@pytest.mark.parametrize("width", [60, 95, 130])
def test_names_cut_short_look_as_qt_cuts_them(qtbot, width):
    # Cut short, a name in two scripts is centred by its whole height, as Qt centres it.
    model = LooksModel()
    table = _table(qtbot, model, stretch=None)
    names = ["Teapot white 中文商品", "Кружка синяя 中文", "קפה שחור (250g)", "Mug large blue 🙂"]
    model.set_rows([Line(key, name, name, key) for key, name in enumerate(names, 1)])
    for column in range(3):
        table.setColumnWidth(column, width)
    ours, qts = _as_qt_paints(table)
    assert ours == qts


@pytest.mark.parametrize("font_px", [13, 16, 17, 19, 25])
def test_rows_of_every_height_centre_their_text_as_qt_does(qtbot, font_px):
    model = LooksModel()
    table = make_table(model, stretch=1, font_px=font_px)
    qtbot.addWidget(table)
    table.resize(520, 360)
    table.show()
    qtbot.waitExposed(table)
    model.set_rows(LINES[:5] + [Line(8, "中文 Teapot", "Ёжик 🙂", 3)])
    for height in range(font_px + 8, font_px + 20):
        table.verticalHeader().setDefaultSectionSize(height)
        ours, qts = _as_qt_paints(table)
        assert ours == qts, height
        table.setItemDelegate(CellPainter(table, model))


@pytest.mark.parametrize("padding", [False, True], ids=["plain", "padded"])
def test_columns_are_fitted_as_wide_as_qt_fits_them(qtbot, padding):
    model = LooksModel()
    table = _table(qtbot, model, stretch=None)
    if padding:
        padded(table)
    model.set_rows(LINES[:5] + [Line(7, "TWO\nLINES", "", 1)])
    ours = [table.sizeHintForColumn(column) for column in range(3)]
    table.setItemDelegate(QStyledItemDelegate(table))
    assert ours == [table.sizeHintForColumn(column) for column in range(3)]


def test_a_wrapped_table_is_left_to_qt(qtbot):
    model = LooksModel()
    table = _table(qtbot, model, stretch=1)
    table.setWordWrap(True)
    model.set_rows(LINES)
    table.resizeRowsToContents()
    ours, qts = _as_qt_paints(table)
    assert ours == qts


def test_texts_in_use_are_not_laid_out_again_when_many_more_came_and_went(qtbot, monkeypatch):
    from app.ui.widgets import cell_painter

    laid_out = []

    class CountedText(cell_painter._Text):
        __slots__ = ()

        def __init__(self, text, font):
            laid_out.append(text)
            super().__init__(text, font)

    monkeypatch.setattr(cell_painter, "_Text", CountedText)
    monkeypatch.setattr(cell_painter, "KEPT_TEXTS", 12)
    painter = CellPainter(make_table(LooksModel()), LooksModel())
    font = painter.parent().font()
    shown = [f"SKU-{n}" for n in range(5)]
    for text in shown:
        painter._text(text, font, False)
    for round_ in range(4):
        # Other tables' texts come and go (other scans), the shown ones are painted again.
        for n in range(6):
            painter._text(f"other-{round_}-{n}", font, False)
        for text in shown:
            painter._text(text, font, False)
    assert [text for text in laid_out if text in shown] == shown
