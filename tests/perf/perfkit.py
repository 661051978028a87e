"""What the station benchmarks share: a working copy of the large database, timing of each call,
percentiles, the machine's load, profiles, and the codes a scanner sends for an item or lot.

Not a benchmark itself; the bench_*.py scripts beside it import it.
"""

import atexit
import contextlib
import cProfile
import io
import json
import os
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.db import close_database, open_database  # noqa: E402
from app.db.migrations import SCHEMA_VERSION  # noqa: E402
from app.db.models import database  # noqa: E402

# Every benchmark's figures, also as JSON: the file BINWISE_BENCH_JSON names (run_all.py sets
# it) gets {"figures": [...]} when the benchmark exits, one entry per record() call.
JSON_ENV = "BINWISE_BENCH_JSON"
# What one scan at a station may cost in CPU, median (issue "Speed").
SCAN_CPU_BUDGET_MS = 0.8
# What one scan may take by the clock, p95, its durable commit included (issue "Speed"; the
# stations' first budget was 5 ms).
SCAN_WALL_BUDGET_MS = 2.0
_figures: list[dict] = []


def record(what: str, unit: str = "ms", budget: float | None = None, **values) -> None:
    """Note one measured figure set (e.g. p50/p95 of a kind of call) for the JSON output;
    `budget` is what the main value (p95, or `seconds`) is judged against, if anything;
    `cpu_budget`, when given, is what `cpu_p50` is judged against. The load average at the
    moment goes with it: a figure means little without it."""
    entry = {"what": what, "unit": unit, "budget": budget}
    entry.update({k: (round(v, 3) if isinstance(v, float) else v) for k, v in values.items()})
    entry.setdefault("load", round(os.getloadavg()[0], 2))
    _figures.append(entry)


def code_version() -> str:
    """The commit the benchmarked code is at (`+` when the working tree has changes), so a
    figure can be tied to the change that made it."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "app"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + ("+" if dirty else "")


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    return {"n": len(ordered), "p50": percentile(ordered, 50), "p95": percentile(ordered, 95),
            "p99": percentile(ordered, 99), "max": ordered[-1]}


@atexit.register
def _write_figures() -> None:
    target = os.environ.get(JSON_ENV)
    # Nothing recorded (a benchmark that re-ran itself under xvfb-run, say): the run that
    # measured has written the file, and an empty one must not replace it.
    if not target or not _figures:
        return
    one, five, _ = os.getloadavg()
    with open(target, "w", encoding="utf-8") as out:
        json.dump({"script": Path(sys.argv[0]).name, "commit": code_version(),
                   "load_average": [one, five], "cpus": os.cpu_count(), "figures": _figures},
                  out, indent=1)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(pct / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    return (f"n {len(ordered):5d}  p50 {percentile(ordered, 50):7.2f}  "
            f"p95 {percentile(ordered, 95):7.2f}  p99 {percentile(ordered, 99):7.2f}  "
            f"max {ordered[-1]:8.2f}  mean {statistics.fmean(ordered):7.2f}")


def machine_state() -> str:
    """How busy the machine is: other processes' CPU and disk use show up in the tail."""
    one, five, _ = os.getloadavg()
    state = f"load average {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} CPUs"
    try:
        with open("/proc/pressure/io") as pressure:
            some = pressure.readline().split()[1].split("=")[1]
        state += f", I/O pressure {some}%"
    except (OSError, IndexError):
        pass
    return state


def copy_database(source: Path, target: Path) -> float:
    """Copy the database file (and its WAL, if any) and return the seconds it took."""
    started = time.perf_counter()
    for suffix in ("", "-wal"):
        part = Path(f"{source}{suffix}")
        if part.exists():
            shutil.copyfile(part, f"{target}{suffix}")
    return time.perf_counter() - started


