"""The demo warehouse: a small online shop's stock (coffee, tea, snacks, supplements, cosmetics,
household goods) to try Binwise on, built deterministically from a seed.

It holds about 200 items with GTIN-13 barcodes, about 300 bins in zones A, B and C plus a bulk
zone, five suppliers, eight open purchase orders (PO-1001 is a short one to receive first) and
opening stock in the bins, posted through the ledger like real receipts and putaways, a year of
shipped web orders and a dozen open ones to pick, ABC classes and a count plan.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.core import abc, count_schedule, demo_sales, ledger, seller
from app.core.catalog import barcode_key, gtin_check_digit
from app.core.count_policy import load_policy
from app.core.errors import BinwiseError
from app.core.locations import DOCK, SUPPLIER, system_location
from app.db.models import (
    Item,
    ItemBarcode,
    Location,
    Lot,
    PurchaseOrder,
    PurchaseOrderLine,
    PutawayRule,
    Supplier,
    User,
    database,
    utcnow,
)

FIRST_PO = 1001
OPEN_POS = 8
# PO-1001 is the one a new user receives from the barcode sheet: three lines, one by expiry.
TUTORIAL_PO = f"PO-{FIRST_PO}"
# People to log in as (name, role, PIN, badge); the barcode sheet prints their badges.
DEMO_USERS = (
    ("alex", "admin", "9999", "BADGE-DEMO-ALEX"),
    ("sam", "supervisor", "2222", "BADGE-DEMO-SAM"),
    ("ana", "operator", "1111", "BADGE-DEMO-ANA"),
)
# Their PINs hashed once (users.hash_pin): scrypt is slow on purpose, the demo need not wait.
_DEMO_PIN_HASHES = {
    "alex": "scrypt$16384$8$1$9f54ba242ca669ee124ed88735771a1a$"
            "34200c4180a6e9c928a756497b239c2c9afb1d86ab9ef5afc4d4524b5b3be1bc",
    "sam": "scrypt$16384$8$1$102006e4a8a8eb3086b136d7d4a20b3d$"
           "137f89a99077cf5257efa18b4e24eb78631b90292e1cdc97c280dc68a342ebba",
    "ana": "scrypt$16384$8$1$4aeb21cdbc6633e9e37dbcc0b10ca2ba$"
           "7babf46d90d66c3e279f971bc9c04653ba695b8c0bf8e591b0c8f0a76c49acc8",
}


@dataclass(frozen=True)
class DemoSupplier:
    name: str
    # A GS1 company prefix: the first 7 digits of every GTIN-13 this supplier's brand prints.
    prefix: str


SUPPLIERS = [
    DemoSupplier("Bergmann Kaffeerösterei GmbH", "4012345"),
    DemoSupplier("Leaf & Kettle Tea Co.", "5012345"),
    DemoSupplier("Nordic Pantry Foods AB", "7312345"),
    DemoSupplier("VitaNatura Health Ltd", "5060123"),
    DemoSupplier("Greenhome Supplies BV", "8712345"),
]


@dataclass(frozen=True)
class Category:
    code: str
    supplier: int
    tracking: str
    zone: str
    cost: tuple[float, float]
    names: list[tuple[str, str]]
    # Minimum remaining shelf life (days) some of the items ask for when picked.
    min_shelf: tuple[int, ...] = ()


def _variants(bases, forms):
    return [(f"{name} {form}", f"{a}-{b}") for name, a in bases for form, b in forms]


COFFEE = _variants(
    [("Ethiopia Yirgacheffe", "ETH"), ("Colombia Huila", "COL"), ("Brazil Cerrado", "BRA"),
     ("Guatemala Antigua", "GUA"), ("Kenya AA Nyeri", "KEN"), ("House Espresso Blend", "ESP"),
     ("Decaf Swiss Water", "DEC")],
    [("Whole Bean 250 g", "WB250"), ("Whole Bean 1 kg", "WB1K"), ("Ground 250 g", "GR250")],
) + [("Espresso Capsules Intenso 10 pcs", "CAP-INT10"), ("Lungo Capsules 10 pcs", "CAP-LUN10"),
     ("Decaf Capsules 10 pcs", "CAP-DEC10")]

TEA = _variants(
    [("Earl Grey", "EGR"), ("English Breakfast", "ENB"), ("Darjeeling First Flush", "DAR"),
     ("Sencha", "SEN"), ("Jasmine Green", "JAS"), ("Rooibos Vanilla", "ROO"),
     ("Chamomile Flowers", "CHA"), ("Peppermint Leaves", "PEP"), ("Masala Chai", "CHAI")],
    [("Loose Leaf 100 g", "L100"), ("20 Tea Bags", "TB20")],
) + [("Matcha Ceremonial Grade 30 g", "MAT30")]

SNACKS = [
    ("Dark Chocolate 70% 100 g", "CHOC70"), ("Dark Chocolate Sea Salt 100 g", "CHOCSS"),
    ("Milk Chocolate Hazelnut 100 g", "CHOCHZ"), ("Roasted Almonds Sea Salt 150 g", "ALM150"),
    ("Cashews Lightly Salted 150 g", "CAS150"), ("Dried Mango Slices 100 g", "MAN100"),
    ("Oat Biscuits Oat & Honey 200 g", "OAT200"), ("Almond Cantuccini 200 g", "CAN200"),
    ("Protein Bar Peanut Butter 55 g", "PBPB55"), ("Protein Bar Dark Cocoa 55 g", "PBDC55"),
    ("Granola Nut & Seed 400 g", "GRA400"), ("Stroopwafels Caramel 8 pcs", "STR8"),
]

SUPPLEMENTS = [
    ("Vitamin D3 1000 IU 90 Capsules", "D3-90"), ("Vitamin C 500 mg 60 Tablets", "C500-60"),
    ("Magnesium Citrate 120 Capsules", "MAG-120"), ("Zinc 15 mg 100 Tablets", "ZN15-100"),
    ("Omega-3 Fish Oil 60 Softgels", "OM3-60"), ("Probiotic 10 Strains 30 Capsules", "PRO-30"),
    ("Iron Bisglycinate 60 Capsules", "FE-60"), ("Vitamin B12 Drops 30 ml", "B12-30"),
    ("Collagen Powder 300 g", "COL-300"), ("Ashwagandha 60 Capsules", "ASH-60"),
    ("Electrolyte Tablets Lemon 20 pcs", "ELY-20"), ("Melatonin Spray 20 ml", "MEL-20"),
]

COSMETICS = _variants(
    [("Shea Butter Hand Cream", "HC"), ("Rosemary Shampoo", "SH"), ("Oat Milk Conditioner", "CO"),
     ("Aloe Body Lotion", "BL"), ("Vitamin C Face Serum", "SE"), ("Argan Hair Oil", "HO")],
    [("Travel Size", "TR"), ("Standard", "ST")],
) + [
    ("Lip Balm Peppermint 4.8 g", "LB-PEP"), ("Lip Balm Honey 4.8 g", "LB-HON"),
    ("Solid Shampoo Bar Citrus 60 g", "SB-CIT"), ("Solid Shampoo Bar Lavender 60 g", "SB-LAV"),
    ("Olive Oil Soap Bar 100 g", "SOAP-OL"), ("Charcoal Soap Bar 100 g", "SOAP-CH"),
    ("Deodorant Cream Bergamot 50 g", "DEO-BER"), ("Sunscreen SPF 30 100 ml", "SUN30"),
    ("Dishwasher Tablets Eco 40 pcs", "DW-40"), ("Laundry Sheets Fresh Linen 32 pcs", "LAU-32"),
    ("Coffee Machine Descaler 500 ml", "DESC-500"),
    ("Espresso Machine Cleaning Tablets", "CLN-TAB"),
    ("Bath Salts Lavender 500 g", "BATH-LAV"), ("Coffee Body Scrub 200 g", "SCRUB-COF"),
    ("Beard Oil Cedar 30 ml", "BEARD"), ("Hand Soap Refill 1 l", "HS-1L"),
    ("Dish Soap Concentrate 500 ml", "DISH-500"), ("All-Purpose Cleaner Refill 1 l", "APC-1L"),
]

ACCESSORIES = _variants(
    [("Pour-Over Dripper Ceramic", "DRIP"), ("Enamel Mug 350 ml", "MUG"),
     ("Tea Tin 100 g", "TIN")],
    [("White", "WHT"), ("Black", "BLK"), ("Sage Green", "SGE")],
) + [
    ("Paper Filters Size 02 100 pcs", "FILT-02"), ("French Press 1 l", "FP-1000"),
    ("French Press 350 ml", "FP-350"), ("Milk Frother Handheld", "FROTH"),
    ("Manual Burr Grinder", "GRIND-M"), ("Digital Coffee Scale with Timer", "SCALE"),
    ("Gooseneck Kettle 1 l", "KETTLE"), ("Espresso Cups Set of 2", "CUPS-ESP"),
    ("Cold Brew Bottle 1 l", "COLDBREW"), ("Coffee Canister Vacuum 500 g", "CANIST"),
    ("Tea Infuser Ball Stainless", "INF-BALL"), ("Glass Teapot 800 ml", "POT-GL"),
    ("Cast Iron Teapot 600 ml", "POT-CI"), ("Matcha Whisk Bamboo", "WHISK"),
    ("Matcha Bowl Stoneware", "BOWL-MAT"), ("Double-Wall Glasses 250 ml 2 pcs", "GLASS-DW"),
    ("Reusable Coffee Cup 350 ml", "CUP-RE"), ("Tea Sampler Gift Box", "GIFT-TEA"),
    ("Coffee Lover Gift Box", "GIFT-COF"), ("Gift Card Envelope Kraft", "GIFT-ENV"),
    ("Coffee Scoop Walnut", "SCOOP"), ("Espresso Tamper 58 mm", "TAMP58"),
    ("Espresso Knock Box", "KNOCK"), ("Milk Jug Stainless 350 ml", "JUG350"),
    ("Tea Strainer with Drip Bowl", "STRAIN"), ("Cold Brew Filter Bags 10 pcs", "CBFILT"),
    ("Press Filter Papers 350 pcs", "PFILT"), ("Carafe Filters Size 6 100 pcs", "CFILT"),
] + _variants(
    [("Stoneware Tea Cup 200 ml", "TCUP"), ("Travel Tumbler 450 ml", "TUMB")],
    [("White", "WHT"), ("Black", "BLK"), ("Sage Green", "SGE"), ("Terracotta", "TER")],
)

HOUSEHOLD = _variants(
    [("Beeswax Food Wraps Set of 3", "WRAP"), ("Linen Tea Towel", "TOWEL"),
     ("Cotton Produce Bags Set of 5", "PBAG")],
    [("Natural", "NAT"), ("Striped", "STR")],
) + _variants(
    [("Bamboo Toothbrush", "TB")], [("Soft", "SOFT"), ("Medium", "MED"), ("Kids", "KID")],
) + [
    ("Bamboo Dish Brush", "BRUSH-D"), ("Dish Brush Replacement Heads 2 pcs", "BRUSH-H"),
    ("Glass Spray Bottle 500 ml", "SPRAY"), ("Compostable Bin Bags 30 l 20 pcs", "BINBAG"),
    ("Wooden Pot Scraper", "SCRAPER"), ("Sisal Scrub Pads 2 pcs", "SCRUB"),
    ("Stainless Steel Straws Set of 4", "STRAW"), ("Loofah Sponges 2 pcs", "LOOFAH"),
    ("Microfibre Cloths 5 pcs", "CLOTH"), ("Bamboo Soap Dish", "SOAPDISH"),
    ("Wooden Clothes Pegs 20 pcs", "PEGS"), ("Cotton Mesh Bag Large", "MESH-L"),
    ("Wool Dryer Balls 3 pcs", "DRYBALL"), ("Refillable Glass Jar 1 l", "JAR-1L"),
    ("Refillable Glass Jar 500 ml", "JAR-500"), ("Bottle Brush Set 3 pcs", "BOTBRUSH"),
    ("Enamel Soap Dispenser 300 ml", "DISP"), ("Natural Sponge Cloths 4 pcs", "SPONGE"),
    ("Cedar Wood Moth Blocks 10 pcs", "CEDAR"), ("Beeswax Candle Small", "CANDLE-S"),
    ("Beeswax Candle Large", "CANDLE-L"), ("Jute Shopping Bag", "JUTE"),
    ("Shipping Box Small 20 pcs", "BOX-S"), ("Shipping Box Medium 20 pcs", "BOX-M"),
    ("Paper Tape Roll 50 m", "TAPE"), ("Tissue Paper Sheets 50 pcs", "TISSUE"),
    ("Enamel Bread Bin", "BREAD"), ("Glass Oil Bottle 500 ml", "OILBOT"),
    ("Wooden Spoon Set 3 pcs", "SPOON"), ("Cork Trivet", "TRIVET"),
    ("Bamboo Cutting Board", "BOARD"), ("Reusable Silicone Bags 3 pcs", "SILI"),
    ("Cotton String Bag", "STRING"), ("Kraft Gift Bags 10 pcs", "GIFTBAG"),
    ("Jute Gift Ribbon 10 m", "RIBBON"), ("Padded Envelopes A5 25 pcs", "PADENV"),
    ("Bubble Wrap Roll 5 m", "BUBBLE"), ("Compostable Packing Peanuts 50 l", "PEANUT"),
    ("Thank You Cards 50 pcs", "THANKS"), ("Brown Paper Roll 25 m", "PAPER"),
] + _variants(
    [("Linen Napkins Set of 4", "NAPK"), ("Cotton Apron", "APRON"),
     ("Waffle Dish Cloths 3 pcs", "DCLOTH")],
    [("Natural", "NAT"), ("Charcoal", "CHR"), ("Rust", "RST")],
)

CATEGORIES = [
    Category("COF", 0, "expiry", "A", (6.5, 24.0), COFFEE, (30, 60, 90)),
    Category("TEA", 1, "expiry", "A", (3.2, 14.0), TEA, (60, 90)),
    Category("SNK", 2, "expiry", "B", (1.1, 4.5), SNACKS, (30, 45)),
    Category("SUP", 3, "expiry", "B", (4.0, 18.0), SUPPLEMENTS, (90,)),
    Category("COS", 3, "lot", "B", (2.2, 11.0), COSMETICS),
    Category("ACC", 0, "none", "C", (2.5, 24.0), ACCESSORIES),
    Category("HOM", 4, "none", "C", (0.9, 9.5), HOUSEHOLD),
]

ZONES = {
    "A": "Zone A: coffee and tea",
    "B": "Zone B: snacks, supplements, cosmetics",
    "C": "Zone C: accessories and household",
    "BULK": "Bulk: pallets and overstock",
}
RACKS, LEVELS, BULK_SPOTS = 20, 5, 12
# Top-level shelves are shallow: they hold a limited number of units.
TOP_LEVEL_CAPACITY = 40


@dataclass
class _DemoItem:
    id: int
    sku: str
    name: str
    tracking: str
    category: Category
    gtin: str
    cost: Decimal


def make_gtin13(prefix: str, reference: int) -> str:
    """A GTIN-13 from a 7-digit company prefix and a 5-digit item reference."""
    payload = f"{prefix}{reference:05d}"
    return payload + str(gtin_check_digit(payload))


def _refuse_unless_empty() -> None:
    if Item.select().exists():
        raise BinwiseError("This database already has items; the demo needs an empty "
                           "database. Use a new file, e.g. binwise --db demo.sqlite demo.")
    if (Location.select().where(Location.kind.in_(("bin", "zone"))).exists()
            or PurchaseOrder.select().exists()):
        raise BinwiseError("This database already has bins or purchase orders; the demo "
                           "needs an empty database. Use a new file.")


def _insert(model, rows: list[dict]) -> None:
    # SQLite limits bound parameters per statement; 100 rows stay well under it.
    for start in range(0, len(rows), 100):
        model.insert_many(rows[start:start + 100]).execute()


def _build_items(rng: random.Random) -> list[_DemoItem]:
    rows, barcodes, meta = [], [], []
    references = {s.prefix: rng.randrange(100, 900) for s in SUPPLIERS}
    for category in CATEGORIES:
        supplier = SUPPLIERS[category.supplier]
        for name, suffix in category.names:
            sku = f"{category.code}-{suffix}"
            references[supplier.prefix] += rng.randint(1, 7)
            gtin = make_gtin13(supplier.prefix, references[supplier.prefix])
            low, high = category.cost
            cost = Decimal(str(round(rng.uniform(low, high), 2)))
            min_shelf = 0
            if category.min_shelf and rng.random() < 0.4:
                min_shelf = rng.choice(category.min_shelf)
            tracking = category.tracking
            rows.append({
                "sku": sku, "name": name, "tracking": tracking, "uom": "unit",
                "unit_cost": cost, "removal": "fefo" if tracking == "expiry" else "fifo",
                "min_shelf_life_days": min_shelf,
            })
            meta.append((sku, name, tracking, category, gtin, cost))
    _insert(Item, rows)
    ids = dict(database.execute_sql("SELECT sku, id FROM item").fetchall())
    items = [_DemoItem(ids[sku], sku, name, tracking, category, gtin, cost)
             for sku, name, tracking, category, gtin, cost in meta]
    for item in items:
        barcodes.append({"item": item.id, "code": barcode_key(item.gtin), "kind": "gtin"})
    _insert(ItemBarcode, barcodes)
    return items


def _build_bins() -> dict[str, list[int]]:
    """Zones A-C (aisle-rack-level codes) and the bulk zone; returns bin ids per zone in
    walking order."""
    warehouse = Location.get((Location.code == "WH") & (Location.kind == "warehouse"))
    _insert(Location, [{"code": code, "name": name, "kind": "zone", "parent": warehouse.id}
                       for code, name in ZONES.items()])
    zone_ids = dict(database.execute_sql(
        "SELECT code, id FROM location WHERE kind = 'zone'").fetchall())
    rows, sequence = [], 0
    for number, zone in enumerate(("A", "B", "C")):
        # A serpentine walk: up one aisle, down the next, so a pick list never doubles back.
        racks = range(1, RACKS + 1) if number % 2 == 0 else range(RACKS, 0, -1)
        for rack in racks:
            for level in range(1, LEVELS + 1):
                sequence += 10
                rows.append({
                    "code": f"{zone}-{rack:02d}-{level:02d}",
                    "name": f"Aisle {zone}, rack {rack}, level {level}",
                    "kind": "bin", "parent": zone_ids[zone], "sequence": sequence,
                    "capacity": TOP_LEVEL_CAPACITY if level == LEVELS else None,
                })
    for spot in range(1, BULK_SPOTS + 1):
        sequence += 10
        rows.append({"code": f"BULK-{spot:02d}", "name": f"Bulk pallet spot {spot}",
                     "kind": "bin", "parent": zone_ids["BULK"], "sequence": sequence,
                     "capacity": None})
    _insert(Location, rows)
    bins: dict[str, list[int]] = {zone: [] for zone in ZONES}
    for code, location_id in database.execute_sql(
            "SELECT code, id FROM location WHERE kind = 'bin' ORDER BY sequence"):
        bins["BULK" if code.startswith("BULK-") else code[0]].append(location_id)
    return bins


def _build_putaway_rules(items: list[_DemoItem]) -> None:
    """Each item belongs in its category's zone, so putaway suggests a bin there."""
    zone_ids = dict(database.execute_sql(
        "SELECT code, id FROM location WHERE kind = 'zone'").fetchall())
    _insert(PutawayRule, [{"item": item.id, "zone": zone_ids[item.category.zone], "bin": None}
                          for item in items])


