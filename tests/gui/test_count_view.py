"""The Count page (F5) in the real window: today's list, a bin started by its scan, items
counted by scan bursts, the bin scanned again to close it, F10, Ctrl+E and Ctrl+Z, lots asked
for, and blindness: what the records expect never shows anywhere on the page."""

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QLineEdit, QWidget

from app.core import ledger
from app.core.locations import SUPPLIER, system_location
from app.db.models import Count, Item, ItemBarcode, ItemClass, Location, Lot, User
from app.stations.base import Level
from app.ui import theme
from app.ui.count.count_models import (
    CNT_COUNTED,
    CNT_SKU,
    DUE_BIN,
    DUE_KIND,
    DUE_STATUS,
    CountedModel,
    DueModel,
)
from app.ui.count.count_view import CountView
from tests.gui.conftest import EAN13, GTIN, TEA_GTIN, cell, in_bin, open_page

pytestmark = pytest.mark.gui

MUG_QTY = 37  # what the records expect in A-01: never to be seen on the Count page


@dataclass(frozen=True)
class CountWorld:
    user_id: int
    bins: dict[str, Location]
    mug: Item
    tea: Item
    lot: Lot


def build_count_world(planned_for: date | None = None) -> CountWorld:
    """Four bins; a mug (class C, 2.50) in A-01 and a tea by lot (class A, 4.00) in A-02, A-03
    empty; A-01 and A-02 are on the count list of `planned_for` when given."""
    user = User.get(User.name == "operator").id
    bins = {code: Location.create(code=code, kind="bin", sequence=n)
            for n, code in enumerate(("A-01", "A-02", "A-03", "B-01"), 1)}
    mug = Item.create(sku="MUG-01", name="Mug, blue, 300 ml", unit_cost="2.50")
    tea = Item.create(sku="TEA-01", name="Green tea 100 g", tracking="expiry", removal="fefo",
                      unit_cost="4.00")
    ItemBarcode.create(item=mug, code=GTIN)
    ItemBarcode.create(item=tea, code=TEA_GTIN)
    ItemClass.create(item=mug, klass="C")
    ItemClass.create(item=tea, klass="A")
    lot = Lot.create(item=tea, code="T1", expiry=date(2030, 1, 31))
    supplier = system_location(SUPPLIER).id
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, bins["A-01"].id, MUG_QTY, "receipt"),
                 ledger.MoveRequest(tea.id, lot.id, supplier, bins["A-02"].id, 6, "receipt")],
                user)
    if planned_for is not None:
        for code, klass in (("A-01", "C"), ("A-02", "A")):
            Count.create(location=bins[code], kind="scheduled", planned_for=planned_for,
                         klass=klass)
    return CountWorld(user, bins, mug, tea, lot)


@pytest.fixture
def world(db):
    return build_count_world(date.today())


@pytest.fixture
def view(qtbot, world, main_window):
    page = open_page(qtbot, main_window, Qt.Key.Key_F5)
    assert isinstance(page, CountView)
    return page


@pytest.fixture
def heard(view):
    sounds: list[str] = []
    view.sounds.played.connect(sounds.append)
    return sounds



def column(model, col):
    return [cell(model, r, col) for r in range(model.rowCount())]



