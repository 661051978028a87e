"""Time stock lookups of every kind of scan on a large warehouse.

    python tests/perf/bench_lookup.py DB.sqlite [--scans 3000] [--spread 20 100 500]
                                                 [--seed 1] [--profile] [--in-place]

Drives a real LookupStation with a random mix of what people scan to ask "what is this, where
is it": bin labels, item EAN-13s, SKUs, bare lot codes, GS1-128 lot labels, and now and then
the dock or the packing area (which hold hundreds of lines). Items are drawn both from all
items and from items that sit in several bins. Every `station.handle(Scan(...))` is timed; a
lookup changes nothing, so there is no commit.

The generated history keeps an item in one or two bins. To see how a lookup grows with the
places an item is in, --spread gives one untracked item stock in 20, 100 and 500 bins (and a
tracked item's lot the same), on the copy, before timing; those items are scanned in every
round and reported apart.

Budget: p95 <= 5 ms for any scan. Works on a copy of DB unless --in-place.
"""

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perfkit  # noqa: E402
from perfkit import Timings, machine_state  # noqa: E402

from app.core import ledger  # noqa: E402
from app.core.locations import LOSS, system_location  # noqa: E402
from app.db.models import User, database  # noqa: E402
from app.stations.base import Level, Scan  # noqa: E402
from app.stations.lookup import LookupStation  # noqa: E402

BUDGET_P95_MS = 5.0


def spread(bins_per_item: list[int], rng: random.Random, user_id: int) -> list[tuple[str, str]]:
    """Put 1 to 5 units of an item (and of a tracked item's lot) into many bins; returns the
    scans that look them up: (kind, raw)."""
    loss = system_location(LOSS).id
    bins = [row[0] for row in database.execute_sql("SELECT id FROM location WHERE kind = 'bin'")]
    untracked = [row for row in database.execute_sql(
        "SELECT i.id, i.sku, MIN(b.code) FROM item i JOIN item_barcode b ON b.item_id = i.id "
        "WHERE i.tracking = 'none' AND b.kind = 'gtin' GROUP BY i.id ORDER BY i.id LIMIT 50")]
    lots = [row for row in database.execute_sql(
        "SELECT l.item_id, l.id, l.code, l.expiry, MIN(b.code) FROM lot l "
        "JOIN item_barcode b ON b.item_id = l.item_id AND b.kind = 'gtin' "
        "GROUP BY l.id ORDER BY l.id LIMIT 50")]
    scans = []
    for n, (item_id, sku, gtin), (lot_item, lot_id, lot_code, expiry, lot_gtin) in zip(
            bins_per_item, untracked, lots, strict=False):
        requests = [ledger.MoveRequest(item_id, None, loss, b, rng.randint(1, 5), "adjust",
                                       note="benchmark: spread") for b in rng.sample(bins, n)]
        requests += [ledger.MoveRequest(lot_item, lot_id, loss, b, rng.randint(1, 5), "adjust",
                                        note="benchmark: spread") for b in rng.sample(bins, n)]
        ledger.post(requests, user_id)
        scans += [(f"item in {n} bins", perfkit.scanned_gtin(gtin)),
                  (f"item in {n} bins", sku),
                  (f"lot in {n} bins", lot_code),
                  (f"lot in {n} bins", perfkit.gs1_label(lot_gtin, lot_code, expiry))]
    return scans


def scan_pool(rng: random.Random, size: int) -> dict[str, list[str]]:
    """Codes to scan by kind, drawn at random from the warehouse."""
    pool: dict[str, list[str]] = {}
    pool["bin"] = [row[0] for row in database.execute_sql(
        "SELECT code FROM location WHERE kind = 'bin' ORDER BY random() LIMIT ?", (size,))]
    # Items anywhere (many hold no stock now) and items in two or more bins.
    items = database.execute_sql(
        "SELECT i.sku, (SELECT MIN(code) FROM item_barcode b WHERE b.item_id = i.id "
        "AND b.kind = 'gtin') FROM item i ORDER BY random() LIMIT ?", (size,)).fetchall()
    multi = database.execute_sql(
        "SELECT i.sku, (SELECT MIN(code) FROM item_barcode b WHERE b.item_id = i.id "
        "AND b.kind = 'gtin') FROM item i WHERE i.id IN (SELECT q.item_id FROM quant q "
        "JOIN location l ON l.id = q.location_id WHERE l.kind = 'bin' GROUP BY q.item_id "
        "HAVING COUNT(DISTINCT q.location_id) >= 2) ORDER BY random() LIMIT ?",
        (size,)).fetchall()
    pool["item EAN-13"] = [perfkit.scanned_gtin(g) for _, g in items + multi if g]
    pool["SKU"] = [sku for sku, _ in items + multi]
    lots = database.execute_sql(
        "SELECT l.code, l.expiry, (SELECT MIN(code) FROM item_barcode b WHERE "
        "b.item_id = l.item_id AND b.kind = 'gtin') FROM lot l ORDER BY random() LIMIT ?",
        (size,)).fetchall()
    pool["lot code"] = [code for code, _, _ in lots]
    pool["GS1 lot label"] = [perfkit.gs1_label(g, code, expiry) for code, expiry, g in lots if g]
    pool["dock/packing"] = ["DOCK", "PACK"]
    return pool


# How often each kind is scanned: mostly bins and items, lots less, the dock rarely.
WEIGHTS = {"bin": 30, "item EAN-13": 30, "SKU": 10, "lot code": 10, "GS1 lot label": 15,
           "dock/packing": 1}


def run(station: LookupStation, scans: list[tuple[str, str]], timings: Timings,
        refusals: list) -> None:
    for kind, raw in scans:
        feedback = timings.time(kind, station.handle, Scan(raw))
        if feedback.level is Level.ERROR:
            refusals.append((kind, raw, feedback.message))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--scans", type=int, default=3000)
    parser.add_argument("--spread", type=int, nargs="*", default=[20, 100, 500],
                        metavar="BINS", help="items (and lots) put into this many bins")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--in-place", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    with perfkit.working_copy(args.db, args.in_place, "bench-lookup"):
        user = User.get(User.name == "operator")
        spread_scans = spread(args.spread, rng, user.id)
        perfkit.settle()
        pool = scan_pool(rng, max(100, args.scans // 2))
        kinds = list(WEIGHTS)
        scans = [(kind, rng.choice(pool[kind]))
                 for kind in rng.choices(kinds, [WEIGHTS[k] for k in kinds], k=args.scans)]
        # One scan in ten is of a spread item or lot, in turn, so each gets enough samples
        # for figures of its own.
        if spread_scans:
            for turn, index in enumerate(range(5, len(scans), 10)):
                scans[index] = spread_scans[turn % len(spread_scans)]
        station = LookupStation()
        print(f"before: {machine_state()}")
        timings, refusals = Timings(), []
        run(station, scans, timings, refusals)
        p95 = timings.report("LookupStation.handle, by what was scanned", BUDGET_P95_MS)
        for kind, raw, message in refusals[:5]:
            print(f"    refused {kind} {raw!r}: {message}")
        print(f"after: {machine_state()}")
        over = p95 > BUDGET_P95_MS
        if over or args.profile:
            with perfkit.profiled("Profile of 500 further lookups"):
                run(station, scans[:500], Timings(), [])
        return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
