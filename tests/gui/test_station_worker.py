"""Stations on the background worker: a scan that waits for another program's write never
freezes the window, says "Saving...", and is booked in order once the lock is free."""

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from app.db import retry
from app.db.models import Move
from app.stations.base import Feedback, Level, Scan
from app.stations.receive import ReceiveStation
from app.ui.receive.receive_view import ReceiveView
from app.ui.tasks.worker import ThreadWorker
from app.ui.widgets.station_view import SAVING_TEXT
from tests.lock_holder import hold_lock


@pytest.fixture
def patient():
    before = retry.patience()
    retry.set_patience(None)
    yield
    retry.set_patience(before)


@pytest.fixture
def worker(qapp):
    worker = ThreadWorker("station")
    yield worker
    worker.shutdown()


def test_a_scan_waiting_for_the_lock_keeps_the_window_alive(
        qtbot, receive_world, db_path, silent_sounds, worker, patient):
    view = ReceiveView(ReceiveStation(receive_world.user_id), silent_sounds)
    qtbot.addWidget(view)
    view.set_worker(worker)
    view.handle_scan("PO-1001")
    qtbot.waitUntil(lambda: not view.busy)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()

    holder = hold_lock(db_path, 1.5)
    view.handle_scan(receive_world.ean13)
    view.entry.entered.emit("2")  # a typed quantity for the next scan, queued behind it
    view.handle_scan(receive_world.ean13)
    qtbot.waitUntil(lambda: view.banner.message == SAVING_TEXT, timeout=1000)
    assert Move.select().count() == 0  # still waiting its turn
    qtbot.waitUntil(lambda: not view.busy, timeout=15_000)
    timer.stop()
    holder.wait(10)

    assert view.banner.level is Level.OK
    assert [m.qty for m in Move.select().order_by(Move.id)] == [1, 2]
    waiting = [t for t in ticks if t < ticks[-1]]
    gaps = [b - a for a, b in zip(waiting, waiting[1:], strict=False)]
    assert len(ticks) > 50 and max(gaps) < 0.5, "the event loop stalled while the scan waited"


class SlowStation:
    """Answers each scan after a pause; records the thread and the order it saw them in."""

    prompt = "Scan"
    state = None

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.threads: set[str] = set()

    def handle(self, scan: Scan) -> Feedback:
        time.sleep(0.05 if scan.raw == "FIRST" else 0.001)
        self.seen.append(scan.raw)
        self.threads.add(threading.current_thread().name)
        return Feedback(Level.OK, f"took {scan.raw}", "Scan")


def test_scans_are_answered_in_the_order_they_came(qtbot, silent_sounds, worker):
    station = SlowStation()
    view = ReceiveView(station, silent_sounds)
    view._render_state = lambda: None  # the stand-in has no state to draw
    qtbot.addWidget(view)
    view.set_worker(worker)
    codes = ["FIRST", "SECOND", "THIRD", "FOURTH"]
    for code in codes:
        view.handle_scan(code)
    qtbot.waitUntil(lambda: not view.busy, timeout=5000)
    assert station.seen == codes
    assert station.threads and threading.current_thread().name not in station.threads
    shown = [text.split("\n")[0].split()[-1] for _, text in reversed(view.recent.entries())]
    assert shown == codes
    assert view.banner.message == "took FOURTH"


def test_the_window_scans_on_its_station_worker(qtbot, db_path, receive_world, scanner,
                                                silent_sounds, show_focused, keyboard,
                                                patient):
    """The real window as the app opens it (threaded): scanner keystrokes in, a scan that
    waits for another program's write, the answer on the page once it is booked."""
    from app.ui.main_window import MainWindow

    window = MainWindow(db_path, receive_world.user_id, "operator", scanner=scanner,
                        sounds=silent_sounds, threaded=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.switch_to(window.page_index("Receive"))
    view = window.current_view()
    show_focused(window, view.entry)
    try:
        keyboard.scan(window, "PO-1001")
        qtbot.waitUntil(lambda: view.po_number.text() == "PO-1001", timeout=5000)
        holder = hold_lock(db_path, 1.0)
        keyboard.scan(window, receive_world.ean13)
        assert view.busy  # answered later, on the main thread
        qtbot.waitUntil(lambda: view.banner.message == SAVING_TEXT, timeout=1000)
        qtbot.waitUntil(lambda: not view.busy, timeout=15_000)
        holder.wait(10)
    finally:
        window.shutdown_workers()
    assert view.banner.level is Level.OK, view.banner.message
    assert Move.select().count() == 1
