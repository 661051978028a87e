"""Time the headless stock commands on a large warehouse.

    python tests/perf/bench_stock.py DB.sqlite [--repeat 3] [--breakdown]

Runs, as a user would, in a fresh process each time:
- `python -m app --db DB stock --json > /dev/null`   budget: <= 10 s
- `python -m app --db DB check`                       no budget; its time is reported

Wall time is measured around the whole process (interpreter start, imports, opening the file,
the query, writing the output, closing). With --breakdown the same work is also timed in this
process, step by step, to show where the time goes (SQL vs. building rows vs. ways of writing
JSON; the ledger's GROUP BY, recompute() and the whole check report).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import perfkit  # noqa: E402

BUDGET_STOCK_S = 10.0
BUDGET_CHECK_S = 2.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(args: list[str], stdout) -> tuple[float, int, float]:
    """Run a command; returns its wall time, exit code and CPU time (all its threads): on a
    busy machine the CPU time is what the command costs, the wall time also waits for CPUs."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        print(f"  exit {done.returncode}: {done.stderr.strip()[-500:]}", file=sys.stderr)
    return elapsed, done.returncode, _children_cpu() - cpu_before


def breakdown(db: Path) -> None:
    """Step by step in this process, so the big costs have names."""
    from app.core import ledger
    from app.core.stock import _STOCK_SQL, check_report, stock_rows
    from app.db import close_database, open_database
    from app.db.models import database

    print("\nBreakdown (in this process, warm file cache):")
    started = time.perf_counter()
    open_database(db)
    print(f"  open_database            {time.perf_counter() - started:7.2f} s")
    try:
        started = time.perf_counter()
        count = len(database.execute_sql(_STOCK_SQL).fetchall())
        print(f"  stock SQL, fetch only    {time.perf_counter() - started:7.2f} s  "
              f"({count:,} rows)")
        started = time.perf_counter()
        rows = stock_rows()
        print(f"  stock_rows() (SQL+dicts) {time.perf_counter() - started:7.2f} s")
        with open(os.devnull, "w") as sink:
            # Ways of writing the same rows: indent= makes json use its pure-Python encoder.
            started = time.perf_counter()
            json.dump(rows, sink, indent=1)
            print(f"  json.dump(indent=1)      {time.perf_counter() - started:7.2f} s")
            started = time.perf_counter()
            sink.write("[" + ",\n".join(json.dumps(row) for row in rows) + "]")
            print(f"  json.dumps, row a line   {time.perf_counter() - started:7.2f} s")
            started = time.perf_counter()
            sink.write(json.dumps(rows))
            print(f"  json.dumps, no indent    {time.perf_counter() - started:7.2f} s")
        started = time.perf_counter()
        balances = database.execute_sql(
            "SELECT COUNT(*) FROM (SELECT m.item_id, m.lot_id, m.dst_id FROM move m "
            "JOIN location l ON l.id = m.dst_id WHERE l.kind IN ('bin','dock','packing') "
            "GROUP BY m.item_id, m.lot_id, m.dst_id)").fetchone()[0]
        print(f"  ledger GROUP BY, dst half {time.perf_counter() - started:6.2f} s  "
              f"({balances:,} groups)")
        started = time.perf_counter()
        mismatches = ledger.recompute()
        print(f"  ledger.recompute()       {time.perf_counter() - started:7.2f} s  "
              f"({len(mismatches)} mismatches)")
        started = time.perf_counter()
        lines = check_report()
        print(f"  check_report()           {time.perf_counter() - started:7.2f} s  "
              f"({len(lines)} lines: recompute and the reservation check)")
    finally:
        close_database()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true",
                        help="also time each step in-process")
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} does not exist (build it with tests/perf/generate.py)")
    db = str(args.db.resolve())
    python = sys.executable
    print(f"{db}, load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")

    stock_times, check_times, stock_cpu, check_cpu = [], [], [], []
    with open(os.devnull, "w") as sink:
        for _ in range(args.repeat):
            elapsed, code, cpu = run_timed([python, "-m", "app", "--db", db, "stock", "--json"],
                                           sink)
            stock_times.append(elapsed)
            stock_cpu.append(cpu)
            print(f"  stock --json > /dev/null  {elapsed:6.2f} s, CPU {cpu:5.2f} s  (exit {code})")
    for _ in range(args.repeat):
        elapsed, code, cpu = run_timed([python, "-m", "app", "--db", db, "check"],
                                       subprocess.PIPE)
        check_times.append(elapsed)
        check_cpu.append(cpu)
        print(f"  check                     {elapsed:6.2f} s, CPU {cpu:5.2f} s  (exit {code}"
              f"{', stock matches the ledger' if code == 0 else ', MISMATCH'})")

    stock_median = statistics.median(stock_times)
    verdict = "within" if stock_median <= BUDGET_STOCK_S else "OVER"
    print(f"\nstock --json: median {stock_median:.2f} s, max {max(stock_times):.2f} s: "
          f"{verdict} budget ({BUDGET_STOCK_S:.0f} s)")
    check_median = statistics.median(check_times)
    verdict = "within" if check_median <= BUDGET_CHECK_S else "OVER"
    print(f"check:        median {check_median:.2f} s, max {max(check_times):.2f} s: "
          f"{verdict} budget ({BUDGET_CHECK_S:.0f} s)")
    perfkit.record("binwise stock --json (whole process)", unit="s", budget=BUDGET_STOCK_S,
                   seconds=stock_median, max=max(stock_times), n=len(stock_times),
                   cpu_seconds=statistics.median(stock_cpu))
    perfkit.record("binwise check (whole process)", unit="s", budget=BUDGET_CHECK_S,
                   seconds=check_median, max=max(check_times), n=len(check_times),
                   cpu_seconds=statistics.median(check_cpu))
    if args.breakdown:
        breakdown(args.db)
    return 0 if stock_median <= BUDGET_STOCK_S and check_median <= BUDGET_CHECK_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
