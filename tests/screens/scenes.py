"""The pages as a packer sees them in a real warehouse: the demo warehouse plus the long codes
real ones have (a bin code of eleven characters, a marketplace order number, an item name of
seventy letters), and each page brought to its busiest state by the scans a person would make.

Used by the screen tests (does every page fit at 1024x768 and 1366x768?) and by `shoot.py`,
which writes the same scenes as PNG files to look at.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.core import ledger, packing, picking
from app.core.demo import build_demo
from app.core.locations import DOCK, SUPPLIER, system_location
from app.core.orders import OrderLineInput, create_order
from app.db.models import Item, ItemBarcode, Location, Lot, SalesOrder, User

# A kiosk screen without a window manager, a laptop screen, and the same laptop with a title
# bar and a task bar taking about 70 pixels.
SIZES = ((1024, 768), (1366, 768), (1366, 698))

LONG_BIN = "MEZ-12-04-B3"
LONG_ORDER = "AMZ-302-8841927-5561012"
LONG_SKU = "COF-GUA-WB1K-X"
LONG_NAME = ("Guatemala Antigua Single-Origin Whole Bean Coffee, Medium-Dark Roast, "
             "Resealable 1 kg Bag with One-Way Valve, Rainforest Alliance Certified, Roasted "
             "to Order in Small Batches")
LONG_GTIN = "4012345099997"
LONG_LOT = "L2026-11-0457-B"
# A picked order waiting at Pack, with a lot, a note and a gift message.
PACK_ORDER = "EBY-27-09113-40552-XL"
PACK_NOTE = "Fragile: wrap the bag twice and put it upright, the valve facing up"
PACK_GIFT = "Happy birthday, Ana! Enjoy the coffee. Love, Marta and the kids"
# A shipped order coming back at Returns.
RETURN_ORDER = "SHP-88213-0045-RTN"


def build_world() -> None:
    """The demo warehouse plus one item, bin and order with long codes (database open)."""
    build_demo()
    today = date.today()
    operator = User.get(User.name == "operator").id
    site = Location.get(Location.code == "WH")
    zone = Location.create(code="MEZZANINE", kind="zone", parent=site, sequence=90)
    bin_ = Location.create(code=LONG_BIN, kind="bin", parent=zone, sequence=1)
    item = Item.create(sku=LONG_SKU, name=LONG_NAME, tracking="expiry", removal="fefo")
    ItemBarcode.create(item=item, code="0" + LONG_GTIN)  # stored as a GTIN-14
    lot = Lot.create(item=item, code=LONG_LOT, expiry=today + timedelta(days=20))
    supplier = system_location(SUPPLIER).id
    ledger.post([ledger.MoveRequest(item.id, lot.id, supplier, bin_.id, 240, "receipt")],
                operator, at=datetime.now() - timedelta(days=40))
    # An expired lot left in the bin: Lookup answers amber and says what to do with it.
    old = Lot.create(item=item, code=f"{LONG_LOT}-OLD", expiry=today - timedelta(days=3))
    ledger.post([ledger.MoveRequest(item.id, old.id, supplier, bin_.id, 6, "receipt")],
                operator, at=datetime.now() - timedelta(days=200))
    # A delivery waiting in the dock to be put away.
    ledger.post([ledger.MoveRequest(item.id, lot.id, supplier, system_location(DOCK).id, 48,
                                    "receipt")], operator)
    create_order(LONG_ORDER, [OrderLineInput(LONG_SKU, 12)], channel="marketplace")
    _picked_order(operator, item)
    _shipped_order(operator, item)


def _shipped_order(operator: int, item: Item) -> None:
    """RETURN_ORDER: two of the long item, picked, packed and shipped, to come back."""
    order = create_order(RETURN_ORDER, [OrderLineInput(LONG_SKU, 2)], channel="marketplace")
    for task in picking.tasks(picking.pick_list_for_order(order).id):
        picking.pick(task, task.qty, operator)
    packing.pack_unit(order.id, item.id, LONG_LOT, 2, operator)
    picking.ship_order(SalesOrder.get_by_id(order.id), operator)


def _picked_order(operator: int, item: Item) -> None:
    """PACK_ORDER: the long item by lot and a plain demo item, picked and waiting at Pack."""
    plain = next(i.sku for i in Item.select().where((Item.tracking == "none")
                                                    & (Item.id != item.id)).order_by(Item.sku)
                 if i.sku)
    order = create_order(PACK_ORDER, [OrderLineInput(LONG_SKU, 3), OrderLineInput(plain, 2)],
                         channel="marketplace")
    SalesOrder.update(note=PACK_NOTE, gift_message=PACK_GIFT).where(
        SalesOrder.id == order.id).execute()
    for task in picking.tasks(picking.pick_list_for_order(order).id):
        picking.pick(task, task.qty, operator)


@dataclass(frozen=True)
class Scene:
    name: str  # the PNG's name
    page: str  # the page's title in the window
    scans: tuple[str, ...] = ()
    then: Callable | None = None  # anything more to do on the view


def _take_oldest(view) -> None:
    view.take_oldest()


def _select_long_order(view) -> None:
    view.handle_scan(LONG_ORDER)


def _pack_every_unit(view) -> None:
    """The order's last unit in: packed, the slip saved, the label still to come."""
    plain = next(i.sku for i in Item.select().where((Item.tracking == "none")
                                                    & (Item.sku != LONG_SKU)).order_by(Item.sku)
                 if i.sku)
    for code in (LONG_LOT, LONG_LOT, LONG_LOT, plain, plain):
        view.handle_scan(code)


