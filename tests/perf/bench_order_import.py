"""Time importing 10,000 order lines from a CSV file on a large warehouse.

    python tests/perf/bench_order_import.py DB.sqlite [--lines 10000] [--repeat 1] [--seed 1]
                                                       [--profile]

Writes an order file in Binwise's own format (`order,sku,qty,channel,ship_by`): about 3,000
orders of 1 to 6 lines, --lines lines in all, 1 to 3 units each, ship-by today to five days on;
the SKUs mostly have free stock in bins (never more units than are free), about one line in
twenty is of an item with none (a backorder, as a real shop export has). Then runs, as a user
would, in a fresh process:

    python -m app --db COPY import orders FILE.csv                 budget: <= 10 s
    python -m app --db COPY import orders FILE.csv --no-allocate   (for comparison)

each on its own fresh copy of DB (importing the same orders twice would skip them all), copied,
migrated if older and flushed to disk before the clock starts. The difference between the two
is what allocating the imported orders adds. --repeat runs each variant more times (a fresh
copy each time). With --profile the import with allocation is run once more in this process
under cProfile, to name the costs.
"""

import argparse
import csv
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perfkit  # noqa: E402
from order_setup import free_stock  # noqa: E402
from perfkit import ROOT, machine_state  # noqa: E402

from app.db import close_database  # noqa: E402
from app.db.models import database  # noqa: E402

BUDGET_S = 10.0


def write_orders(path: Path, lines: int, rng: random.Random, today: date) -> tuple[int, int]:
    """Write the order file; returns (orders, lines)."""
    free = free_stock(today)
    in_stock = sorted(free)
    in_stock_set = set(in_stock)
    no_stock = [sku for (sku,) in database.execute_sql("SELECT sku FROM item ORDER BY id")
                if sku not in in_stock_set]
    written = orders = 0
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["order", "sku", "qty", "channel", "ship_by"])
        while written < lines:
            orders += 1
            number = f"WEB-{700000 + orders}"
            channel = rng.choice(("shop", "shop", "marketplace"))
            ship_by = (today + timedelta(rng.randint(0, 5))).isoformat()
            count = min(rng.randint(1, 6), lines - written)
            chosen: dict[str, int] = {}
            while len(chosen) < count:
                if no_stock and rng.random() < 0.05:
                    sku = rng.choice(no_stock)
                    chosen[sku] = rng.randint(1, 3)
                    continue
                sku = rng.choice(in_stock)
                if sku in chosen:
                    continue
                # Never more than is still free, so only the lines meant to be backorders are.
                chosen[sku] = rng.randint(1, min(3, free[sku]))
                free[sku] -= chosen[sku]
                if free[sku] == 0:
                    in_stock.remove(sku)
            for sku, qty in chosen.items():
                writer.writerow([number, sku, qty, channel, ship_by])
            written += count
    return orders, written


def run_import(db: Path, csv_path: Path, allocate: bool) -> tuple[float, str]:
    """One import as a user runs it, on a fresh copy of DB; returns (seconds, its output)."""
    with perfkit.working_copy(db, label="bench-import") as copy:
        # This process lets go of the copy: the import gets the file to itself.
        close_database()
        command = [sys.executable, "-m", "app", "--db", str(copy), "import", "orders",
                   str(csv_path)] + ([] if allocate else ["--no-allocate"])
        load = machine_state()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"import failed ({done.returncode}): {done.stderr.strip()[-800:]}")
        # The rest of the wall time is waiting: for the disk (a commit per allocated order,
        # synchronous=FULL) or for a CPU other processes hold.
        cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
        return elapsed, f"(CPU {cpu:.2f} s) {done.stdout.strip()} [{load}]"


def profile_import(db: Path, csv_path: Path) -> None:
    from app.core.order_import import import_orders

    with perfkit.working_copy(db, label="bench-import"):
        with perfkit.profiled("Profile of the import with allocation, in this process", top=25):
            started = time.perf_counter()
            result = import_orders(csv_path)
        print(f"  in-process: {time.perf_counter() - started:.2f} s under the profiler: {result}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    today = date.today()

    with perfkit.working_copy(args.db, label="bench-import") as copy:
        csv_path = copy.parent.parent / f"bench-orders-{args.seed}.csv"
        orders, lines = write_orders(csv_path, args.lines, random.Random(args.seed), today)
    print(f"{csv_path}: {orders:,} orders, {lines:,} lines")
    try:
        results: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.repeat):
            for allocate in (False, True):
                seconds, output = run_import(args.db, csv_path, allocate)
                results[allocate].append(seconds)
                name = "with allocation" if allocate else "--no-allocate  "
                print(f"  import orders, {name} {seconds:6.2f} s   {output}")
        best = {k: min(v) for k, v in results.items()}
        print(f"\nimport orders {lines:,} lines: {best[True]:.2f} s with allocation, "
              f"{best[False]:.2f} s without (best of {args.repeat}); allocation adds "
              f"{best[True] - best[False]:.2f} s ({(best[True] - best[False]) / orders * 1000:.2f}"
              f" ms an order)")
        verdict = "within" if best[True] <= BUDGET_S else "OVER"
        print(f"  {verdict} budget ({BUDGET_S:g} s); {machine_state()}")
        perfkit.record(f"binwise import orders of {lines:,} lines (best of {args.repeat})",
                       unit="s", budget=BUDGET_S, seconds=best[True],
                       without_allocation=best[False])
        if args.profile:
            profile_import(args.db, csv_path)
        return 0 if best[True] <= BUDGET_S else 1
    finally:
        csv_path.unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())
