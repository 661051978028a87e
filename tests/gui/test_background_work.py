"""The window's background work: results and progress come back on the main thread, in order;
a page's request while it is busy replaces the one waiting; a failure is said, not lost."""

import threading

import pytest
from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import QTableView

from app.ui.tasks.numbers_runner import Runner
from app.ui.tasks.worker import InlineWorker, ThreadWorker


@pytest.fixture
def worker(qapp):
    worker = ThreadWorker("work")
    yield worker
    worker.shutdown()


def test_results_come_back_on_the_main_thread_in_order(qtbot, worker):
    main = threading.get_ident()
    ran_on, delivered = [], []
    for n in range(5):
        worker.submit(lambda n=n: (ran_on.append(threading.get_ident()), n)[1],
                      lambda value: delivered.append((threading.get_ident(), value)))
    assert worker.busy
    qtbot.waitUntil(lambda: len(delivered) == 5)
    assert not worker.busy
    assert delivered == [(main, n) for n in range(5)]
    assert main not in ran_on


def test_a_failure_is_delivered_not_lost(qtbot, worker):
    errors = []
    worker.submit(lambda: 1 / 0, lambda value: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError) and not worker.busy


def test_a_page_plans_on_the_worker_with_progress(qtbot, worker):
    runner = Runner(worker=worker)
    progress, busy = [], []
    runner.progressed.connect(lambda done, total: progress.append((done, total)))
    runner.busy_changed.connect(busy.append)

    def plan(report):
        for done in range(1, 101):
            report(done, 100)
        return threading.get_ident()

    with qtbot.waitSignal(runner.finished) as finished:
        runner.start(plan)
    assert finished.args[0] != threading.get_ident()
    # Throttled to a few a second, the last one always sent.
    assert 1 <= len(progress) < 100 and progress[-1] == (100, 100)
    assert busy == [True, False] and not runner.busy


def test_a_request_while_busy_replaces_the_one_waiting(qtbot, worker):
    runner = Runner(worker=worker)
    release = threading.Event()
    results, busy = [], []
    runner.finished.connect(results.append)
    runner.busy_changed.connect(busy.append)
    runner.start(lambda report: release.wait(5) and "first")
    runner.start(lambda report: "second")
    runner.start(lambda report: "third")
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    # The first one's result is stale by the time it arrives: only the newest is shown.
    assert results == ["third"] and busy == [True, False]


def test_a_failed_plan_is_said(qtbot, worker):
    runner = Runner(worker=worker)
    with qtbot.waitSignal(runner.failed) as failed:
        runner.start(lambda report: {}["nothing"])
    assert "nothing" in failed.args[0] and not runner.busy


def test_without_a_worker_the_work_runs_at_once(qtbot):
    runner = Runner(worker=InlineWorker())
    results = []
    runner.finished.connect(results.append)
    runner.start(lambda report: (report(1, 1), "done")[1])
    assert results == ["done"] and not runner.busy


class _Model(QAbstractTableModel):
    def rowCount(self, parent=None):  # noqa: N802 (Qt's name)
        return 3

    def columnCount(self, parent=None):  # noqa: N802 (Qt's name)
        return 3

    def data(self, index, role):
        return None


def test_progress_from_the_worker_while_the_window_builds_tables(qtbot, worker):
    """The window builds a page (models connected to views) while a plan reports progress:
    both finish."""
    runner = Runner(worker=worker)
    runner.start(lambda report: [report(n, 20_000) for n in range(20_001)] and "planned")
    results = []
    runner.finished.connect(results.append)
    views = 0
    while runner.busy and views < 5_000:
        view = QTableView()
        view.setModel(_Model(view))
        view.deleteLater()
        views += 1
        qtbot.wait(0)
    qtbot.waitUntil(lambda: results == ["planned"], timeout=10_000)


def test_a_request_after_the_worker_stopped_is_said_not_left_busy(qapp):
    worker = ThreadWorker("work")
    worker.shutdown()
    runner = Runner(worker=worker)
    failed, busy = [], []
    runner.failed.connect(failed.append)
    runner.busy_changed.connect(busy.append)
    runner.start(lambda report: "never")
    assert not runner.busy and busy == [True, False]
    assert "shut down" in failed[0]
