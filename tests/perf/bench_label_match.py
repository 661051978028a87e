"""Time matching 1,000 carrier label files to orders and storing them.

    python tests/perf/bench_label_match.py [DB] [--files 1000] [--orders 100000]
                                           [--open 3000] [--profile]

Without DB, builds a fresh warehouse holding --orders orders (a few years of a busy shop: all
shipped but --open of them, which wait to ship); with DB (the generated warehouse), works on a
copy of it and adds the --open orders waiting to ship. Then writes --files label files into a
temporary folder, as a shipping tool does: ZPL named by order number (`#N.zpl`, `N-2.zpl`,
`label_N.zpl`), PDFs whose order number is only in their text, ZPL with the number only in a
reference field, and one in twenty for no order at all; and times
`app.core.shipping_labels.import_label_files` on the folder (read, check, extract the text,
match, store), as `binwise import labels DIR` runs it. Budget: <= 2 s. A second run of the same
folder (every file "imported before") is shown for comparison. Exits 1 over budget.
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import perfkit  # noqa: E402
from perfkit import machine_state  # noqa: E402

from app.core.shipping_labels import import_label_files, label_paths  # noqa: E402
from app.db import close_database, open_database  # noqa: E402
from app.db.models import SalesOrder, database  # noqa: E402
from tests.label_files import UPS, pdf, zpl  # noqa: E402

BUDGET_S = 2.0


def add_orders(total: int, waiting: int, start: int) -> list[str]:
    """Insert `total` orders numbered from `start` ("#N", as Shopify names them); the last
    `waiting` are picked, the rest shipped. Returns the waiting orders' numbers."""
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [{"number": f"#{start + n}", "created_at": now,
             "status": "picked" if n >= total - waiting else "shipped"} for n in range(total)]
    with database.atomic():
        for first in range(0, len(rows), 2000):
            SalesOrder.insert_many(rows[first:first + 2000]).execute()
    database.execute_sql("ANALYZE")
    return [row["number"] for row in rows if row["status"] == "picked"]


def write_files(folder: Path, numbers: list[str], count: int, rng: random.Random) -> dict:
    kinds: dict[str, int] = {}
    chosen = rng.sample(numbers, min(count, len(numbers)))
    for n in range(count):
        number = chosen[n % len(chosen)].lstrip("#")
        roll = rng.random()
        if roll < 0.05:
            kind, name, data = "unmatched", f"return-{n}.zpl", zpl("Ref: none")
        elif roll < 0.30:
            kind, name = "pdf text", f"shipment-{rng.getrandbits(48):012x}.pdf"
            data = pdf(["Ship to: A. Person", "1 Main Street", "Springfield 4242",
                        f"Order #{number}", f"Tracking: {UPS}"])
        elif roll < 0.40:
            kind, name = "zpl text", f"ups-{rng.getrandbits(48):012x}.zpl"
            data = zpl(f"Reference: {number}")
        else:
            kind = "zpl name"
            name = rng.choice([f"#{number}.zpl", f"{number}-{n % 3 + 1}.zpl",
                               f"label_{number}.zpl"])
            data = zpl(f"Ship to {number}")
        # Every file its own bytes, as real labels (address, tracking) are.
        if name.endswith(".zpl"):
            data = data.replace(b"^XZ", f"^FO1,1^FD{n}^FS^XZ".encode())
        else:
            data += f"% {n}\n".encode()
        (folder / name).write_bytes(data)
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def timed_import(folder: Path) -> tuple[float, float, dict]:
    cpu, wall = time.process_time(), time.perf_counter()
    outcomes = import_label_files(label_paths(folder))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    statuses: dict[str, int] = {}
    for outcome in outcomes:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    return wall, cpu, statuses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", type=Path, help="the generated warehouse (optional)")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--open", type=int, default=3000, dest="waiting")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    print(machine_state())
    with tempfile.TemporaryDirectory(prefix="bench-labels-") as scratch:
        scratch = Path(scratch)
        if args.db:
            context = perfkit.working_copy(args.db, label="bench-labels")
            context.__enter__()
            start = (database.execute_sql("SELECT COUNT(*) FROM sales_order").fetchone()[0]
                     + 900_000)
            numbers = add_orders(args.waiting, args.waiting, start)
        else:
            open_database(scratch / "warehouse.sqlite")
            numbers = add_orders(args.orders, args.waiting, 1001)
        orders = database.execute_sql("SELECT COUNT(*) FROM sales_order").fetchone()[0]
        folder = scratch / "labels"
        folder.mkdir()
        kinds = write_files(folder, numbers, args.files, rng)
        print(f"{orders:,} orders ({len(numbers):,} waiting to ship); {args.files:,} label "
              f"files: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))
        wall, cpu, statuses = timed_import(folder)
        print(f"import_label_files: {wall:.2f} s ({cpu:.2f} s CPU): {statuses}  "
              f"budget <= {BUDGET_S:g} s")
        again, again_cpu, again_statuses = timed_import(folder)
        print(f"the same folder again: {again:.2f} s ({again_cpu:.2f} s CPU): "
              f"{again_statuses}")
        perfkit.record(f"matching {args.files:,} label files to orders ({orders:,} orders)",
                       unit="s", budget=BUDGET_S, seconds=wall, cpu_seconds=cpu,
                       again_seconds=again)
        if args.profile or wall > BUDGET_S:
            database.execute_sql("DELETE FROM shipping_label")
            with perfkit.profiled("import_label_files"):
                timed_import(folder)
        if args.db:
            context.__exit__(None, None, None)
        else:
            close_database()
        print(machine_state())
    return 1 if wall > BUDGET_S else 0


if __name__ == "__main__":
    sys.exit(main())
