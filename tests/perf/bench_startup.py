"""Time a cold start of the window, from process start until the main window is shown.

    python tests/perf/bench_startup.py [--runs 5] [--workdir DIR] [--db EXISTING.sqlite]

Builds a demo warehouse with `python -m app --db X demo`, then runs
`python -m app --db X gui --smoke-test` --runs times with QT_QPA_PLATFORM=xcb on an Xvfb screen
(the script re-runs itself under `xvfb-run -a -s "-screen 0 1366x768x24"` when there is no
DISPLAY, so the X server's own start is not counted). Budget: <= 2 s, median and max reported.
--db times the same start on an existing database instead (e.g. the large generated one), to
see whether start-up grows with the warehouse.

The moment the window is shown is taken, in order of preference, from:
1. the app itself: BINWISE_SHOWN_FILE names a file the UI writes `time.time()` into (decimal
   text) once the main window is first shown;
2. tests/perf/shown_probe.py, which runs the same command and notes the first paint of the
   main window from outside the UI code;
3. the whole smoke-test run minus the smoke test's fixed wait (app.ui.app.SMOKE_TEST_MS), which
   overstates start-up by the time the test takes to grab the window, close and exit.
All three are measured from just before the process is started, so interpreter start and
imports count. Only the first run is cold in the OS file cache; later runs start warm.

An installed Binwise (or the frozen bundle) starts from compiled modules. Where
PYTHONDONTWRITEBYTECODE is set (it is on the development machines), every start would compile
every module again, which a user never pays: the runs then keep their compiled modules in a
folder of their own (PYTHONPYCACHEPREFIX), filled by one uncounted run first.

Budget: median <= 1 s on the demo warehouse, <= 1.5 s with --db (the large one).
The figure also goes to $BINWISE_BENCH_JSON (run_all.py) as JSON, through perfkit.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import perfkit  # noqa: E402

PROBE = Path(__file__).resolve().with_name("shown_probe.py")
BUDGET_S = 1.0  # the demo warehouse
BUDGET_LARGE_S = 1.5  # an existing (large) warehouse, --db
XVFB_SCREEN = "-screen 0 1366x768x24"


def smoke_test_wait() -> float:
    """The smoke test's fixed wait in seconds, read from the UI source without importing Qt
    here (importing it would warm the file cache for the runs being timed)."""
    source = (ROOT / "app" / "ui" / "app.py").read_text()
    found = re.search(r"^SMOKE_TEST_MS\s*=\s*(\d+)", source, re.M)
    return int(found.group(1)) / 1000 if found else 1.0


def build_demo(path: Path) -> None:
    if not (ROOT / "app" / "core" / "demo.py").exists():
        raise SystemExit("app/core/demo.py is not there yet: the demo command is needed to time "
                         "start-up on the demo warehouse")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "app", "--db", str(path), "demo"], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"`binwise demo` failed ({done.returncode}):\n{done.stderr}")
    print(f"Demo warehouse built in {time.perf_counter() - started:.1f} s: "
          f"{done.stdout.strip().splitlines()[0]}")


def read_time(path: Path) -> float | None:
    try:
        return float(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def one_run(command: list[str], env: dict, shown_file: Path, probe_file: Path,
            wait: float) -> dict:
    for marker in (shown_file, probe_file):
        marker.unlink(missing_ok=True)
    started = time.time()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    ended = time.time()
    result = {"exit": done.returncode, "whole": ended - started,
              "estimate": ended - started - wait, "stderr": done.stderr.strip()}
    shown = read_time(shown_file)
    probed = read_time(probe_file)
    result["marker"] = shown - started if shown is not None else None
    result["probe"] = probed - started if probed is not None else None
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, help="where the demo warehouse goes "
                        "(default: a temporary directory, removed afterwards)")
    parser.add_argument("--db", type=Path, help="time start-up on this existing database "
                        "instead of a new demo warehouse (the budget is for the demo)")
    parser.add_argument("--no-probe", action="store_true",
                        help="run `python -m app` itself, without the first-paint probe")
    args = parser.parse_args(argv)

    if not os.environ.get("DISPLAY"):
        if os.environ.get("BINWISE_BENCH_UNDER_XVFB"):
            raise SystemExit("xvfb-run started, but there is still no DISPLAY")
        if not shutil.which("xvfb-run"):
            raise SystemExit("No DISPLAY and no xvfb-run: install xvfb")
        env = dict(os.environ, BINWISE_BENCH_UNDER_XVFB="1")
        return subprocess.call(["xvfb-run", "-a", "-s", XVFB_SCREEN, sys.executable,
                                str(Path(__file__).resolve()), *(argv or sys.argv[1:])],
                               env=env)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-startup-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        if args.db is not None:
            db = args.db.resolve()
            if not db.exists():
                raise SystemExit(f"{db} does not exist")
            print(f"Starting on {db}")
        else:
            db = workdir / "demo.sqlite"
            build_demo(db)
        wait = smoke_test_wait()
        shown_file, probe_file = workdir / "shown.txt", workdir / "probe.txt"
        env = dict(os.environ, QT_QPA_PLATFORM="xcb", BINWISE_SHOWN_FILE=str(shown_file),
                   BINWISE_PROBE_FILE=str(probe_file))
        if env.pop("PYTHONDONTWRITEBYTECODE", None):
            env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
            one_run([sys.executable, "-m", "compileall", "-q", str(ROOT / "app")], env,
                    shown_file, probe_file, 0.0)
            print("Modules compiled once first, as an installed Binwise has them "
                  "(PYTHONDONTWRITEBYTECODE is set here)")
        entry = ["-m", "app"] if args.no_probe else [str(PROBE)]
        command = [sys.executable, *entry, "--db", str(db), "gui", "--smoke-test"]
        print(f"DISPLAY={os.environ['DISPLAY']}, load average {os.getloadavg()[0]:.2f} on "
              f"{os.cpu_count()} CPUs; smoke test waits {wait:.1f} s after showing")
        runs = []
        for number in range(1, args.runs + 1):
            run = one_run(command, env, shown_file, probe_file, wait)
            runs.append(run)
            shown = " ".join(f"{name} {run[name]:.2f} s" for name in ("marker", "probe")
                             if run[name] is not None)
            print(f"  run {number}: {shown or 'no marker'}; whole run {run['whole']:.2f} s "
                  f"(minus the wait: {run['estimate']:.2f} s), exit {run['exit']}"
                  f"{' (cold file cache)' if number == 1 else ''}")
            if run["exit"] != 0:
                print(f"    stderr: {run['stderr'][-800:]}")

        failed = [r for r in runs if r["exit"] != 0]
        if failed:
            # A window that never came up has no start-up time: the time until the failure
            # would read as a fast start.
            print(f"\n{len(failed)} of {len(runs)} smoke tests failed: no start-up figure. "
                  f"The first said: {failed[0]['stderr'][-300:] or 'nothing'}")
            return 1
        if all(run["marker"] is not None for run in runs):
            source, values = "the app's BINWISE_SHOWN_FILE marker", [r["marker"] for r in runs]
        elif all(run["probe"] is not None for run in runs):
            source, values = "the first-paint probe (the UI writes no BINWISE_SHOWN_FILE)", \
                [r["probe"] for r in runs]
        else:
            source, values = ("the whole smoke-test run minus its fixed wait (the UI writes no "
                              "BINWISE_SHOWN_FILE)"), [r["estimate"] for r in runs]
        median, worst = statistics.median(values), max(values)
        budget = BUDGET_S if args.db is None else BUDGET_LARGE_S
        verdict = "within" if worst <= budget else ("median within, max OVER"
                                                    if median <= budget else "OVER")
        print(f"\nStart to shown window, from {source}:")
        print(f"  median {median:.2f} s, max {worst:.2f} s over {len(values)} runs: "
              f"{verdict} budget ({budget:g} s)")
        perfkit.record(f"cold start to a shown window ({'demo' if args.db is None else db.name})",
                       unit="s", budget=budget, seconds=median, max=worst, n=len(values))
        estimates = [r["estimate"] for r in runs]
        print(f"  (whole run minus the wait: median {statistics.median(estimates):.2f} s, "
              f"max {max(estimates):.2f} s)")
        return 0 if median <= budget else 1
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
