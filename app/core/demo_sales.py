"""The demo's customers: a year of shipped web orders (so ABC classes and turnover mean
something) and today's open orders to pick.

History goes through the ledger like real work: received into the dock, picked into packing and
shipped to the customer, each sale on its own day, netting to nothing in the warehouse today.
"""

import random
from datetime import date, datetime, time, timedelta

from app.core import ledger, orders
from app.core.locations import CUSTOMER, DOCK, PACKING, SUPPLIER, system_location
from app.core.orders import OrderLineInput
from app.db.models import Item, Lot, SalesOrder, SalesOrderLine, database

HISTORY_ORDERS = 600
OPEN_ORDERS = 12
# Who the open orders go to, for their packing slips.
CUSTOMERS = (
    ("Maria Schmidt", "Lindenweg 4\n10115 Berlin\nGermany"),
    ("Tom Baker", "17 Orchard Lane\nBristol BS1 4DJ\nUnited Kingdom"),
    ("Sophie Martin", "8 rue des Lilas\n69003 Lyon\nFrance"),
    ("Jan de Vries", "Keizersgracht 221\n1016 DV Amsterdam\nNetherlands"),
)


def _popularity(rng: random.Random, items: list[Item]) -> list[float]:
    """A long tail: a few items sell a lot, most sell little (what makes ABC classes)."""
    ranks = list(range(1, len(items) + 1))
    rng.shuffle(ranks)
    return [1 / rank ** 1.2 for rank in ranks]


def build_history(rng: random.Random, operator_id: int, today: date) -> int:
    items = list(Item.select().order_by(Item.id))
    weights = _popularity(rng, items)
    supplier, dock = system_location(SUPPLIER).id, system_location(DOCK).id
    packing, customer = system_location(PACKING).id, system_location(CUSTOMER).id
    history_lots: dict[int, int] = {}
    for number in range(HISTORY_ORDERS):
        day = today - timedelta(days=rng.randint(2, 364))
        at = datetime.combine(day, time(9, 0)) + timedelta(minutes=rng.randint(0, 480))
        order = SalesOrder.create(number=f"WEB-{10001 + number}", channel="shop",
                                  status="shipped", created_at=at)
        chosen = {i.id: i for i in rng.choices(items, weights, k=rng.choice((1, 1, 2, 3)))}
        for item in chosen.values():
            qty = rng.choice((1, 1, 1, 2, 2, 3, 6))
            line = SalesOrderLine.create(order=order, item=item, qty_ordered=qty)
            lot_id = None
            if item.tracking != "none":
                if item.id not in history_lots:
                    history_lots[item.id] = Lot.create(
                        item=item, code=f"H{today.year - 1}", created_at=at,
                        expiry=today - timedelta(days=30) if item.tracking == "expiry"
                        else None).id
                lot_id = history_lots[item.id]
            doc = {"doc_type": "order", "doc_id": order.id, "line_id": line.id}
            ledger.post([ledger.MoveRequest(item.id, lot_id, supplier, dock, qty, "receipt",
                                            note="demo history")], operator_id,
                        at=at - timedelta(days=3))
            ledger.post([ledger.MoveRequest(item.id, lot_id, dock, packing, qty, "pick", **doc)],
                        operator_id, at=at)
            ledger.post([ledger.MoveRequest(item.id, lot_id, packing, customer, qty, "ship",
                                            **doc)], operator_id, at=at + timedelta(hours=4))
    return HISTORY_ORDERS


def build_open_orders(rng: random.Random, today: date) -> list[str]:
    """Today's web orders, allocated from the bins; the last one asks for more than there is."""
    in_stock = [row[0] for row in database.execute_sql(
        "SELECT DISTINCT i.sku FROM quant q JOIN item i ON i.id = q.item_id "
        "JOIN location l ON l.id = q.location_id WHERE l.kind = 'bin' ORDER BY i.sku")]
    numbers = []
    for n in range(OPEN_ORDERS):
        skus = rng.sample(in_stock, rng.choice((1, 2, 2, 3, 4)))
        lines = [OrderLineInput(sku, rng.choice((1, 1, 2, 3))) for sku in skus]
        if n == OPEN_ORDERS - 1:
            lines = [OrderLineInput(skus[0], 500)]
        number = f"WEB-{20001 + n}"
        order = orders.create_order(number, lines, channel="shop", today=today,
                                    ship_by=today + timedelta(days=1 + n % 3))
        name, address = CUSTOMERS[n % len(CUSTOMERS)]
        SalesOrder.update(ship_to_name=name, ship_to_address=address).where(
            SalesOrder.id == order.id).execute()
        numbers.append(number)
    return numbers