@contextlib.contextmanager
def working_copy(db: Path, in_place: bool = False, label: str = "bench") -> Iterator[Path]:
    """Open a copy of `db` (next to it, removed afterwards) as the app opens a file, so runs
    are repeatable and the generated warehouse stays as built. Migrates an older file first
    and says so; everything the copy and the migration wrote reaches the disk before the
    caller times anything."""
    if not db.exists():
        raise SystemExit(f"{db} does not exist (build it with tests/perf/generate.py)")
    workdir = None
    path = db
    if not in_place:
        workdir = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=db.parent))
        path = workdir / db.name
        print(f"Working on a copy ({copy_database(db, path):.1f} s to copy)")
    try:
        with contextlib.closing(sqlite3.connect(path)) as probe:
            version = probe.execute("PRAGMA user_version").fetchone()[0]
        started = time.perf_counter()
        open_database(path)
        if version < SCHEMA_VERSION:
            print(f"The file had schema {version}, this code has {SCHEMA_VERSION}: migrated it "
                  f"in {time.perf_counter() - started:.0f} s before timing (regenerate it to "
                  f"skip this)")
        settle()
        moves = database.execute_sql("SELECT MAX(id) FROM move").fetchone()[0] or 0
        mode = database.execute_sql("PRAGMA journal_mode").fetchone()[0]
        sync = database.execute_sql("PRAGMA synchronous").fetchone()[0]
        print(f"{path}: {moves:,} moves, journal_mode={mode}, synchronous={sync} (2 = FULL)")
        yield path
    finally:
        close_database()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def settle() -> None:
    """Checkpoint the WAL and flush the OS cache, so set-up writes (the copy, a migration,
    stock received for the benchmark) are not paid for by the first timed calls."""
    database.execute_sql("PRAGMA optimize")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()


