"""Build a large, consistent warehouse database for the performance benchmarks.

    python tests/perf/generate.py OUT.sqlite [--items 100000 --bins 20000 --lots 200000
        --moves 2000000 --pos 2000 --seed 1 --force --no-verify]

The file is created with `app.db.open_database` (schema, system locations, user "operator"), then
filled with raw SQL `executemany` in one big transaction, with durability switched off for the
build only (journal_mode OFF, synchronous OFF) and WAL restored at the end, followed by ANALYZE.

What it holds:
- items with SKUs and GTIN-13 barcodes (valid check digits, one GS1 company prefix per
  supplier); a third tracked by lot or by lot with expiry;
- zones and bins (kind zone/bin, bins under their zone) numbered in walking order;
- suppliers and purchase orders with lines: most received, some partial, some open, a few
  cancelled;
- a ledger of `--moves` moves telling a plausible history: receipts SUPPLIER -> DOCK scanned
  against PO lines (doc_type 'receipt', doc_id a receipt row, line_id the PO line, as
  app.core.receiving sums them), putaways DOCK -> bin, picks bin -> PACK, ships PACK ->
  CUSTOMER, count adjustments to and from LOSS;
- the quants those moves leave behind, computed here, so that `app.core.ledger.recompute()`
  finds nothing to report (checked at the end unless --no-verify).

The history is built as independent chains (one per received PO line and lot) that never go
below zero on their own, so their sum never does either, whatever order the moves interleave in.
"""

import argparse
import math
import os
import random
import sqlite3
import sys
import time
from datetime import date, timedelta
from operator import itemgetter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.core.catalog import gtin_check_digit  # noqa: E402
from app.db import close_database, open_database  # noqa: E402

DAY = 86400.0
HOUR = 3600.0
# Simulated time runs round the clock; when written it is squeezed into 07:00-20:00 of the same
# day. The squeeze is monotonic, so the order of moves (and their ids) follows their times.
WORK_START = 7 * HOUR
WORK_SPAN = 13 * HOUR / DAY

USERS = ["operator", "anna", "ben", "chen", "dana", "emre"]

# Lot characters without the ones people misread (0/O, 1/I).
LOT_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ23456789"

FOOD = ["Coffee Beans", "Ground Coffee", "Green Tea", "Black Tea", "Herbal Tea", "Dark Chocolate",
        "Oat Biscuits", "Muesli", "Granola", "Peanut Butter", "Honey", "Olive Oil", "Pasta",
        "Basmati Rice", "Protein Bar", "Trail Mix", "Dried Mango", "Almonds", "Oat Drink",
        "Vitamin C", "Magnesium", "Omega-3", "Multivitamin", "Baby Formula", "Dog Treats"]
COSMETIC = ["Shampoo", "Conditioner", "Shower Gel", "Hand Cream", "Face Serum", "Sunscreen",
            "Lip Balm", "Toothpaste", "Deodorant", "Body Lotion", "Hair Oil", "Face Mask",
            "Nail Polish", "Mascara", "Eye Cream", "Bath Salt"]
HOUSEHOLD = ["Dish Soap", "Sponges", "Trash Bags", "Kitchen Towel", "Laundry Liquid", "LED Bulb",
             "Batteries AA", "Storage Box", "Glass Jar", "Cutting Board", "Tea Towel", "Candle",
             "Phone Cable", "Notebook", "Water Bottle", "Lunch Box", "Phone Case", "Yoga Mat",
             "Bike Light", "Plant Pot", "Umbrella", "Socks", "Beanie", "Tote Bag"]
ADJECTIVES = ["Organic", "Classic", "Premium", "Everyday", "Eco", "Family", "Travel", "Mini",
              "Extra", "Pure", "Nordic", "Alpine", "Fresh", "Gentle", "Strong", "Soft", "Bio",
              "Pro", "Natural", "Original"]
VARIANTS = ["Vanilla", "Lemon", "Mint", "Original", "Berry", "Sensitive", "Unscented", "Black",
            "White", "Blue", "Green", "Red", "Large", "Small", "Medium", "Duo", "XL", "Plus"]
SIZES = ["50 g", "100 g", "250 g", "500 g", "1 kg", "30 ml", "100 ml", "250 ml", "500 ml", "1 l",
         "2 pcs", "3 pcs", "6 pcs", "12 pcs", "1 pc"]
