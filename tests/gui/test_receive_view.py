"""The Receive view with a stand-in station: it passes input through and shows the answers,
deciding nothing itself."""

from dataclasses import dataclass, replace

import pytest
from PySide6.QtCore import Qt

from app.core.receiving import LineProgress
from app.stations.base import Feedback, Level, Scan
from app.ui.receive.receive_model import COL_RECEIVED
from app.ui.receive.receive_view import ReceiveView
from app.ui.widgets.sounds import Sounds

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class State:
    awaiting: str = "po"
    po_number: str | None = None
    supplier: str | None = None
    po_status: str | None = None
    lines: tuple = ()
    pending_qty: int | None = None
    current_item: str | None = None
    can_undo: bool = False
    last_line_id: int | None = None


class FakeStation:
    """Records calls; answers with whatever the test queued."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.answers: list[tuple[Feedback, State]] = []
        self.state = State()
        self.prompt = "Scan a purchase order"

    def answer(self, level, message, prompt, **state) -> None:
        self.answers.append((Feedback(level, message, prompt), replace(self.state, **state)))

    def _next(self, name, arg=None) -> Feedback:
        self.calls.append((name, arg))
        feedback, self.state = self.answers.pop(0)
        self.prompt = feedback.prompt
        return feedback

    def handle(self, scan: Scan) -> Feedback:
        return self._next("handle", scan)

    def enter(self, text: str) -> Feedback:
        return self._next("enter", text)

    def undo(self) -> Feedback:
        return self._next("undo")

    def finish(self) -> Feedback:
        return self._next("finish")


LINES = (LineProgress(7, 1, "MUG-01", "Mug", "none", 3, 0),
         LineProgress(8, 2, "TEA-01", "Tea", "lot", 2, 0))


@pytest.fixture
def station():
    return FakeStation()


@pytest.fixture
def sounds(qapp):
    return Sounds(enabled=False)


@pytest.fixture
def view(qtbot, station, sounds, show_focused):
    widget = ReceiveView(station, sounds)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    show_focused(widget, widget.entry)
    return widget


def test_starts_with_the_station_prompt(view):
    assert view.prompt.text() == "Scan a purchase order"
    assert view.banner.level is Level.INFO
    assert view.po_number.text() == "No purchase order open"
    assert not view.finish_button.isEnabled()
    assert not view.undo_button.isEnabled()


def test_a_scan_is_passed_on_and_its_answer_shown(qtbot, view, station, sounds):
    station.answer(Level.OK, "PO-1001 from Acme: 2 lines", "Scan items of PO-1001",
                   awaiting="item", po_number="PO-1001", supplier="Acme", po_status="open",
                   lines=LINES)
    with qtbot.waitSignal(sounds.played) as played:
        view.handle_scan("PO-1001")
    kind, scan = station.calls[0]
    assert kind == "handle" and scan.raw == "PO-1001" and scan.source == "scanner"
    assert played.args == ["ok"]
    assert view.banner.level is Level.OK
    assert view.banner.message == "PO-1001 from Acme: 2 lines"
    assert view.prompt.text() == "Scan items of PO-1001"
    assert view.po_number.text() == "PO-1001"
    assert view.po_supplier.text() == "Acme"
    assert view.po_status.text() == "OPEN"
    assert view.model.rowCount() == 2
    assert view.finish_button.isEnabled()
    assert view.recent.entries()[0][0] == "ok"
    assert "PO-1001" in view.recent.entries()[0][1]


def test_each_level_plays_its_sound(qtbot, view, station, sounds):
    heard: list[str] = []
    sounds.played.connect(heard.append)
    for level in (Level.OK, Level.WARNING, Level.ERROR, Level.INFO):
        station.answer(level, level.value, "Scan")
        view.handle_scan("X")
    assert heard == ["ok", "warning", "error"]
    assert [level for level, _ in view.recent.entries()] == ["info", "error", "warning", "ok"]


def test_the_received_line_is_highlighted(qtbot, view, station):
    received = (replace(LINES[0], received=1), LINES[1])
    station.answer(Level.OK, "+1 MUG-01", "Scan items", po_number="PO-1001", lines=received,
                   last_line_id=7, can_undo=True)
    view.handle_scan("4012345000016")
    assert view.model.highlight_line_id == 7
    assert view.model.data(view.model.index(0, COL_RECEIVED)) == "1"
    assert view.undo_button.isEnabled()


def test_typed_entry_goes_to_the_station_and_clears(qtbot, view, station):
    station.answer(Level.INFO, "Quantity 5: now scan the item.", "Scan the item to receive 5",
                   pending_qty=5)
    qtbot.keyClicks(view.entry, "5")
    qtbot.keyClick(view.entry, Qt.Key.Key_Return)
    assert station.calls == [("enter", "5")]
    assert view.entry.text() == ""
    assert view.pending.isVisible() and "5" in view.pending.text()
    assert view.prompt.text() == "Scan the item to receive 5"


def test_undo_and_finish_by_keyboard(qtbot, view, station):
    station.answer(Level.WARNING, "Last scan undone.", "Scan items")
    station.answer(Level.OK, "PO-1001 fully received.", "Scan a purchase order")
    station.answer(Level.OK, "Done again.", "Scan a purchase order")
    station.answer(Level.OK, "Done again.", "Scan a purchase order")
    window = view.windowHandle()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F10)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Enter,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier)
    assert [name for name, _ in station.calls] == ["undo", "finish", "finish", "finish"]
    assert view.banner.message == "Done again."


def test_buttons_click(qtbot, view, station):
    station.answer(Level.OK, "PO-1001 fully received.", "Scan a purchase order",
                   po_number="PO-1001", can_undo=True)
    view.handle_scan("PO-1001")
    station.answer(Level.WARNING, "Last scan undone.", "Scan items", po_number="PO-1001")
    station.answer(Level.OK, "PO-1001 fully received.", "Scan a purchase order")
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.finish_button, Qt.MouseButton.LeftButton)
    assert [name for name, _ in station.calls] == ["handle", "undo", "finish"]
    assert view.entry.hasFocus()  # a click leaves the keyboard where it was


def test_a_crashing_station_gives_a_red_banner_not_a_dead_window(qtbot, view, station, sounds):
    def broken(scan):
        raise RuntimeError("disk I/O error")

    station.handle = broken
    with qtbot.waitSignal(sounds.played) as played:
        view.handle_scan("PO-1001")
    assert played.args == ["error"]
    assert view.banner.level is Level.ERROR
    assert "disk I/O error" in view.banner.message


LONG_SUPPLIER = "Bergmann Kaffeerösterei GmbH"


def test_a_long_supplier_name_stays_whole_beside_the_pending_badge(qtbot, view, station):
    # The page's width in the 1366 x 768 window, beside the station keys.
    view.resize(1216, 700)
    station.answer(Level.INFO, "TEA-01 is tracked by lot", "Scan or type the lot of TEA-01",
                   awaiting="lot", po_number="PO-1001", supplier=LONG_SUPPLIER,
                   po_status="partial", lines=LINES, pending_qty=5, current_item="TEA-01")
    view.handle_scan("TEA-01")
    qtbot.waitUntil(lambda: view.pending.isVisible())
    supplier = view.po_supplier
    assert supplier.text() == LONG_SUPPLIER and supplier.isVisible()
    assert supplier.shown_text() == LONG_SUPPLIER and not supplier.is_elided()
    assert supplier.toolTip() == ""
    assert supplier.width() >= supplier.fontMetrics().horizontalAdvance(LONG_SUPPLIER)
    for badge in (view.pending, view.po_status, view.po_number):
        assert not supplier.geometry().intersects(badge.geometry())


def test_a_supplier_name_too_long_for_the_page_ends_in_an_ellipsis(qtbot, view, station):
    name = " ".join([LONG_SUPPLIER] * 6)
    station.answer(Level.OK, "PO-1001", "Scan items of PO-1001", awaiting="item",
                   po_number="PO-1001", supplier=name, po_status="open", lines=LINES)
    view.handle_scan("PO-1001")
    supplier = view.po_supplier
    qtbot.waitUntil(lambda: supplier.is_elided())
    assert supplier.text() == name
    assert supplier.shown_text().endswith("…")
    assert supplier.shown_text().startswith(LONG_SUPPLIER)
    assert supplier.toolTip() == name
    view.resize(3 * 1216, 700)  # room for it all: no tooltip needed
    qtbot.waitUntil(lambda: not supplier.is_elided())
    assert supplier.toolTip() == ""


def test_no_supplier_line_without_a_purchase_order(view):
    assert view.po_supplier.isHidden()
