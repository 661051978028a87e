"""Time every scan at the pick station on a large warehouse.

    python tests/perf/bench_pick.py DB.sqlite [--orders 200] [--batches 20] [--batch-size 5]
                                               [--seed 1] [--profile] [--in-place]

On a copy of DB (unless --in-place), --orders customer orders of 1 to 6 lines (random SKUs with
free stock in bins, 1 to 8 units a line) are created and allocated, untimed; --batches pick
lists of --batch-size further orders each are made too. Then a real PickStation (user
"operator") is driven with what a picker scans, following the station's own prompt:

- the order number (or the pick list number) to start;
- the bin label of each pick (skipped when the next pick is in the same bin);
- the item: its EAN-13 once per unit for up to 3 units, else `EAN,QTY`; a tracked item by its
  GS1-128 lot label (the allocated lot, with expiry, and AI 30 for more than one unit);
- now and then a wrong bin, which must be refused.

Every `station.handle(Scan(...))` is timed; a pick commits (WAL, synchronous=FULL) before its
feedback. Budget: p95 <= 2 ms, CPU p50 <= 0.8 ms. With --profile, or when over budget, a further
run is profiled.
"""

import argparse
import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perfkit  # noqa: E402
from order_setup import free_stock, make_orders, unit_scan  # noqa: E402
from perfkit import Timings, machine_state  # noqa: E402

from app.core import picking  # noqa: E402
from app.db.models import User, database  # noqa: E402
from app.stations.pick import PickStation  # noqa: E402

BUDGET_P95_MS = perfkit.SCAN_WALL_BUDGET_MS  # a scan, its commit included


def pick_documents(station: PickStation, documents: list[str], gtins: dict[int, str],
                   wrong_bins: list[str], rng: random.Random, timings: Timings,
                   refusals: list, limit: int | None = None) -> None:
    """Pick each order or pick list as the prompt says; stops after `limit` scans."""

    def scan(kind: str, raw: str, refusal_expected: bool = False) -> None:
        perfkit.scan(station, timings, kind, raw, refusals, refusal_expected=refusal_expected)

    for number in documents:
        scan("order / list", number)
        while station.awaiting in ("bin", "item"):
            if limit is not None and len(timings) >= limit:
                return
            task = station.task
            if station.awaiting == "bin":
                if rng.random() < 0.02:
                    scan("wrong bin", rng.choice(wrong_bins), refusal_expected=True)
                scan("bin", task.bin)
            elif station.awaiting == "item":
                left = task.qty - station.state.picked_of_task
                qty = 1 if left <= 3 else left
                scan("item", unit_scan(gtins, task.item_id, task.sku, task.lot, task.expiry, qty))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--orders", type=int, default=200, help="orders picked one by one")
    parser.add_argument("--batches", type=int, default=20, help="pick lists of several orders")
    parser.add_argument("--batch-size", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--in-place", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    today = date.today()

    with perfkit.working_copy(args.db, args.in_place, "bench-pick"):
        free = free_stock(today)
        skus = sorted(free)
        single = make_orders(rng, args.orders, "BENCH-P-", today, free, skus)
        lists = []
        for b in range(args.batches):
            numbers = make_orders(rng, args.batch_size, f"BENCH-B{b:03d}-", today, free, skus)
            ids = [row[0] for row in database.execute_sql(
                f"SELECT id FROM sales_order WHERE number IN ({','.join('?' * len(numbers))})",
                tuple(numbers))]
            lists.append(picking.create_pick_list(ids).number)
        extra = make_orders(rng, 40, "BENCH-X-", today, free, skus)
        item_ids = [row[0] for row in database.execute_sql(
            "SELECT DISTINCT item_id FROM reservation")]
        gtins = perfkit.first_gtins(item_ids)
        wrong_bins = [row[0] for row in database.execute_sql(
            "SELECT code FROM location WHERE kind = 'bin' ORDER BY random() LIMIT 200")]
        perfkit.settle()
        reserved = database.execute_sql("SELECT COUNT(*), SUM(qty) FROM reservation").fetchone()
        print(f"{len(single)} orders and {len(lists)} pick lists of {args.batch_size} orders "
              f"allocated: {reserved[0]} reservations, {reserved[1]} units to pick")
        print(f"before: {machine_state()}")

        user = User.get(User.name == "operator")
        station = PickStation(user.id, today=lambda: today)
        timings, refusals = Timings(), []
        pick_documents(station, single + lists, gtins, wrong_bins, rng, timings, refusals)
        p95 = timings.report("PickStation.handle, by what was scanned (commit included)",
                             BUDGET_P95_MS, perfkit.SCAN_CPU_BUDGET_MS)
        for kind, raw, message in refusals[:5]:
            print(f"    unexpected outcome of {kind} {raw!r}: {message}")
        left = database.execute_sql("SELECT COUNT(*) FROM reservation r JOIN sales_order_line "
                                    "ol ON ol.id = r.line_id JOIN sales_order o ON o.id = "
                                    "ol.order_id WHERE o.number NOT LIKE 'BENCH-X-%'").fetchone()
        print(f"  reservations left unpicked: {left[0]} (expected 0); unexpected outcomes: "
              f"{len(refusals)}")
        print(f"after: {machine_state()}")
        over = p95 > BUDGET_P95_MS or timings.cpu_over(perfkit.SCAN_CPU_BUDGET_MS)
        if over or args.profile:
            with perfkit.profiled("Profile of up to 300 further scans"):
                pick_documents(station, extra, gtins, wrong_bins, rng, Timings(), [], 300)
        return 1 if over or refusals else 0


if __name__ == "__main__":
    raise SystemExit(main())