SCENES = (
    Scene("lookup", "Lookup", (LONG_BIN,)),
    Scene("lookup-item", "Lookup", (LONG_GTIN,)),
    Scene("lookup-po", "Lookup", ("PO-1001",)),
    Scene("receive", "Receive", ("PO-1001",)),
    Scene("putaway", "Put away", (), _take_oldest),
    Scene("pick", "Pick", (LONG_ORDER,)),
    Scene("pick-at-bin", "Pick", (LONG_ORDER, LONG_BIN)),
    Scene("count", "Count", (LONG_BIN,)),
    Scene("transfer", "Transfer", (LONG_BIN, LONG_GTIN)),
    Scene("orders", "Orders", (), _select_long_order),
    Scene("labels", "Labels", (LONG_BIN, LONG_GTIN)),
    Scene("counts", "Counts"),
    Scene("counts-plan", "Counts", (), lambda view: view.show_tab(1)),
    Scene("counts-accuracy", "Counts", (), lambda view: view.show_tab(2)),
    Scene("counts-history", "Counts", (), lambda view: view.show_tab(3)),
    Scene("pack", "Pack", (PACK_ORDER,)),
    Scene("pack-box", "Pack", (PACK_ORDER, LONG_LOT)),
    Scene("pack-done", "Pack", (PACK_ORDER,), _pack_every_unit),
    Scene("replenish", "Replenish"),
    Scene("reports", "Reports"),
    Scene("audit", "Audit"),
    Scene("returns", "Returns", (RETURN_ORDER, LONG_GTIN)),
)


def play(window, scene: Scene) -> None:
    """Open the scene's page and make its scans there."""
    index = window.page_index(scene.page)
    window.switch_to(index)
    view = window.current_view()
    for code in scene.scans:
        view.handle_scan(code)
    if scene.then is not None:
        scene.then(view)


# -- the README's screenshots: the demo warehouse as a new user sees it --------------------

def _pick_first_unit(view) -> None:
    view.handle_scan("WEB-20001")
    task = view.station.state.task
    view.handle_scan(task.bin)
    view.handle_scan(task.sku)


def _lookup_busiest_item(view) -> None:
    view.handle_scan("WEB-20001")
    view.handle_scan(view.station.result.lines[0].sku)


def _count_first_due(view) -> None:
    due = view.station.state.due
    if due:
        view.handle_scan(due[0].code)


def _receive_a_unit(view) -> None:
    view.handle_scan("PO-1001")
    lines = view.station.state.lines
    line = next((x for x in lines if x.tracking == "none"), lines[0])
    view.handle_scan(line.sku)
    view.handle_scan(line.sku)


def _orders_select(view) -> None:
    view.handle_scan("WEB-20003")


def _accuracy_tab(view) -> None:
    view.show_tab(2)


DOC_SCENES = (
    Scene("lookup", "Lookup", (), _lookup_busiest_item),
    Scene("receive", "Receive", (), _receive_a_unit),
    Scene("putaway", "Put away", (), _take_oldest),
    Scene("pick", "Pick", (), _pick_first_unit),
    Scene("count", "Count", (), _count_first_due),
    Scene("orders", "Orders", (), _orders_select),
    Scene("accuracy", "Counts", (), _accuracy_tab),
)
