"""Time allocating 20-line customer orders on a large warehouse.

    python tests/perf/bench_allocate.py DB.sqlite [--orders 300] [--lines 20] [--seed 1]
                                                   [--profile] [--in-place]

On a copy of DB (unless --in-place), orders of --lines different SKUs, drawn at random from the
items with allocatable stock in bins (FIFO, FEFO and LIFO items alike), 1 to 3 units each and
never more than is still free, so every order can be fully reserved:

1. `orders.create_order(..., allocate=False)`, then `allocation.allocate_order(id)` timed
   alone (the creation is timed too, for reference);
2. `orders.create_order(..., allocate=True)` timed as a whole: what the order dialog and an
   order typed in by hand cost.

Each call is its own transaction and commits (WAL, synchronous=FULL). Budget: p95 <= 20 ms for
a 20-line order, both ways. With --profile, or when over budget, a further batch is profiled.
"""

import argparse
import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perfkit  # noqa: E402
from order_setup import free_stock, order_lines  # noqa: E402
from perfkit import Timings, machine_state, measure  # noqa: E402

from app.core import allocation, orders  # noqa: E402

BUDGET_P95_MS = 20.0


def run(rng: random.Random, free: dict[str, int], skus: list[str], args, today: date,
        prefix: str, split: Timings, together: Timings) -> int:
    """Create and allocate --orders orders both ways; returns how many had a backorder."""
    backorders = 0
    for n in range(args.orders):
        lines = order_lines(rng, free, skus, args.lines)
        order, ms, cpu = measure(orders.create_order, f"{prefix}S-{n:05d}", lines,
                                 channel="bench", allocate=False, today=today)
        split.add("create_order(allocate=False)", ms, cpu)
        result = split.time("allocate_order", allocation.allocate_order, order.id, today)
        backorders += bool(result.backorder)

        lines = order_lines(rng, free, skus, args.lines)
        order = together.time("create_order(allocate=True)", orders.create_order,
                              f"{prefix}T-{n:05d}", lines, channel="bench", allocate=True,
                              today=today)
        backorders += order.status != "allocated"
    return backorders


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--orders", type=int, default=300, help="orders timed each way")
    parser.add_argument("--lines", type=int, default=20, help="lines (SKUs) per order")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--in-place", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    today = date.today()

    with perfkit.working_copy(args.db, args.in_place, "bench-allocate"):
        free = free_stock(today)
        skus = sorted(free)
        print(f"{len(skus):,} items with allocatable stock in bins, "
              f"{sum(free.values()):,} units free")
        print(f"before: {machine_state()}")
        split, together = Timings(), Timings()
        backorders = run(rng, free, skus, args, today, "BENCH-", split, together)
        split.report(f"{args.lines}-line orders: create, then allocate_order alone")
        p95_alone = split.p95("allocate_order")
        p95_together = together.report(f"{args.lines}-line orders: create_order(allocate=True)",
                                       BUDGET_P95_MS)
        for name, p95 in (("allocate_order alone", p95_alone),
                          ("create_order(allocate=True)", p95_together)):
            verdict = "within" if p95 <= BUDGET_P95_MS else "OVER"
            print(f"  {name}: p95 {p95:.2f} ms, {verdict} budget ({BUDGET_P95_MS:g} ms)")
        print(f"  orders with a backorder: {backorders} (expected 0: lines fit the free stock)")
        print(f"after: {machine_state()}")
        over = max(p95_alone, p95_together) > BUDGET_P95_MS
        if over or args.profile:
            small = argparse.Namespace(orders=30, lines=args.lines)
            with perfkit.profiled("Profile of 30 further orders each way"):
                run(rng, free, skus, small, today, "PROF-", Timings(), Timings())
        return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