SUPPLIER_FIRST = ["Bergmann", "Nordlicht", "Leaf & Kettle", "Greenhome", "VitaNatura", "Alpen",
                  "Baltic", "Sunrise", "Rivera", "Kowalski", "Hansen", "Moreau", "Oakridge",
                  "Fjord", "Lindqvist", "Costa", "Müller", "Bianchi", "Van Dijk", "Novak"]
SUPPLIER_SECOND = ["Trading", "Foods", "Supplies", "Cosmetics", "Distribution", "Wholesale",
                   "Naturals", "Imports", "Goods", "Brands"]
SUPPLIER_FORM = ["GmbH", "Ltd", "BV", "AB", "S.r.l.", "Sp. z o.o.", "SAS", "A/S"]
# GS1 country prefixes of the suppliers' company prefixes (Germany, UK, Sweden, NL, Italy...).
COUNTRY_PREFIXES = ["400", "401", "402", "403", "404", "405", "406", "407", "408", "409", "500",
                    "501", "502", "503", "504", "730", "731", "732", "870", "871", "872", "800",
                    "801", "802", "590", "760", "761", "570", "571", "540"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the SQLite file to create")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--bins", type=int, default=20_000)
    parser.add_argument("--lots", type=int, default=200_000)
    parser.add_argument("--moves", type=int, default=2_000_000)
    parser.add_argument("--pos", type=int, default=2_000, help="purchase orders")
    parser.add_argument("--lines-per-po", type=int, default=50, help="average PO lines")
    parser.add_argument("--suppliers", type=int, default=150)
    parser.add_argument("--days", type=int, default=1095, help="days of history")
    parser.add_argument("--end", type=date.fromisoformat, default=date.today() - timedelta(1),
                        help="last day of history (default yesterday)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument("--grown-indexes", action="store_true",
                        help="write the moves into their indexes one by one, in time order, as "
                        "a warehouse that grew scan by scan has them (pages with room, about "
                        "two thirds full) instead of building each index in one go (full "
                        "pages, so nearly every new move splits one); slower to build")
    parser.add_argument("--no-verify", action="store_true",
                        help="skip the ledger check (recompute) after the build")
    args = parser.parse_args(argv)
    if min(args.items, args.bins, args.pos, args.suppliers, args.days) < 1:
        parser.error("items, bins, pos, suppliers and days must be at least 1")
    if args.suppliers > 9999 or args.items > 99_999 * args.suppliers:
        parser.error("too many suppliers or items for 7-digit company prefixes")
    return args


def compose(rng: random.Random, total: int, parts: int) -> list[int]:
    """Split `total` into `parts` positive integers (a uniformly random composition)."""
    if parts <= 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    out, last = [], 0
    for cut in cuts:
        out.append(cut - last)
        last = cut
    out.append(total - last)
    return out


def distribute(rng: random.Random, total: int, weights: list[int], caps: list[int]) -> list[int]:
    """Spread `total` counts over slots in proportion to `weights`, never above `caps`.

    Returns fewer than `total` in all only when the caps leave no room."""
    weight_sum = sum(weights)
    counts = [0] * len(weights)
    if total <= 0 or weight_sum <= 0:
        return counts
    for i, w in enumerate(weights):
        if w:
            counts[i] = min(caps[i], int(total * w / weight_sum))
    missing = total - sum(counts)
    slots = [i for i, w in enumerate(weights) if w and counts[i] < caps[i]]
    while missing > 0 and slots:
        for i in rng.choices(slots, [weights[i] for i in slots], k=missing):
            if missing and counts[i] < caps[i]:
                counts[i] += 1
                missing -= 1
        slots = [i for i in slots if counts[i] < caps[i]]
    return counts


