"""The History tab of the Counts page (Ctrl+4) in the real window: every counted line newest
first, a scanned or typed bin or item shows only its counts, Escape shows all again, and a
decision on the Review tab shows in the history."""

import pytest
from PySide6.QtCore import Qt

from app.core import count_views
from app.core.count_policy import CountPolicy
from app.stations.base import Level, Scan
from app.stations.count import CountStation
from app.ui.count.count_models import (
    HIS_ADJUSTED,
    HIS_BIN,
    HIS_BY,
    HIS_COUNTED,
    HIS_EXPECTED,
    HIS_KIND,
    HIS_LOT,
    HIS_SKU,
    HIS_STATUS,
    HistoryModel,
)
from app.ui.counts.counts_view import HISTORY_TAB, CountsView
from tests.gui.conftest import EAN13, TEA_GTIN, open_page
from tests.gui.test_count_view import MUG_QTY, build_count_world, cell
from tests.gui.test_counts_view import count_twice

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def world(db):
    """The tea in A-02 counted right, then the mugs in A-01 counted short twice: the first
    count asked for a recount, the recount waits for review."""
    world = build_count_world()
    station = CountStation(world.user_id, policy=CountPolicy())
    station.handle(Scan("A-02"))
    station.handle(Scan(TEA_GTIN, qty=6))
    station.handle(Scan("T1"))
    station.close()
    count_twice(world, 30)
    return world


@pytest.fixture
def page(qtbot, world, main_window, keyboard):
    view = open_page(qtbot, main_window, Qt.Key.Key_F11)
    assert isinstance(view, CountsView)
    keyboard.key(main_window, Qt.Key.Key_4, CTRL)
    assert view.tabs.currentIndex() == HISTORY_TAB
    return view


def line(model, row: int) -> tuple:
    return tuple(cell(model, row, c) for c in (HIS_BIN, HIS_KIND, HIS_BY, HIS_SKU, HIS_LOT,
                                                HIS_EXPECTED, HIS_COUNTED, HIS_ADJUSTED,
                                                HIS_STATUS))


MUG_REVIEW = ("A-01", "Recount", "operator", "MUG-01", "", str(MUG_QTY), "30", "0",
              "waiting for review")
MUG_RECOUNT = ("A-01", "Ad hoc", "operator", "MUG-01", "", str(MUG_QTY), "30", "0",
               "recount asked")
TEA_OK = ("A-02", "Ad hoc", "operator", "TEA-01", "T1", "6", "6", "0", "matched")


def test_every_count_newest_first(page):
    history = page.history
    assert page.history.entry.hasFocus()
    assert "Scan a bin or an item" in page.banner.message
    assert history.explanation.text().startswith("Each line is one item (and lot) of a "
                                                 "counted bin")
    assert history.explanation.isVisible()
    assert [line(history.model, r) for r in range(history.model.rowCount())] == \
        [MUG_REVIEW, MUG_RECOUNT, TEA_OK]
    assert history.title.text() == "All counts: 3 line(s)"
    assert history.model.headerData(0, Qt.Orientation.Horizontal) == "When (UTC)"
    assert len(cell(history.model, 0, 0)) == 16  # YYYY-MM-DD HH:MM


def test_a_scan_shows_only_that_bin_and_escape_shows_all(main_window, page, keyboard):
    history = page.history
    keyboard.scan(main_window, "A-02")
    assert page.banner.level is Level.OK, page.banner.message
    assert page.banner.message.startswith("A-02: 1 counted line(s)")
    assert [line(history.model, r) for r in range(history.model.rowCount())] == [TEA_OK]
    assert history.title.text() == "Counts of bin A-02: 1 line(s). Escape shows all counts."
    keyboard.key(main_window, Qt.Key.Key_Escape)
    assert history.model.rowCount() == 3 and history.target is None
    assert history.title.text() == "All counts: 3 line(s)"
    assert page.banner.level is Level.INFO


def test_an_item_scanned_or_typed(main_window, page, keyboard):
    history = page.history
    keyboard.scan(main_window, EAN13)  # the mug's barcode
    assert [line(history.model, r) for r in range(history.model.rowCount())] == \
        [MUG_REVIEW, MUG_RECOUNT]
    assert history.title.text().startswith("Counts of item MUG-01: 2 line(s)")
    keyboard.person(main_window, "TEA-01\r")
    assert [line(history.model, r) for r in range(history.model.rowCount())] == [TEA_OK]
    # Escape first clears what is being typed, then the filter.
    keyboard.person(main_window, "A-0")
    keyboard.key(main_window, Qt.Key.Key_Escape)
    assert history.entry.text() == "" and history.target.code == "TEA-01"
    keyboard.key(main_window, Qt.Key.Key_Escape)
    assert history.model.rowCount() == 3


def test_a_bin_never_counted_and_an_unknown_code(main_window, page, keyboard):
    keyboard.scan(main_window, "B-01")
    assert page.banner.level is Level.WARNING
    assert page.banner.message == "B-01 has never been counted. Escape shows all counts."
    assert page.history.model.rowCount() == 0
    assert page.history.title.text() == ("Counts of bin B-01: never counted. Escape shows all "
                                         "counts.")
    keyboard.scan(main_window, "NOPE")
    assert page.banner.level is Level.ERROR and "Unknown code 'NOPE'" in page.banner.message
    assert page.history.target.code == "B-01"  # an unknown code keeps what is shown


def test_a_decision_shows_in_the_history(main_window, page, keyboard):
    page.review.confirm = lambda question: True
    keyboard.key(main_window, Qt.Key.Key_1, CTRL)
    keyboard.key(main_window, Qt.Key.Key_A, CTRL)
    assert page.banner.level is Level.OK, page.banner.message
    keyboard.key(main_window, Qt.Key.Key_4, CTRL)
    assert line(page.history.model, 0)[-2:] == ("-7", "approved")


def test_the_history_model(qtmodeltester, world):
    model = HistoryModel()
    model.set_rows(count_views.history_rows())
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    target = count_views.identify("TEA-01")
    assert [h.sku for h in count_views.history_rows(target)] == ["TEA-01"]
