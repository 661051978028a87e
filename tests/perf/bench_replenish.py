"""Time replenishment planning and the reports on a large warehouse.

    python tests/perf/bench_replenish.py DB.sqlite [--repeat 3] [--profile] [--in-place]

On a copy of DB (unless --in-place): the ABC classes are computed first (untimed; they set each
item's service level), then `plan_items()` for every item and each report of app.core.reports
over the last 90 days are run --repeat times. Prints wall and CPU time of each run and the
median against the budgets: planning <= 3 s, each report <= 2 s. Exits 1 when over budget;
--profile (or being over budget) adds a cProfile of one more run. --ui also runs each on the
pages' background runner with a 10 ms timer on the UI thread and reports the longest gap
between its ticks (the longest the window would freeze; budget 100 ms); `idle` is the same
with a worker that only sleeps, to tell the machine's own delays from the work's.
"""

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perfkit  # noqa: E402
from perfkit import machine_state  # noqa: E402

from app.core import abc  # noqa: E402
from app.core.count_policy import load_policy  # noqa: E402
from app.core.replenishment.plan import plan_items  # noqa: E402

BUDGET_PLAN_S = 3.0
BUDGET_REPORT_S = 2.0
BUDGET_FREEZE_MS = 100.0
TICK_MS = 10


def _reports() -> dict:
    """Every report, as the Reports page and `binwise report` run them (none yet: empty)."""
    try:
        from app.core.reports import REPORTS
    except ImportError:
        return {}
    return REPORTS


def _time(name: str, call, repeat: int) -> float:
    walls = []
    for run in range(repeat):
        cpu = time.process_time()
        started = time.perf_counter()
        result = call()
        wall = time.perf_counter() - started
        walls.append(wall)
        size = len(result) if hasattr(result, "__len__") else len(getattr(result, "rows", []))
        print(f"  {name:<16} run {run + 1}: {wall:6.2f} s wall, "
              f"{time.process_time() - cpu:6.2f} s CPU, {size:,} rows")
    return statistics.median(walls)


def ui_gaps(name: str, work) -> float:
    """Run `work` on the pages' background runner while a 10 ms timer ticks on the UI thread;
    returns the longest gap between ticks (how long the window would have been frozen)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.tasks.numbers_runner import Runner
    from app.ui.tasks.worker import ThreadWorker

    app = QApplication.instance() or QApplication([])
    worker = ThreadWorker("work")
    runner, loop, clock = Runner(worker=worker), QEventLoop(), QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    runner.finished.connect(loop.quit)
    runner.failed.connect(lambda message: (print(f"  {name} failed: {message}"), loop.quit()))
    clock.start()
    timer.start()
    runner.start(lambda progress: work())
    loop.exec()
    timer.stop()
    worker.shutdown()
    worst = max(gaps, default=0.0) - TICK_MS
    print(f"  {name:<16} in the window: longest freeze {worst:.0f} ms over {len(gaps)} ticks")
    del app
    return worst


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--in-place", action="store_true")
    parser.add_argument("--ui", action="store_true",
                        help="also run each on the window's worker and time the longest freeze")
    args = parser.parse_args(argv)
    over = False
    with perfkit.working_copy(args.db, args.in_place, "replenish"):
        summary = abc.recompute_classes(load_policy())
        print("Classes: " + ", ".join(f"{k} {v}" for k, v in summary.counts.items()))
        print(f"Before: {machine_state()}")
        results = {}
        median = _time("replenishment", plan_items, args.repeat)
        results["replenishment"] = (median, BUDGET_PLAN_S)
        end = date.today()
        start = end - timedelta(days=90)
        for name, report in _reports().items():
            median = _time(name, lambda r=report: r.run(start, end), args.repeat)
            results[name] = (median, BUDGET_REPORT_S)
        if args.ui:
            ui_gaps("idle", lambda: time.sleep(5))
            freeze = ui_gaps("replenishment", plan_items)
            results["window freeze (ms)"] = (freeze / 1000, BUDGET_FREEZE_MS / 1000)
            for name, report in _reports().items():
                ui_gaps(name, lambda r=report: r.run(start, end))
        print(f"After: {machine_state()}")
        print("\nMedian against budget:")
        for name, (median, budget) in results.items():
            flag = "ok" if median <= budget else "OVER"
            over |= median > budget
            perfkit.record(f"{name} (90 days)" if budget == BUDGET_REPORT_S else name,
                           unit="s", budget=budget, seconds=median)
            print(f"  {name:<16} {median:6.2f} s  (budget {budget:.0f} s)  {flag}")
        if args.profile or over:
            with perfkit.profiled("plan_items"):
                plan_items()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