class Clock:
    """Simulated seconds since the first day of history, written as SQLite datetimes."""

    def __init__(self, end: date, days: int):
        self.start = end - timedelta(days - 1)
        self.end = days * DAY - 1.0
        self.days = [(self.start + timedelta(i)).isoformat() for i in range(days + 1)]

    def text(self, t: float) -> str:
        day, rest = divmod(t, DAY)
        clock = WORK_START + rest * WORK_SPAN
        seconds = int(clock)
        micro = int((clock - seconds) * 1_000_000)
        hours, rest_s = divmod(seconds, 3600)
        minutes, secs = divmod(rest_s, 60)
        return f"{self.days[int(day)]} {hours:02d}:{minutes:02d}:{secs:02d}.{micro:06d}"

    def day(self, t: float) -> date:
        return self.start + timedelta(int(t // DAY))


def create_file(path: Path, force: bool) -> dict:
    """Create the schema through the app itself; return the ids the build needs."""
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            if not force:
                raise SystemExit(f"{path} exists: pass --force to replace it")
            candidate.unlink()
    db = open_database(path)
    ids = {code: id_ for id_, code in db.execute_sql("SELECT id, code FROM location")}
    ids["operator"] = db.execute_sql(
        "SELECT id FROM \"user\" WHERE name = 'operator'").fetchone()[0]
    close_database()
    return ids


def build(args: argparse.Namespace) -> dict[str, int]:
    rng = random.Random(args.seed)
    clock = Clock(args.end, args.days)
    sys_ids = create_file(args.out, args.force)
    dock, pack = sys_ids["DOCK"], sys_ids["PACK"]
    supplier_loc, customer, loss = sys_ids["SUPPLIER"], sys_ids["CUSTOMER"], sys_ids["LOSS"]
    warehouse = sys_ids["WH"]

    con = sqlite3.connect(args.out, isolation_level=None)
    # Durability is pointless while the file is being made: a crash means build it again.
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("PRAGMA cache_size = -512000")
    con.execute("PRAGMA temp_store = MEMORY")
    con.execute("BEGIN")

    # -- users ---------------------------------------------------------------------------------
    user_ids = [sys_ids["operator"]]
    for name in USERS[1:]:
        cur = con.execute("INSERT INTO user (name, created_at) VALUES (?, ?)",
                          (name, clock.text(0)))
        user_ids.append(cur.lastrowid)

    # -- suppliers -----------------------------------------------------------------------------
    n_sup = args.suppliers
    supplier_rows = []
    for s in range(n_sup):
        first = SUPPLIER_FIRST[s % len(SUPPLIER_FIRST)]
        second = SUPPLIER_SECOND[(s // len(SUPPLIER_FIRST)) % len(SUPPLIER_SECOND)]
        form = SUPPLIER_FORM[s % len(SUPPLIER_FORM)]
        repeat = s // (len(SUPPLIER_FIRST) * len(SUPPLIER_SECOND))
        name = f"{first} {second} {form}" + (f" {repeat + 1}" if repeat else "")
        supplier_rows.append((s + 1, name))
    con.executemany("INSERT INTO supplier (id, name) VALUES (?, ?)", supplier_rows)
    prefixes = [f"{COUNTRY_PREFIXES[s % len(COUNTRY_PREFIXES)]}{s:04d}" for s in range(n_sup)]

    # -- items and barcodes --------------------------------------------------------------------
    n_items = args.items
    width = max(6, len(str(n_items)))
    tracking = [""] * (n_items + 1)
    shelf_life = [0] * (n_items + 1)
    item_supplier = [0] * (n_items + 1)
    supplier_items: list[list[int]] = [[] for _ in range(n_sup)]
    order = list(range(1, n_items + 1))
    rng.shuffle(order)
    for position, item_id in enumerate(order):
        s = position % n_sup
        item_supplier[item_id] = s
        supplier_items[s].append(item_id)
    item_rows, barcode_rows = [], []
    for item_id in range(1, n_items + 1):
        if item_id % 3 == 0:
            kind = "expiry" if (item_id // 3) % 2 == 0 else "lot"
        else:
            kind = "none"
        tracking[item_id] = kind
        words = FOOD if kind == "expiry" else COSMETIC if kind == "lot" else HOUSEHOLD
        name = (f"{rng.choice(ADJECTIVES)} {rng.choice(words)} {rng.choice(VARIANTS)} "
                f"{rng.choice(SIZES)}")
        removal = "fefo" if kind == "expiry" else ("lifo" if rng.random() < 0.01 else "fifo")
        msl = rng.choice((0, 0, 30, 60, 90)) if kind == "expiry" else 0
        shelf_life[item_id] = msl
        cost = round(rng.lognormvariate(1.6, 0.8), 2) + 0.1
        item_rows.append((item_id, f"SKU-{item_id:0{width}d}", name, kind, "unit", cost, removal,
                          msl, 1))
    con.executemany(
        "INSERT INTO item (id, sku, name, tracking, uom, unit_cost, removal, "
        "min_shelf_life_days, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", item_rows)
    item_cost = {row[0]: row[5] for row in item_rows}
    del item_rows
    for s, items in enumerate(supplier_items):
        for reference, item_id in enumerate(items, start=1):
            payload = f"{prefixes[s]}{reference:05d}"
            gtin13 = payload + str(gtin_check_digit(payload))
            # Stored as GTIN-14, the way app.core.catalog.barcode_key keys a scanned EAN-13.
            barcode_rows.append((item_id, "0" + gtin13, "gtin"))
            if rng.random() < 0.08:
                barcode_rows.append((item_id, f"S{s + 1:03d}-{reference:05d}", "supplier"))
    con.executemany("INSERT INTO item_barcode (item_id, code, kind) VALUES (?, ?, ?)",
                    barcode_rows)
    n_barcodes = len(barcode_rows)
    del barcode_rows

    # -- zones and bins, in walking order ------------------------------------------------------
    n_bins = args.bins
    per_zone = 1000
    n_zones = max(1, math.ceil(n_bins / per_zone))
    next_loc = con.execute("SELECT MAX(id) FROM location").fetchone()[0] + 1
    zone_rows, bin_rows, bin_ids, zone_of_bin = [], [], [], {}
    sequence = 0
    for z in range(n_zones):
        letters = ""
        k = z
        while True:
            letters = chr(ord("A") + k % 26) + letters
            k = k // 26 - 1
            if k < 0:
                break
        zone_id = next_loc
        next_loc += 1
        zone_rows.append((zone_id, f"Z-{letters}", f"Zone {letters}", "zone", warehouse, z * 10,
                          None, 0))
        count = min(per_zone, n_bins - z * per_zone)
        # 20 aisles of 10 racks of 5 levels; aisles walked in a serpentine.
        for b in range(count):
            aisle, rest = divmod(b, 50)
            rack, level = divmod(rest, 5)
            if aisle % 2:
                rack = 9 - rack
            sequence += 1
            capacity = rng.choice((None, None, 50, 100, 200, 500))
            bin_id = next_loc
            next_loc += 1
            bin_rows.append((bin_id, f"{letters}-{aisle + 1:02d}-{rack + 1:02d}-{level + 1}",
                             "", "bin", zone_id, sequence, capacity, 0))
            bin_ids.append(bin_id)
            zone_of_bin[bin_id] = z
    con.executemany(
        "INSERT INTO location (id, code, name, kind, parent_id, sequence, capacity, blocked) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", zone_rows + bin_rows)
    bins_by_zone: list[list[int]] = [[] for _ in range(n_zones)]
    for bin_id in bin_ids:
        bins_by_zone[zone_of_bin[bin_id]].append(bin_id)
    home_bin = [0] + [rng.choice(bin_ids) for _ in range(n_items)]

    # -- purchase orders -----------------------------------------------------------------------
    n_pos = args.pos
    created = sorted(rng.uniform(0, clock.end - 3 * DAY) for _ in range(n_pos))
    status = ["received"] * n_pos
    n_open = max(1, round(n_pos * 0.05))
    for k in range(n_pos - n_open, n_pos):
        status[k] = "open"
    recent = list(range(max(0, n_pos - n_open - round(n_pos * 0.04)), n_pos - n_open))
    for k in rng.sample(recent, min(len(recent), round(n_pos * 0.025))):
        status[k] = "partial"
    older = [k for k in range(n_pos) if status[k] == "received"]
    for k in rng.sample(older, min(len(older), round(n_pos * 0.005))):
        status[k] = "cancelled"
    older = [k for k in range(n_pos) if status[k] == "received"]
    for k in rng.sample(older, min(len(older), round(n_pos * 0.005))):
        status[k] = "partial"  # a back-order never completed

    po_rows, line_rows, receipt_rows = [], [], []
    # Received part of every PO line: (po index, line id, item, received qty).
    received_lines: list[tuple[int, int, int, int]] = []
    receipt_time: list[float] = [0.0] * n_pos
    receipt_of_po: list[int] = [0] * n_pos
    line_id = 0
    lpp = max(1, args.lines_per_po)
    for k in range(n_pos):
        s = rng.randrange(n_sup)
        while not supplier_items[s]:
            s = rng.randrange(n_sup)
        po_id = k + 1
        over = rng.choice((0,) * 8 + (5, 10))
        expected = clock.day(created[k]) + timedelta(days=rng.randint(5, 21))
        po_rows.append((po_id, f"PO-{100000 + po_id}", s + 1, status[k], over,
                        expected.isoformat(), clock.text(created[k])))
        n_lines = rng.randint(max(1, lpp // 5), max(1, 2 * lpp - lpp // 5))
        items = rng.sample(supplier_items[s], min(n_lines, len(supplier_items[s])))
        plan = []
        for item_id in items:
            line_id += 1
            qty = rng.choice((1, 1, 6, 6, 12, 12, 24, 48)) * rng.randint(1, 12)
            line_rows.append((line_id, po_id, item_id, qty, round(item_cost[item_id] * 0.6, 4)))
            plan.append((line_id, item_id, qty))
        if status[k] in ("open", "cancelled"):
            continue
        # A day before the end at the latest: a big PO takes hours to scan.
        receipt_time[k] = min(created[k] + rng.uniform(2, 14) * DAY, clock.end - DAY)
        receipt_of_po[k] = len(receipt_rows) + 1
        receipt_rows.append((receipt_of_po[k], po_id, rng.choice(user_ids),
                             clock.text(receipt_time[k])))
        if status[k] == "received":
            received = [qty for _, _, qty in plan]
        else:
            received = []
            for _, _, qty in plan:
                roll = rng.random()
                received.append(qty if roll < 0.5 else 0 if roll < 0.75 or qty == 1
                                else rng.randint(1, qty - 1))
            if all(r == 0 for r in received):
                received[0] = plan[0][2]
            if all(r == q for r, (_, _, q) in zip(received, plan, strict=True)):
                received[-1] = 0 if len(plan) > 1 or plan[-1][2] == 1 else plan[-1][2] - 1
                if all(r == 0 for r in received):
                    status[k] = "open"  # a one-unit single-line PO cannot be partial
                    po_rows[-1] = po_rows[-1][:3] + ("open",) + po_rows[-1][4:]
                    receipt_rows.pop()
                    receipt_of_po[k] = 0
                    continue
        for (lid, item_id, _), got in zip(plan, received, strict=True):
            if got:
                received_lines.append((k, lid, item_id, got))
    con.executemany(
        "INSERT INTO purchase_order (id, number, supplier_id, status, over_receipt_pct, "
        "expected, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", po_rows)
    con.executemany(
        "INSERT INTO purchase_order_line (id, po_id, item_id, qty_ordered, unit_cost) "
        "VALUES (?, ?, ?, ?, ?)", line_rows)
    con.executemany("INSERT INTO receipt (id, po_id, user_id, started_at) VALUES (?, ?, ?, ?)",
                    receipt_rows)
    n_lines_total = len(line_rows)
    del line_rows

    # -- lots: every received line of a tracked item brings one or more ------------------------
    tracked_lines = [i for i, (_, _, item_id, _) in enumerate(received_lines)
                     if tracking[item_id] != "none"]
    lots_per_line = [1] * len(tracked_lines)
    extra = args.lots - len(tracked_lines)
    if extra > 0:
        qtys = [received_lines[i][3] for i in tracked_lines]
        more = distribute(rng, extra, qtys, [q - 1 for q in qtys])
        lots_per_line = [1 + m for m in more]

    # -- chains: one per received line (untracked) or per lot ----------------------------------
    # chain = (item, lot, qty, index into received_lines)
    chains: list[tuple[int, int | None, int, int]] = []
    lot_rows = []
    lot_expiry: dict[int, float] = {}
    lot_codes_of_item: dict[int, set[str]] = {}
    lot_id = 0
    tracked_set = dict(zip(tracked_lines, lots_per_line, strict=True))
    for index, (k, _lid, item_id, got) in enumerate(received_lines):
        n_lot = tracked_set.get(index)
        if n_lot is None:
            chains.append((item_id, None, got, index))
            continue
        when = receipt_time[k]
        day = clock.day(when)
        codes = lot_codes_of_item.setdefault(item_id, set())
        for part in compose(rng, got, n_lot):
            while True:
                code = (f"L{day.year % 100:02d}{day.timetuple().tm_yday:03d}"
                        + "".join(rng.choices(LOT_CHARS, k=3)))
                if code not in codes:
                    codes.add(code)
                    break
            lot_id += 1
            expiry = None
            if tracking[item_id] == "expiry":
                expiry = when + rng.randint(120, 900) * DAY
                lot_expiry[lot_id] = expiry
            lot_rows.append((lot_id, item_id, code,
                             (clock.start + timedelta(int(expiry // DAY))).isoformat()
                             if expiry is not None else None,
                             clock.text(when)))
            chains.append((item_id, lot_id, part, index))
    con.executemany("INSERT INTO lot (id, item_id, code, expiry, created_at) "
                    "VALUES (?, ?, ?, ?, ?)", lot_rows)
    n_lots = len(lot_rows)
    del lot_rows, lot_codes_of_item

    moves: list[tuple] = []
    add = moves.append
    n_moves = args.moves

    # -- receipts: each chain scanned in one or more parts against its PO line -----------------
    n_chains = len(chains)
    scan_budget = max(n_chains, int(n_moves * 0.22))
    chain_qty = [c[2] for c in chains]
    scans = [1 + e for e in distribute(rng, scan_budget - n_chains, chain_qty,
                                       [min(q - 1, 11) for q in chain_qty])]
    # Scan times: a PO's chains are scanned one after the other, a few seconds apart.
    session_clock = {}
    for c, (item_id, lot, qty, index) in enumerate(chains):
        k, lid, _, _ = received_lines[index]
        t = session_clock.get(k, receipt_time[k])
        user = receipt_rows[receipt_of_po[k] - 1][2]
        for part in compose(rng, qty, scans[c]):
            t += rng.uniform(2.0, 12.0)
            add((t, item_id, lot, supplier_loc, dock, part, "receipt", "receipt",
                 receipt_of_po[k], lid, user))
        session_clock[k] = t
    n_receipt_moves = len(moves)
    po_done = session_clock

    # -- putaway: DOCK -> the item's home bin, sometimes split with a second bin ---------------
    # portion = [item, lot, bin, qty, put time, in time, sell-until]
    portions: list[list] = []
    dock_left: dict[tuple, list] = {}
    for item_id, lot, qty, index in chains:
        k = received_lines[index][0]
        t_put = po_done[k] + rng.uniform(0.5, 8.0) * HOUR
        if t_put > clock.end - HOUR or rng.random() < 0.003:
            # Not put away yet: still on the dock.
            entry = dock_left.setdefault((item_id, lot, dock), [0, receipt_time[k]])
            entry[0] += qty
            entry[1] = min(entry[1], receipt_time[k])
            continue
        home = home_bin[item_id]
        targets = [home]
        if qty >= 2 and rng.random() < 0.12:
            zone = bins_by_zone[zone_of_bin[home]]
            other = rng.choice(zone)
            if other != home:
                targets.append(other)
        parts = compose(rng, qty, len(targets))
        lifetime = rng.uniform(45, 700) * DAY
        if lot in lot_expiry:
            lifetime = max(DAY, min(lifetime, lot_expiry[lot] - 10 * DAY - t_put))
        user = rng.choice(user_ids)
        for b, part in zip(targets, parts, strict=True):
            add((t_put, item_id, lot, dock, b, part, "putaway", None, None, None, user))
            portions.append([item_id, lot, b, part, t_put, receipt_time[k],
                             min(clock.end, t_put + lifetime)])
            t_put += rng.uniform(20, 120)
    n_putaway_moves = len(moves) - n_receipt_moves

    remaining = n_moves - len(moves)
    if remaining < 0:
        raise SystemExit(f"--moves {n_moves} is too few for {n_chains} received lines and lots: "
                         f"receipts and putaways alone need {len(moves)}")

    # -- picks and ships: what each portion sold before today ----------------------------------
    losses_target = int(n_moves * 0.006)
    picks_target = max(0, (remaining - losses_target) // 2)
    sold = []
    for _item, _lot, _bin, qty, t_put, _t_in, until in portions:
        span = until - t_put
        age = clock.end - t_put
        frac = 1.0 if age >= span else (age / span) * rng.uniform(0.6, 1.0)
        sold.append(int(qty * frac))
    pick_counts = distribute(rng, picks_target, sold, sold)
    residual: dict[tuple, list] = {}
    pack_left: dict[tuple, list] = {}
    last_out = [0.0] * len(portions)
    for p, (item_id, lot, b, qty, t_put, t_in, until) in enumerate(portions):
        n_picks = pick_counts[p]
        left = qty
        last = t_put
        if n_picks:
            amount = max(sold[p], n_picks)
            times = sorted(rng.uniform(t_put + HOUR, max(t_put + HOUR, until))
                           for _ in range(n_picks))
            for t, part in zip(times, compose(rng, amount, n_picks), strict=True):
                t = min(t, clock.end)
                user = rng.choice(user_ids)
                t_ship = t + rng.uniform(600, 6 * HOUR)
                shipped = t_ship <= clock.end
                # The sales order and line are known once picks are in time order: the pick
                # and its ship share this slot [order id, line id, shipped].
                order_ref = [0, 0, shipped]
                add((t, item_id, lot, b, pack, part, "pick", "order", order_ref, None, user))
                if shipped:
                    add((t_ship, item_id, lot, pack, customer, part, "ship", "order", order_ref,
                         None, user))
                else:
                    entry = pack_left.setdefault((item_id, lot, pack), [0, t_in])
                    entry[0] += part
                    entry[1] = min(entry[1], t_in)
                last = t
            left -= amount
        last_out[p] = last
        portions[p][3] = left

    # -- adjustments: losses from what is left, then found stock to fill the ledger ------------
    # Booked without a count document (doc_type NULL), as a supervisor's manual correction.
    candidates = [p for p, portion in enumerate(portions) if portion[3] > 0]
    losses = min(losses_target, n_moves - len(moves))
    while losses > 0 and candidates:
        p = rng.choice(candidates)
        item_id, lot, b, left, _t_put, _t_in, _until = portions[p]
        if left <= 0:
            candidates.remove(p)
            continue
        part = min(left, rng.randint(1, 3))
        t = rng.uniform(last_out[p], clock.end)
        last_out[p] = t
        add((t, item_id, lot, b, loss, part, "adjust", None, None, None, rng.choice(user_ids),
             rng.choice(("damaged", "missing at count", "expired, disposed"))))
        portions[p][3] -= part
        losses -= 1
    gains = n_moves - len(moves)
    found: dict[tuple, list] = {}
    for _ in range(gains):
        p = rng.randrange(len(portions))
        item_id, lot, b, _left, t_put, _t_in, _until = portions[p]
        part = rng.randint(1, 3)
        t = rng.uniform(t_put + HOUR, clock.end) if t_put + HOUR < clock.end else clock.end
        add((t, item_id, lot, loss, b, part, "adjust", None, None, None, rng.choice(user_ids),
             "found at count"))
        entry = found.setdefault((item_id, lot, b), [0, t])
        entry[0] += part
        entry[1] = min(entry[1], t)

    # -- quants: whatever the chains left, merged per (item, lot, location) --------------------
    for item_id, lot, b, left, _t_put, t_in, _until in portions:
        if left > 0:
            entry = residual.setdefault((item_id, lot, b), [0, t_in])
            entry[0] += left
            entry[1] = min(entry[1], t_in)
    for extra_stock in (dock_left, pack_left, found):
        for key, (qty, t_in) in extra_stock.items():
            entry = residual.setdefault(key, [0, t_in])
            entry[0] += qty
            entry[1] = min(entry[1], t_in)
    quant_rows = []
    for (item_id, lot, loc), (qty, t_in) in residual.items():
        if qty < 0:
            raise AssertionError(f"negative stock for {(item_id, lot, loc)}: {qty}")
        if qty:
            quant_rows.append((item_id, lot, loc, qty, clock.text(t_in)))
    quant_rows.sort(key=itemgetter(0, 2))

    # -- sales orders: consecutive picks grouped into orders of one to three lines -------------
    moves.sort(key=itemgetter(0))
    order_rows, order_line_rows = [], []
    order_id = line_no = lines_left = 0
    open_order = None
    for m in moves:
        if m[6] != "pick":
            continue
        if lines_left == 0:
            order_id += 1
            lines_left = rng.choice((1, 1, 1, 2, 2, 3))
            placed = max(0.0, m[0] - rng.uniform(0.5, 30) * HOUR)
            open_order = [order_id, f"SO-{500000 + order_id}",
                          rng.choice(("shop", "shop", "marketplace", "phone")),
                          (clock.day(placed) + timedelta(2)).isoformat(), "",
                          "shipped", clock.text(placed)]
            order_rows.append(open_order)
        lines_left -= 1
        line_no += 1
        ref = m[8]
        ref[0], ref[1] = order_id, line_no
        order_line_rows.append((line_no, order_id, m[1], m[5]))
        if not ref[2]:
            open_order[5] = "picked"
    con.executemany(
        "INSERT INTO sales_order (id, number, channel, ship_by, shipping_method, status, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", order_rows)
    con.executemany(
        "INSERT INTO sales_order_line (id, order_id, item_id, qty_ordered) VALUES (?, ?, ?, ?)",
        order_line_rows)
    n_orders, n_order_lines = len(order_rows), len(order_line_rows)
    del order_rows, order_line_rows

    # -- write the ledger ----------------------------------------------------------------------
    # Indexes are built once after the rows are in: far cheaper than 2M random index inserts
    # (unless --grown-indexes asks for the pages a warehouse grown scan by scan has).
    index_sql = [] if args.grown_indexes else [sql for (sql,) in con.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'move' "
        "AND sql IS NOT NULL")]
    for (name,) in ([] if args.grown_indexes else con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'move' "
            "AND sql IS NOT NULL").fetchall()):
        con.execute(f'DROP INDEX "{name}"')
    text = clock.text

    def ledger_row(m: tuple) -> tuple:
        # m = (time, item, lot, src, dst, qty, kind, doc_type, doc_id or order slot, line_id,
        #      user[, note])
        doc_id, line_id = m[8], m[9]
        if m[7] == "order":
            doc_id, line_id = doc_id[0], doc_id[1]
        return (m[1], m[2], m[3], m[4], m[5], m[6], m[7], doc_id, line_id, m[10], text(m[0]),
                m[11] if len(m) > 11 else "")

    con.executemany(
        "INSERT INTO move (item_id, lot_id, src_id, dst_id, qty, kind, doc_type, doc_id, "
        "line_id, reverses_id, user_id, created_at, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
        map(ledger_row, moves))
    counts = {"receipt moves": n_receipt_moves, "putaway moves": n_putaway_moves}
    for kind in ("pick", "ship", "adjust"):
        counts[f"{kind} moves"] = sum(1 for m in moves if m[6] == kind)
    del moves
    for sql in index_sql:
        con.execute(sql)
    con.executemany(
        "INSERT INTO quant (item_id, lot_id, location_id, qty, reserved, in_date) "
        "VALUES (?, ?, ?, ?, 0, ?)", quant_rows)
    con.execute("COMMIT")

    # Statistics for the query planner, as after any bulk import.
    con.execute("ANALYZE")
    con.execute("PRAGMA optimize")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.close()
    # Written with synchronous OFF: put it on disk now, so the first fsync of a benchmark does
    # not pay for the whole build.
    with open(args.out, "rb+") as built:
        os.fsync(built.fileno())
    counts.update({
        "items": n_items, "barcodes": n_barcodes, "zones": n_zones, "bins": len(bin_ids),
        "suppliers": n_sup, "purchase orders": n_pos, "PO lines": n_lines_total,
        "receipts": len(receipt_rows), "lots": n_lots, "sales orders": n_orders,
        "order lines": n_order_lines, "moves": n_moves,
        "quants": len(quant_rows),
    })
    for name in ("open", "partial", "received", "cancelled"):
        counts[f"POs {name}"] = sum(1 for row in po_rows if row[3] == name)
    return counts


def verify(path: Path) -> None:
    """The quants must be exactly what the ledger says, and PO statuses what receipts say."""
    from app.core import ledger, receiving

    open_database(path)
    try:
        mismatches = ledger.recompute()
        if mismatches:
            raise SystemExit(f"{len(mismatches)} quants differ from the ledger, "
                             f"first: {mismatches[0]}")
        from app.db.models import database

        # Built with foreign keys off: every reference must still resolve.
        broken = database.execute_sql("PRAGMA foreign_key_check").fetchmany(5)
        if broken:
            raise SystemExit(f"dangling references, first: {broken}")
        negative = database.execute_sql("SELECT COUNT(*) FROM quant WHERE qty <= 0").fetchone()
        if negative[0]:
            raise SystemExit(f"{negative[0]} quants are not positive")
        # A sample of POs: the status must agree with the received quantities.
        for po_id, state in database.execute_sql(
                "SELECT id, status FROM purchase_order ORDER BY random() LIMIT 200"):
            lines = receiving.progress(po_id)
            done = all(line.received >= line.ordered for line in lines)
            some = any(line.received > 0 for line in lines)
            expected = ("received" if done else "partial" if some else
                        state if state == "cancelled" else "open")
            if state != expected:
                raise SystemExit(f"PO {po_id} is {state} but its receipts say {expected}")
    finally:
        close_database()


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    counts = build(args)
    built = time.perf_counter() - started
    for name, value in counts.items():
        print(f"{name:>16}: {value:,}")
    size = args.out.stat().st_size / 1e6
    print(f"Built {args.out} ({size:,.0f} MB) in {built:.1f} s")
    if not args.no_verify:
        started = time.perf_counter()
        verify(args.out)
        print(f"Verified (ledger.recompute() is empty, no dangling references, PO statuses "
              f"agree) in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
