"""Time `binwise export available` with kits on a large warehouse.

    python tests/perf/bench_kit_available.py DB.sqlite [--kits 5000] [--repeat 3] [--seed 1]
                                                        [--in-place]

On a copy of DB (unless --in-place; build DB with tests/perf/generate.py, 100,000 items), the
last --kits items are made kits of 2 to 5 components each (1 to 3 per kit), drawn from the
other items, and some kit orders are allocated so components are reserved for kits. Then, as a
user would, in a fresh process each time:

- `python -m app --db COPY export available FILE.csv`   budget: <= 5 s

The same export is also timed in this process (the query, and the kits' arithmetic), to show
where the time goes. Wall time around the whole process: interpreter start, imports, opening
the file, the query, writing the CSV, closing.
"""

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perfkit  # noqa: E402
from perfkit import machine_state  # noqa: E402

from app.core import orders  # noqa: E402
from app.core.orders import OrderLineInput  # noqa: E402
from app.db.models import database  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BUDGET_S = 5.0


def make_kits(rng: random.Random, count: int) -> list[str]:
    """Turn the last `count` items into kits of other items; returns the kits' SKUs."""
    items = database.execute_sql("SELECT id, sku FROM item ORDER BY id").fetchall()
    kits, parts = items[-count:], [i for i, _ in items[:-count]]
    rows = []
    for kit_id, _ in kits:
        for component in rng.sample(parts, rng.randint(2, 5)):
            rows.append((kit_id, component, rng.randint(1, 3)))
    with database.atomic():
        database.execute_sql("DELETE FROM kit_component")
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            database.execute_sql(
                "INSERT INTO kit_component (kit_id, component_id, qty) VALUES "
                + ", ".join("(?, ?, ?)" for _ in chunk),
                tuple(v for row in chunk for v in row))
    database.execute_sql("ANALYZE")
    return [sku for _, sku in kits]


def order_kits(rng: random.Random, kits: list[str], count: int, today: date) -> int:
    """Allocate `count` one-line kit orders; returns how many got at least one kit."""
    served = 0
    for n, sku in enumerate(rng.sample(kits, min(count, len(kits)))):
        order = orders.create_order(f"KIT-{n:05d}", [OrderLineInput(sku, 1)], channel="bench",
                                    today=today)
        served += order.status in ("allocated", "partial")
    return served


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--kits", type=int, default=5000)
    parser.add_argument("--orders", type=int, default=300, help="kit orders allocated first")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-place", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    today = date.today()

    with perfkit.working_copy(args.db, args.in_place, "bench-kits") as path:
        items = database.execute_sql("SELECT COUNT(*) FROM item").fetchone()[0]
        kits = make_kits(rng, args.kits)
        served = order_kits(rng, kits, args.orders, today)
        print(f"{items:,} items, {len(kits):,} kits; {served} of {args.orders} kit orders "
              f"reserved")
        perfkit.settle()

        started = time.perf_counter()
        rows = orders.available_to_promise(today)
        in_process = time.perf_counter() - started
        with_stock = sum(1 for r in rows if r.from_components > 0)
        print(f"in this process: available_to_promise() {in_process:.2f} s "
              f"({len(rows):,} rows, {with_stock:,} kits can be made of components now)")

        times = []
        with tempfile.TemporaryDirectory() as out_dir:
            target = Path(out_dir) / "available.csv"
            for _ in range(args.repeat):
                started = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "app", "--db", str(path), "export",
                                       "available", str(target)], cwd=ROOT,
                                      capture_output=True, text=True)
                times.append(time.perf_counter() - started)
                if done.returncode != 0:
                    print(done.stderr, file=sys.stderr)
                    return 2
            with target.open(encoding="utf-8") as written:
                lines = sum(1 for _ in csv.reader(written)) - 1
        best, worst = min(times), max(times)
        verdict = "within" if worst <= BUDGET_S else "OVER"
        print(f"\n`binwise export available` ({lines:,} rows): best {best:.2f} s, "
              f"worst {worst:.2f} s of {args.repeat}; {verdict} budget ({BUDGET_S:g} s)")
        print(f"  {machine_state()}")
        perfkit.record("export available with kits", unit="s", budget=BUDGET_S,
                       seconds=worst, best=best, items=items, kits=len(kits),
                       in_process=in_process)
        return 0 if worst <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