def _lot_code(rng: random.Random, item: _DemoItem, expiry: date | None,
              taken: set[str]) -> str:
    """Lot codes as printed on packs: a production date code for food (year and day of the
    year), a batch number for cosmetics."""
    while True:
        if item.tracking == "expiry":
            shelf_life = 540 if item.category.code in ("COF", "TEA", "SUP") else 300
            produced = expiry - timedelta(days=shelf_life)
            code = f"L{produced:%y}{produced.timetuple().tm_yday:03d}{rng.choice('ABCDEF')}"
        else:
            code = f"B{rng.randint(10000, 99999)}"
        if code not in taken:
            taken.add(code)
            return code


@dataclass
class _DemoLot:
    code: str
    expiry: date | None
    id: int | None = None


@dataclass
class _Stock:
    item: _DemoItem
    lot: _DemoLot | None
    bin_id: int
    qty: int
    received: datetime


def _plan_stock(rng: random.Random, items: list[_DemoItem], bins: dict[str, list[int]],
                today: date, morning: datetime) -> list[_Stock]:
    capacity = {bin_id: TOP_LEVEL_CAPACITY
                for zone in ("A", "B", "C") for n, bin_id in enumerate(bins[zone])
                if n % LEVELS == LEVELS - 1}
    free = {zone: list(ids) for zone, ids in bins.items()}
    for ids in free.values():
        rng.shuffle(ids)
    plan: list[_Stock] = []
    taken: set[str] = set()
    for item in items:
        if rng.random() < 0.25:
            continue  # not every item is in stock
        home = free[item.category.zone].pop()
        limit = capacity.get(home, 10**6)
        lots = 1 if item.tracking == "none" else rng.choice((1, 1, 2, 2, 3))
        expiries = sorted(today + timedelta(days=rng.randint(60, 730)) for _ in range(lots))
        for n, expiry in enumerate(expiries):
            qty = min(limit // lots, rng.choice((6, 8, 10, 12, 18, 24, 30, 36, 48)))
            # Older lots came in earlier, so FIFO and FEFO agree the way a real shelf does.
            received = morning - timedelta(
                days=rng.randint(20, 60) * (lots - n) + rng.randint(2, 15),
                minutes=rng.randint(0, 300))
            lot = None
            if item.tracking != "none":
                dated = expiry if item.tracking == "expiry" else None
                lot = _DemoLot(_lot_code(rng, item, expiry, taken), dated)
            plan.append(_Stock(item, lot, home, qty, received))
        if rng.random() < 0.12 and free["BULK"]:
            # A pallet of overstock for a fast seller.
            last = plan[-1]
            plan.append(_Stock(item, last.lot, free["BULK"].pop(),
                               rng.choice((60, 96, 120, 144)), last.received))
    # A few lots expire soon and one already has: the app must warn and never pick those.
    dated_lots = list({id(s.lot): s for s in plan
                       if s.lot is not None and s.lot.expiry is not None}.values())
    rng.shuffle(dated_lots)
    for stock, days in zip(dated_lots[:4], (-12, 9, 21, 40), strict=False):
        stock.lot.expiry = today + timedelta(days=days)
        stock.lot.code = _lot_code(rng, stock.item, stock.lot.expiry, taken)
        # Such stock arrived long before it expires.
        for other in plan:
            if other.lot is stock.lot:
                other.received = min(other.received, morning - timedelta(days=200 - days))
    return plan


def _post_stock(plan: list[_Stock], operator_id: int) -> None:
    dock, supplier = system_location(DOCK).id, system_location(SUPPLIER).id
    for stock in sorted(plan, key=lambda s: s.received):
        if stock.lot is not None and stock.lot.id is None:
            stock.lot.id = Lot.create(item=stock.item.id, code=stock.lot.code,
                                      expiry=stock.lot.expiry, created_at=stock.received).id
        lot_id = stock.lot.id if stock.lot else None
        note = "demo opening stock"
        ledger.post([ledger.MoveRequest(stock.item.id, lot_id, supplier, dock, stock.qty,
                                        "receipt", note=note)],
                    operator_id, at=stock.received)
        ledger.post([ledger.MoveRequest(stock.item.id, lot_id, dock, stock.bin_id, stock.qty,
                                        "putaway", note=note)],
                    operator_id, at=stock.received + timedelta(minutes=25))


def _build_pos(rng: random.Random, items: list[_DemoItem], supplier_ids: list[int],
               today: date) -> list[str]:
    by_supplier: dict[int, list[_DemoItem]] = {}
    for item in items:
        by_supplier.setdefault(item.category.supplier, []).append(item)
    numbers = []
    for n in range(OPEN_POS):
        number = f"PO-{FIRST_PO + n}"
        if n == 0:
            # The tutorial PO: one coffee by expiry and two untracked accessories, few units.
            supplier = 0
            coffee = [i for i in by_supplier[0] if i.tracking == "expiry"]
            gear = [i for i in by_supplier[0] if i.tracking == "none"]
            lines = [(rng.choice(coffee), 6)] + [(i, q) for i, q in
                                                  zip(rng.sample(gear, 2), (4, 2), strict=True)]
        else:
            supplier = (n - 1) % len(SUPPLIERS)
            chosen = rng.sample(by_supplier[supplier], min(rng.randint(3, 12),
                                                           len(by_supplier[supplier])))
            lines = [(i, rng.choice((6, 12, 12, 24, 24, 36, 48, 60))) for i in chosen]
        po = PurchaseOrder.create(
            number=number, supplier=supplier_ids[supplier], status="open",
            over_receipt_pct=10 if n == 3 else 0,
            expected=today + timedelta(days=1 + n * 2 + rng.randint(0, 3)))
        _insert(PurchaseOrderLine, [{"po": po.id, "item": item.id, "qty_ordered": qty,
                                     "unit_cost": item.cost} for item, qty in lines])
        numbers.append(number)
    return numbers


def _build_users() -> None:
    _insert(User, [{"name": name, "role": role, "pin_hash": _DEMO_PIN_HASHES[name],
                    "badge": badge, "created_at": utcnow()}
                   for name, role, _pin, badge in DEMO_USERS])


def build_demo(seed: int = 7, today: date | None = None) -> str:
    """Fill an empty database with the demo warehouse; returns a one-line summary.

    The same seed (and day) always gives the same warehouse. Expiry dates are relative to
    `today` so the demo always has lots expiring soon and one expired lot.
    """
    rng = random.Random(seed)
    today = today or date.today()
    morning = datetime.combine(today, time(8, 0))
    with database.atomic():
        _refuse_unless_empty()
        operator = User.get(User.name == "operator")
        _insert(Supplier, [{"name": s.name} for s in SUPPLIERS])
        supplier_ids = [Supplier.get(Supplier.name == s.name).id for s in SUPPLIERS]
        items = _build_items(rng)
        bins = _build_bins()
        _build_putaway_rules(items)
        _build_users()
        plan = _plan_stock(rng, items, bins, today, morning)
        _post_stock(plan, operator.id)
        numbers = _build_pos(rng, items, supplier_ids, today)
        demo_sales.build_history(rng, operator.id, today)
        web_orders = demo_sales.build_open_orders(rng, today)
        # The seller on the packing slips and purchase orders.
        seller.save(name="Binwise Demo Coffee & Tea", address=(
            "Am Hafen 3", "20457 Hamburg", "Germany"))
        policy = load_policy()
        abc.recompute_classes(policy, today)
        count_schedule.plan(policy)
    tracked = {t: sum(1 for i in items if i.tracking == t) for t in ("expiry", "lot")}
    bin_count = sum(len(ids) for ids in bins.values())
    units = sum(s.qty for s in plan)
    return (f"{len(items)} items ({tracked['expiry']} by lot and expiry, {tracked['lot']} by "
            f"lot), {bin_count} bins in zones A, B, C and BULK, {len(SUPPLIERS)} suppliers, "
            f"{len(numbers)} open POs ({numbers[0]} to {numbers[-1]}; start with "
            f"{TUTORIAL_PO}), {len(plan)} stock balances holding {units} units, "
            f"{demo_sales.HISTORY_ORDERS} shipped web orders over the last year and "
            f"{len(web_orders)} open ones ({web_orders[0]} to {web_orders[-1]}) to pick; "
            f"log in as " + ", ".join(f"{n} ({r}, PIN {p})" for n, r, p, _ in DEMO_USERS))
