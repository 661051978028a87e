"""Three stations scanning at once on one SQLite file while an order import runs.

    python tests/perf/bench_stations_busy.py [--scans 1000] [--order-lines 10000]
                                             [--interval 0.004] [--dir /tmp]

Builds a small warehouse in a fresh database (300 items with EAN-13s and stock in bins, one
open purchase order of 100 lines per station) and an order file of --order-lines lines. Then
starts, at the same moment, `binwise import orders FILE` (which also allocates the orders) and
three receiving stations, each in its own process, each replaying --scans scans of its PO's
items, one every --interval seconds, as `binwise replay` would. Every `station.handle()` is
timed: that is the scan's wait, from the scan to its commit, including its turn for the lock.

Budgets: no scan lost or refused, none booked twice, no scan waiting more than 2 s. Prints
p50/p95/max of the waits (all scans, and those made while the import was running), the
import's own time, and whether the ledger still matches the stock (`binwise check`).
"""

import argparse
import json
import multiprocessing
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perfkit  # noqa: E402
from perfkit import ROOT, machine_state, percentile  # noqa: E402

from app.core.catalog import gtin_check_digit  # noqa: E402

STATIONS = 3
ITEMS = 300
PO_LINES = 100
MAX_WAIT_S = 2.0


def ean(n: int) -> str:
    body = f"40{n:010d}"
    return body + str(gtin_check_digit(body))


def build(db_path: Path, orders_csv: Path, order_lines: int, scans: int) -> None:
    from app.core import ledger
    from app.core.locations import SUPPLIER, system_location
    from app.db import close_database, open_database
    from app.db.models import (
        Item,
        ItemBarcode,
        Location,
        PurchaseOrder,
        PurchaseOrderLine,
        Supplier,
        User,
        database,
    )

    open_database(db_path)
    user = User.get(User.name == "operator").id
    supplier = system_location(SUPPLIER).id
    per_line = -(-scans // PO_LINES)  # every scan of a station fits its PO
    with database.atomic():
        zone = Location.create(code="A", kind="zone", parent=Location.get(Location.code == "WH"))
        items = []
        for n in range(ITEMS):
            item = Item.create(sku=f"SKU-{n:04d}", name=f"Item {n}")
            ItemBarcode.create(item=item, code="0" + ean(n))
            bin_ = Location.create(code=f"A-{n:04d}", kind="bin", parent=zone, sequence=n)
            items.append((item, bin_))
        vendor = Supplier.create(name="Acme")
        for station in range(STATIONS):
            po = PurchaseOrder.create(number=f"PO-S{station + 1}", supplier=vendor)
            for n in range(PO_LINES):
                PurchaseOrderLine.create(po=po, item=items[station * PO_LINES + n][0],
                                         qty_ordered=per_line)
    for item, bin_ in items:
        ledger.post([ledger.MoveRequest(item.id, None, supplier, bin_.id, 60, "receipt")], user)
    close_database()
    rng = random.Random(1)
    with orders_csv.open("w", encoding="utf-8") as out:
        out.write("order,sku,qty\n")
        written = number = 0
        while written < order_lines:
            number += 1
            for n in rng.sample(range(ITEMS), min(rng.randint(1, 6), order_lines - written)):
                out.write(f"WEB-{number:06d},SKU-{n:04d},1\n")
                written += 1


def station(index: int, db_path: str, scans: int, interval: float, start_at: float,
            results) -> None:
    from app.db import open_database, retry
    from app.db.models import User
    from app.stations.base import Scan
    from app.stations.receive import ReceiveStation

    open_database(db_path)
    retry.set_patience(None)  # as at a station: a scan waits as long as it takes
    receive = ReceiveStation(User.get(User.name == "operator").id)
    receive.handle(Scan(f"PO-S{index + 1}", source="replay"))
    codes = [ean(index * PO_LINES + n % PO_LINES) for n in range(scans)]
    time.sleep(max(0.0, start_at - time.time()))
    timings = []
    for n, code in enumerate(codes):
        due = start_at + n * interval
        time.sleep(max(0.0, due - time.time()))
        began = time.time()
        feedback = receive.handle(Scan(code, source="replay"))
        timings.append((began, time.time() - began, feedback.level.value))
    results.put((index, timings))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--order-lines", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=0.004)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-busy-") as tmp:
        db_path, orders_csv = Path(tmp) / "busy.sqlite", Path(tmp) / "orders.csv"
        build(db_path, orders_csv, args.order_lines, args.scans)
        print(f"Before: {machine_state()}")
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        start_at = time.time() + 3.0  # every process is up and has its PO open by then
        workers = [context.Process(target=station, args=(i, str(db_path), args.scans,
                                                         args.interval, start_at, results))
                   for i in range(STATIONS)]
        for worker in workers:
            worker.start()
        time.sleep(max(0.0, start_at - time.time()))
        import_began = time.time()
        imported = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(db_path), "import", "orders",
             str(orders_csv)], cwd=ROOT, capture_output=True, text=True)
        import_ended = time.time()
        timings = dict(results.get(timeout=600) for _ in workers)
        for worker in workers:
            worker.join(60)
        print(f"After: {machine_state()}")
        checked = subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "check"],
                                 cwd=ROOT, capture_output=True, text=True)
        booked = json.loads(subprocess.run(
            [sys.executable, "-c", "import json, sys; from app.db import open_database; "
             "db = open_database(sys.argv[1]); print(json.dumps(db.execute_sql("
             "\"SELECT COUNT(*), COALESCE(SUM(qty), 0) FROM move WHERE kind = 'receipt' "
             "AND doc_type IS NOT NULL\").fetchone()))", str(db_path)],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout)

    every = [t for station_timings in timings.values() for t in station_timings]
    waits = sorted(wait for _, wait, _ in every)
    during = sorted(wait for began, wait, _ in every if import_began <= began <= import_ended)
    refused = sum(1 for _, _, level in every if level == "error")
    print(f"import orders: exit {imported.returncode}, {import_ended - import_began:.1f} s: "
          f"{imported.stdout.strip() or imported.stderr.strip()}")
    for name, values in (("all scans", waits), ("during the import", during)):
        if values:
            print(f"{name:18s} n {len(values):5d}  p50 {percentile(values, 50) * 1000:7.1f} ms  "
                  f"p95 {percentile(values, 95) * 1000:7.1f} ms  max {values[-1] * 1000:7.1f} ms"
                  f"  mean {statistics.fmean(values) * 1000:6.1f} ms")
    expected = STATIONS * args.scans
    print(f"scans {len(every)} of {expected}, refused {refused}; receipts booked {booked[0]} "
          f"({booked[1]} units); check: {checked.stdout.strip()}")
    ok = (imported.returncode == 0 and len(every) == expected and refused == 0
          and booked == [expected, expected] and checked.returncode == 0
          and waits[-1] <= MAX_WAIT_S)
    if waits:
        perfkit.record("a scan's wait for its turn while orders are imported (3 stations)",
                       unit="ms", budget=MAX_WAIT_S * 1000,
                       **{k: v * 1000 for k, v in perfkit.percentiles(waits).items()
                          if k != "n"}, n=len(waits), lost=expected - len(every),
                       refused=refused)
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