def every_text(page: QWidget) -> list[str]:
    """Everything the page shows or would show on hovering: labels, buttons, boxes, every cell
    and header of every table."""
    texts = [page.window().windowTitle()]
    for widget in [page, *page.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for c in range(model.columnCount()):
                texts.append(str(model.headerData(c, Qt.Orientation.Horizontal)))
                for r in range(model.rowCount()):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        texts.append(str(cell(model, r, c, role)))
    return [t for t in texts if t]


def test_todays_list_in_walking_order_and_the_next_bin_big(view):
    assert column(view.due_model, DUE_BIN) == ["A-01", "A-02"]
    assert column(view.due_model, DUE_KIND) == ["Scheduled", "Scheduled"]
    assert column(view.due_model, DUE_STATUS) == ["to count", "to count"]
    assert view.bin.text() == "A-01"
    assert view.bin.font().pixelSize() >= 100
    assert view.due_title.text() == "Today's list: 2 bin(s) still to count"
    assert "2 bins to count today" in view.banner.message
    assert not view.close_button.isEnabled() and not view.undo_button.isEnabled()


def test_a_scan_burst_counts_a_bin_and_closes_it(qtbot, main_window, view, heard, keyboard):
    keyboard.scan(main_window, "A-01")
    assert view.station.state.bin == "A-01"
    assert heard == ["ok"]  # a bin taken gets its beep though nothing was counted yet
    assert view.where_caption.text().startswith("COUNTING")
    assert cell(view.due_model, 0, DUE_STATUS) == "counting now"
    assert view.close_button.isEnabled() and view.empty_button.isEnabled()
    keyboard.person(main_window, "35\r")  # a typed quantity for the next scan
    qtbot.waitUntil(lambda: view.pending.text() == "Next scan counts 35 each", timeout=2000)
    keyboard.scan(main_window, EAN13)
    keyboard.scan(main_window, EAN13)
    assert view.banner.level is Level.OK and view.banner.message == "+1 MUG-01: 36 counted."
    assert column(view.counted_model, CNT_SKU) == ["MUG-01"]
    assert column(view.counted_model, CNT_COUNTED) == ["36"]
    assert cell(view.counted_model, 0, CNT_SKU, Qt.ItemDataRole.BackgroundRole).color().name() \
        == theme.HIGHLIGHT_ROW
    assert view.counted_title.text() == "Counted so far: 1 line(s), 36 unit(s)"
    assert view.pending.text() == ""
    keyboard.scan(main_window, "A-01")  # the bin label again closes it
    assert view.banner.level is Level.OK, view.banner.message
    assert "A-01 counted. 1 small difference(s) adjusted." in view.banner.message
    assert theme.LEVEL_COLOURS[Level.OK].background in view.banner.styleSheet()
    assert in_bin("A-01") == 36  # one short, within class C's tolerance: adjusted at once
    assert heard[-1] == "ok"
    assert column(view.due_model, DUE_BIN) == ["A-02"]
    assert view.bin.text() == "A-02" and view.counted_model.rowCount() == 0


def test_the_expected_quantity_never_shows(qtbot, main_window, view, keyboard):
    def assert_blind():
        leaks = [t for t in every_text(view) if str(MUG_QTY) in t]
        assert leaks == []

    assert_blind()
    keyboard.scan(main_window, "A-01")
    assert_blind()
    for _ in range(3):
        keyboard.scan(main_window, EAN13)
        assert_blind()
    keyboard.person(main_window, "30\r")
    qtbot.waitUntil(lambda: view.pending.text() != "", timeout=2000)
    assert_blind()
    keyboard.scan(main_window, "MUG-01")
    assert view.counted_model.rows()[0].counted == 33
    assert_blind()
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert_blind()
    keyboard.scan(main_window, "A-02")  # refused while A-01 is open
    assert view.banner.level is Level.ERROR
    assert_blind()


def test_f10_closes_ctrl_z_takes_back_and_a_large_variance_is_counted_again(
        qtbot, main_window, view, heard, keyboard):
    keyboard.scan(main_window, "A-01")
    keyboard.scan(main_window, EAN13)
    keyboard.scan(main_window, EAN13)
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.WARNING and "taken back" in view.banner.message
    assert column(view.counted_model, CNT_COUNTED) == ["1"]
    assert not view.empty_button.isEnabled()  # something was counted: not empty
    keyboard.key(main_window, Qt.Key.Key_F10)
    assert view.banner.level is Level.WARNING
    assert "Count A-01 again" in view.banner.message
    assert theme.LEVEL_COLOURS[Level.WARNING].background in view.banner.styleSheet()
    assert heard[-1] == "warning"
    assert in_bin("A-01") == MUG_QTY  # nothing adjusted before the recount
    assert column(view.due_model, DUE_KIND) == ["Recount", "Scheduled"]
    assert cell(view.due_model, 0, DUE_BIN, Qt.ItemDataRole.BackgroundRole).color().name() \
        == theme.EXPIRING_ROW
    assert view.kind.text().startswith("Recount")


def test_an_unlisted_bin_is_counted_ad_hoc_and_ctrl_e_confirms_it_empty(
        main_window, view, keyboard):
    keyboard.scan(main_window, "A-03")
    assert "Not on today's list" in view.banner.message
    assert view.kind.text() == "Ad-hoc count"
    assert ("A-03", "Ad hoc", "counting now") in [
        tuple(cell(view.due_model, r, c) for c in (DUE_BIN, DUE_KIND, DUE_STATUS))
        for r in range(view.due_model.rowCount())]
    assert view.entry.hasFocus()  # Ctrl+E is "end of line" to a line edit on X11
    keyboard.key(main_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.OK
    assert view.banner.message == "A-03 confirmed empty. Records match."
    assert Count.get(Count.location == Location.get(Location.code == "A-03")).status == "done"


def test_a_tracked_item_asks_for_its_lot(qtbot, main_window, view, heard, keyboard):
    keyboard.scan(main_window, "A-02")
    keyboard.person(main_window, "5\r")
    qtbot.waitUntil(lambda: view.pending.text() != "", timeout=2000)
    keyboard.scan(main_window, TEA_GTIN)
    assert view.station.state.awaiting == "lot"
    assert view.where_caption.text().startswith("LOT")
    assert "tracked by lot" in view.banner.message and heard[-1] == "ok"
    assert view.undo_button.isEnabled()
    keyboard.scan(main_window, "T1")
    keyboard.scan(main_window, f"{TEA_GTIN}")
    keyboard.scan(main_window, "T1")
    assert [(c.sku, c.lot, c.counted) for c in view.counted_model.rows()] == \
        [("TEA-01", "T1", 6)]
    keyboard.scan(main_window, "A-02")
    assert view.banner.level is Level.OK and "Records match" in view.banner.message


def test_a_refused_scan_changes_nothing(main_window, view, heard, keyboard):
    keyboard.scan(main_window, "NO-SUCH-CODE")
    assert view.banner.level is Level.ERROR and "Unknown code" in view.banner.message
    assert heard == ["error"]
    keyboard.scan(main_window, EAN13)  # an item before any bin
    assert "is not a bin" in view.banner.message
    assert view.station.state.bin is None


def test_models(qtmodeltester, world):
    from app.stations.count import CountedLine, DueBin

    due = DueModel()
    due.set_rows([DueBin("A-01", "scheduled", "counting"), DueBin("A-02", "recount", "planned")])
    qtmodeltester.check(due)
    assert cell(due, 0, DUE_BIN, Qt.ItemDataRole.FontRole).bold()
    counted = CountedModel()
    counted.set_rows([CountedLine("MUG-01", "Mug", None, 3), CountedLine("TEA-01", "Tea", "T1",
                                                                          2)])
    qtmodeltester.check(counted)
    assert [counted.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == \
        ["SKU", "Item", "Lot", "Counted"]


def test_the_list_is_made_once_a_day_and_again_after_a_failure(qtbot, world, silent_sounds):
    from app.stations.count import CountStation

    day = [date.today()]
    station = CountStation(world.user_id, today=lambda: day[0])
    calls: list[date] = []
    prepare = station.prepare

    def flaky_prepare():
        calls.append(day[0])
        if len(calls) == 1:
            raise OSError("database is locked")
        return prepare()

    station.prepare = flaky_prepare
    view = CountView(station, silent_sounds, today=lambda: day[0], load_policy=None)
    qtbot.addWidget(view)
    view.show()
    assert view.banner.level is Level.ERROR and "database is locked" in view.banner.message
    view.hide()
    view.show()
    assert view.banner.level is Level.INFO and "2 bins to count today" in view.banner.message
    view.hide()
    view.show()
    assert len(calls) == 2  # the same day: not again
    day[0] = date.fromordinal(day[0].toordinal() + 1)
    view.hide()
    view.show()
    assert len(calls) == 3


def test_ctrl_shift_x_cancels_the_count_and_an_open_count_is_carried_on(
        main_window, view, keyboard):
    assert not view.cancel_button.isEnabled()
    keyboard.scan(main_window, "A-01")
    keyboard.scan(main_window, EAN13)
    keyboard.key(main_window, Qt.Key.Key_X,
                 Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.banner.level is Level.WARNING
    assert "cancelled: nothing was booked" in view.banner.message
    assert in_bin("A-01") == MUG_QTY
    assert not view.cancel_button.isEnabled()
    # A count another station (or a crash) left open is carried on, not refused.
    keyboard.scan(main_window, "A-02")
    view.station._count = None
    keyboard.scan(main_window, "A-02")
    assert view.banner.level is Level.WARNING
    assert "A-02 was already being counted: carrying on" in view.banner.message
    assert view.cancel_button.isEnabled()


def test_a_scan_redraws_its_own_rows_and_rebuilds_no_table(qtbot, main_window, view, keyboard):
    redrawn: list[tuple[str, int]] = []
    for name, model in (("counted", view.counted_model), ("due", view.due_model)):
        model.dataChanged.connect(
            lambda top, bottom, *roles, name=name: redrawn.extend(
                (name, row) for row in range(top.row(), bottom.row() + 1)))
    keyboard.scan(main_window, "A-01")
    assert redrawn == [("due", 0)]  # A-01 is being counted now; A-02 is not touched
    keyboard.scan(main_window, EAN13)
    redrawn.clear()
    with qtbot.assertNotEmitted(view.counted_model.modelReset), \
            qtbot.assertNotEmitted(view.due_model.modelReset):
        keyboard.scan(main_window, EAN13)
    assert view.banner.message == "+1 MUG-01: 2 counted."
    assert redrawn == [("counted", 0)]
    with qtbot.assertNotEmitted(view.due_model.modelReset):
        keyboard.scan(main_window, "A-01")  # closed (2 of 37: to be counted again)
    assert view.banner.level is Level.WARNING, view.banner.message
    assert column(view.due_model, DUE_BIN)[-1] == "A-02"


def test_counting_an_item_does_not_read_todays_list_again(main_window, view, keyboard,
                                                          monkeypatch):
    reads: list[int] = []
    due_list = view.station.due_list
    monkeypatch.setattr(view.station, "due_list", lambda: reads.append(1) or due_list())
    keyboard.scan(main_window, "A-01")
    assert len(reads) == 1  # the bin's row turns "counting now"
    keyboard.scan(main_window, EAN13)
    keyboard.scan(main_window, "NOT-A-CODE")
    assert view.banner.level is Level.ERROR
    assert len(reads) == 1
    assert column(view.counted_model, CNT_COUNTED) == ["1"]
    keyboard.scan(main_window, "A-01")
    assert len(reads) == 2