def measure(call: Callable, *args, **kwargs) -> tuple[object, float, float]:
    """Run `call`; returns what it returned, its wall time and its CPU time in ms."""
    cpu_started = time.thread_time()
    started = time.perf_counter()
    result = call(*args, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    return result, elapsed, (time.thread_time() - cpu_started) * 1000


def scan(station, timings: "Timings", kind: str, text: str, refusals: list | None = None, *,
         typed: bool = False, refusal_expected: bool = False):
    """Hand `text` to a station as its scanner would (`handle(Scan(text))`) or as typed
    (`enter(text)`), timed into `timings` under `kind`, commit included. A refusal that was not
    expected (or no refusal where one was) is noted in `refusals` as (kind, text, message).
    Returns the feedback."""
    from app.stations.base import Scan

    if typed:
        feedback = timings.time(kind, station.enter, text)
    else:
        feedback = timings.time(kind, station.handle, Scan(text))
    if refusals is not None and feedback.refused != refusal_expected:
        refusals.append((kind, text, feedback.message))
    return feedback


# The Timings whose call is running now: instrument() notes inner calls only inside it.
_active: list["Timings"] = []


class Timings:
    """Wall and CPU milliseconds of each timed call, grouped by kind, with the outcome."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, str]] = []

    def time(self, kind: str, call: Callable, *args, **kwargs):
        """Run `call` and note its time; returns what it returned."""
        _active.append(self)
        try:
            result, elapsed, cpu = measure(call, *args, **kwargs)
        finally:
            _active.pop()
        self.add(kind, elapsed, cpu, getattr(getattr(result, "level", None), "value", ""))
        return result

    def add(self, kind: str, elapsed_ms: float, cpu_ms: float, level: str = "") -> None:
        self.rows.append((kind, elapsed_ms, cpu_ms, level))

    def __len__(self) -> int:
        return len(self.rows)

    def wall(self, kind: str | None = None) -> list[float]:
        return [ms for k, ms, _, _ in self.rows if kind is None or k == kind]

    def p95(self, kind: str | None = None) -> float:
        return percentile(sorted(self.wall(kind)), 95)

    def cpu(self, kind: str | None = None) -> list[float]:
        return [cpu for k, _, cpu, _ in self.rows if kind is None or k == kind]

    def report(self, title: str, budget_ms: float | None = None,
               cpu_budget_ms: float | None = None) -> float:
        """Print overall and per-kind figures; returns the overall p95 in ms. `cpu_budget_ms`
        is what the median CPU time of a call may be (printed, recorded, judged by run_all)."""
        if not self.rows:
            print(f"\n{title}: nothing timed")
            return float("nan")
        print(f"\n{title} (ms per call):")
        print(f"  {'all':<14} {summary(self.wall())}")
        kinds = list(dict.fromkeys(k for k, _, _, _ in self.rows))
        by_kind = {}
        if len(kinds) > 1:
            for kind in kinds:
                cpu_of = percentiles(self.cpu(kind))
                print(f"  {kind:<14} {summary(self.wall(kind))}  cpu p50 {cpu_of['p50']:5.2f}")
                by_kind[kind] = {**percentiles(self.wall(kind)), "cpu_p50": cpu_of["p50"],
                                 "cpu_p95": cpu_of["p95"]}
        # CPU time is what the code costs; the rest of the wall time is waiting for the disk
        # (fsync of the commit) or for a CPU that other processes hold.
        print(f"  {'cpu, all':<14} {summary([cpu for _, _, cpu, _ in self.rows])}")
        levels: dict[str, int] = defaultdict(int)
        for _, _, _, level in self.rows:
            levels[level or "-"] += 1
        if any(level != "-" for level in levels):
            print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())))
        p95 = self.p95()
        cpu = percentiles(self.cpu())
        extra: dict = {} if cpu_budget_ms is None else {"cpu_budget": cpu_budget_ms}
        if by_kind:
            extra["kinds"] = {kind: {k: round(v, 3) if isinstance(v, float) else v
                                     for k, v in figures.items()}
                              for kind, figures in by_kind.items()}
        record(title.strip(), budget=budget_ms, **percentiles(self.wall()),
               cpu_p50=cpu["p50"], cpu_p95=cpu["p95"], **extra)
        if budget_ms is not None:
            verdict = "within" if p95 <= budget_ms else "OVER"
            print(f"  p95 {p95:.2f} ms: {verdict} budget ({budget_ms:g} ms); {machine_state()}")
        if cpu_budget_ms is not None:
            verdict = "within" if cpu["p50"] <= cpu_budget_ms else "OVER"
            print(f"  CPU p50 {cpu['p50']:.2f} ms: {verdict} budget ({cpu_budget_ms:g} ms)")
        return p95

    def cpu_over(self, cpu_budget_ms: float) -> bool:
        return percentiles(self.cpu())["p50"] > cpu_budget_ms


@contextlib.contextmanager
def instrument(owner, name: str, during: Timings, into: Timings, kind: str | None = None):
    """Time every call of `owner.name` made while `during` times a call, into `into`: what
    part of a scan one function takes. The caller must look the function up on `owner` at
    call time (module.function), as the stations do."""
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        if not _active or _active[-1] is not during:
            return original(*args, **kwargs)
        result, elapsed, cpu = measure(original, *args, **kwargs)
        into.add(kind or name, elapsed, cpu)
        return result

    setattr(owner, name, timed)
    try:
        yield
    finally:
        setattr(owner, name, original)


def print_profile(profiler: cProfile.Profile, title: str, top: int = 15) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(10)
    print(f"\n{title}: top {top} by cumulative time, then top 10 by own time:")
    # Keep the table, drop pstats' preamble lines about ordering.
    print("\n".join(line for line in out.getvalue().splitlines()
                    if line.strip() and not line.lstrip().startswith(("Ordered by",
                                                                       "List reduced"))))


@contextlib.contextmanager
def profiled(title: str, enabled: bool = True, top: int = 15) -> Iterator[None]:
    if not enabled:
        yield
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        print_profile(profiler, title, top)


def scanned_gtin(stored: str | None) -> str | None:
    """What the scanner sends for a stored barcode: a GTIN-13 is stored as 14 digits, the EAN-13
    label carries 13."""
    if stored and len(stored) == 14 and stored.isdigit() and stored[0] == "0":
        return stored[1:]
    return stored


def gs1_label(gtin14: str, lot: str | None = None, expiry: str | date | None = None,
              count: int | None = None) -> str:
    """A GS1-128 lot label as the scanner sends it (AIM ]C1, GS between variable fields)."""
    text = f"]C101{gtin14}"
    if expiry:
        day = expiry if isinstance(expiry, date) else date.fromisoformat(str(expiry)[:10])
        text += f"17{day:%y%m%d}"
    if count:
        text += f"30{count}\x1d"
    if lot:
        text += f"10{lot}"
    return text.rstrip("\x1d")


def first_gtins(item_ids: list[int]) -> dict[int, str]:
    """item id -> its first stored GTIN (14 digits), for items that have one."""
    out: dict[int, str] = {}
    for start in range(0, len(item_ids), 900):
        chunk = item_ids[start:start + 900]
        marks = ",".join("?" * len(chunk))
        for item_id, code in database.execute_sql(
                f"SELECT item_id, MIN(code) FROM item_barcode WHERE kind = 'gtin' "
                f"AND item_id IN ({marks}) GROUP BY item_id", tuple(chunk)):
            out[item_id] = code
    return out


def workday_on_or_after(day: date) -> date:
    """Counts are planned on working days (Monday to Friday by default)."""
    while day.isoweekday() > 5:
        day = date.fromordinal(day.toordinal() + 1)
    return day
