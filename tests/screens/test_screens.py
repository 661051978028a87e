"""Every page, at 1024x768, 1366x768 and 1366x698, with long bin codes, order numbers and item
names: no big text is cut off, nothing lies outside the window, and the window is not forced
wider or taller than the screen."""

import shutil

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QTabBar,
    QTableView,
    QWidget,
)

from app.db import close_database, open_database
from app.db.models import User
from app.ui import theme
from app.ui.main_window import MainWindow
from app.ui.pack import pack_model
from app.ui.returns import returns_model
from app.ui.widgets.cards import ClampedLabel, FitLabel
from app.ui.widgets.sounds import Sounds
from tests.screens.scenes import SCENES, SIZES, build_world, play

# Text this large is read from a step away: it must show whole.
BIG_PX = 20
# A window with a title bar, on a 768-pixel screen with a task bar, gets about this much.
FRAMED_HEIGHT = 768 - 70


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("screens") / "world.sqlite"
    open_database(path)
    build_world()
    close_database()
    return path


@pytest.fixture(scope="module")
def themed(qapp):
    """The app's look (its fonts decide what fits); the other GUI tests run without it."""
    font, palette, style = qapp.font(), qapp.palette(), qapp.style().name()
    theme.apply_theme(qapp)
    yield
    # The closed windows go first: restoring the look repolishes every widget still alive.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if qapp.style().name() != style:
        qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.fixture
def open_window(qtbot, world, tmp_path, themed):
    def open_(size: tuple[int, int]) -> MainWindow:
        path = tmp_path / "warehouse.sqlite"
        shutil.copy(world, path)
        open_database(path)
        window = MainWindow(path, User.get(User.name == "operator").id, "operator",
                            sounds=Sounds(enabled=False))
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield open_
    close_database()


def _in_scroll_viewport(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def shown_widgets(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget)
            if w.isVisibleTo(window) and not w.isWindow() and not _in_scroll_viewport(w)]


def outside(window: QWidget) -> list[str]:
    """Widgets not wholly inside the window, or not wholly inside their parent."""
    bad = []
    for widget in shown_widgets(window):
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), QWidget.size(widget))
        parent = widget.parentWidget()
        if not window.rect().contains(rect) or \
                (parent is not None and not parent.rect().contains(widget.geometry())):
            text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
            bad.append(f"{type(widget).__name__} {widget.objectName()!r} {text!r} at {rect}")
    return bad


def clipped(window: QWidget) -> list[str]:
    """Big labels whose text does not show whole."""
    bad = []
    for widget in shown_widgets(window):
        if not isinstance(widget, QLabel) or not widget.text() or widget.pixmap() is not None \
                and not widget.pixmap().isNull():
            continue
        font = widget.shown_font() if isinstance(widget, FitLabel) else widget.font()
        if font.pixelSize() < BIG_PX and widget.font().pixelSize() < BIG_PX:
            continue
        box = widget.contentsRect()
        text = widget.text()
        metrics = QFontMetrics(font)
        if isinstance(widget, ClampedLabel):
            # A long name may end in "…" (its tooltip has it all), but what shows must fit.
            lines = widget.shown_lines()
            fits = (all(metrics.horizontalAdvance(line) <= box.width() for line in lines)
                    and len(lines) * metrics.lineSpacing() <= box.height() + 2)
        elif widget.wordWrap():
            need = metrics.boundingRect(0, 0, box.width(), 100_000,
                                        int(Qt.TextFlag.TextWordWrap), text)
            fits = need.width() <= box.width() and need.height() <= box.height()
        else:
            lines = text.split("\n")
            fits = (max(metrics.horizontalAdvance(line) for line in lines) <= box.width()
                    and metrics.height() * len(lines) <= box.height() + 2)
        if isinstance(widget, FitLabel):
            fits = fits and widget.shown_text() == text
        if not fits:
            bad.append(f"{widget.objectName() or type(widget).__name__} {text!r} "
                       f"({font.pixelSize()} px in {box.width()}x{box.height()})")
    return bad


def hidden_tabs(window: QWidget) -> list[str]:
    """Tabs that do not show whole in their bar (behind its scroll arrows)."""
    return [bar.tabText(index) for bar in window.findChildren(QTabBar)
            if bar.isVisibleTo(window) for index in range(bar.count())
            if not bar.rect().contains(bar.tabRect(index))]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
def test_page_fits_the_screen(qtbot, open_window, scene, size):
    window = open_window(size)
    play(window, scene)
    QApplication.processEvents()
    assert (window.width(), window.height()) == size
    assert outside(window) == []
    assert clipped(window) == []
    assert hidden_tabs(window) == []


# Per scene, a table whose columns a person reads first: they show whole at every size.
WHOLE_COLUMNS = {
    "pack-box": ("packLinesTable", 2, (pack_model.COL_SKU, pack_model.COL_LOT,
                                       pack_model.COL_LEFT)),
    "returns": ("returnsLinesTable", 1, (returns_model.COL_SKU, returns_model.COL_RETURNED,
                                         returns_model.COL_LEFT)),
}


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("scene_name", list(WHOLE_COLUMNS))
def test_the_columns_read_first_show_whole(open_window, scene_name, size):
    table_name, rows, columns = WHOLE_COLUMNS[scene_name]
    window = open_window(size)
    play(window, next(s for s in SCENES if s.name == scene_name))
    QApplication.processEvents()
    table = window.findChild(QTableView, table_name)
    model, header = table.model(), table.horizontalHeader()
    assert model.rowCount() == rows
    for column in columns:
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= table.viewport().width(), (column, right, table.viewport().width())
        for row in range(model.rowCount()):
            index = model.index(row, column)
            metrics = QFontMetrics(index.data(Qt.ItemDataRole.FontRole) or table.font())
            text = index.data()
            assert metrics.horizontalAdvance(text) < header.sectionSize(column), (column, text)


def test_window_fits_a_framed_window_on_a_small_screen(open_window):
    window = open_window(SIZES[0])
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= FRAMED_HEIGHT


def test_dialogs_fit_a_small_screen_with_a_title_bar(open_window):
    from types import SimpleNamespace

    from app.config import PrintSettings, Settings
    from app.core.count_policy import load_policy
    from app.core.supplier_returns import Quarantined
    from app.ui.counts.count_policy_dialog import CountPolicyDialog
    from app.ui.orders.order_dialog import NewOrderDialog
    from app.ui.putaway.putaway_rule_dialog import PutawayRuleDialog
    from app.ui.returns.supplier_return_dialog import SupplierReturnDialog
    from app.ui.settings.settings_dialog import SettingsDialog

    window = open_window(SIZES[0])
    # Quarantine as full as the dialog lists, from a supplier with a long name.
    supplier = "Bergmann Kaffeerösterei und Feinkost Großhandel GmbH & Co. KG, Hamburg-Altona"
    quarantine = SimpleNamespace(
        supplier_names=lambda: ["Acme", supplier],
        quarantined=lambda: [Quarantined(f"COF-GUA-WB1K-{n:03d}", "Coffee", f"L2026-11-{n:04d}",
                                         None, 5, supplier) for n in range(60)])
    for dialog in (SettingsDialog(Settings(), lambda settings: None, window),
                   SupplierReturnDialog(1, PrintSettings(), window, ops=quarantine),
                   CountPolicyDialog(load_policy(), window), NewOrderDialog(window),
                   PutawayRuleDialog("COF-GUA-WB1K-X", window)):
        hint = dialog.sizeHint()
        assert hint.width() <= 1024 and hint.height() <= FRAMED_HEIGHT - 30, \
            (type(dialog).__name__, hint)
