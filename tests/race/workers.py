"""What each racing process does: open the database, then per round wait for the other and
run the same user action. An action refused with a BinwiseError is an expected outcome; any
other exception is a crash, returned with its traceback."""

import traceback
from datetime import date

from app.core import allocation, counting, ledger, orders, picking, receiving
from app.core.count_policy import CountPolicy
from app.core.errors import BinwiseError
from app.core.order_import import import_orders
from app.db import close_database, open_database
from app.db.models import CountLine, Item, Location, PurchaseOrder, SalesOrder, User

TODAY = date(2026, 6, 1)


def _ship(n: int, worker: int, params: dict) -> str:
    order = SalesOrder.get(SalesOrder.number == f"R-{n:03d}")
    return str(picking.ship_order(order, params["user"]))


def _ship_all(n: int, worker: int, params: dict) -> str:
    return str(picking.ship_packed(params["user"]))


def _cancel(n: int, worker: int, params: dict) -> str:
    orders.cancel_order(SalesOrder.get(SalesOrder.number == f"R-{n:03d}"))
    return "cancelled"


def _allocate(n: int, worker: int, params: dict) -> str:
    if worker == 0:
        return str(orders.allocate_waiting(TODAY).tried)
    order = SalesOrder.get(SalesOrder.number == f"R-{n:03d}")
    return allocation.allocate_order(order.id, TODAY).status


def _undo(n: int, worker: int, params: dict) -> str:
    return str(ledger.reverse(params["moves"][n], params["user"]))


def _approve(n: int, worker: int, params: dict) -> str:
    line = CountLine.get_by_id(params["lines"][n])
    return ",".join(counting.decide(line, True, params["user"], TODAY))


def _count(n: int, worker: int, params: dict) -> str:
    """Start, count what is there and close the bin's count; a count started by the other
    process first is refused at the start, never counted twice."""
    from app.core import count_schedule

    location = Location.get(Location.code == "C-01")
    count = count_schedule.add_adhoc_bin(location, TODAY)
    counting.start(count, params["user"])
    item = Item.get(Item.sku == "CNT")
    counting.record(count, item.id, None, params["on_hand"])
    return counting.close(count, params["user"], CountPolicy(), TODAY).status


def _import(n: int, worker: int, params: dict) -> str:
    return str(import_orders(params["files"][n], today=TODAY).imported)


def _import_changes(n: int, worker: int, params: dict) -> str:
    result = import_orders(params["files"][n], today=TODAY)
    return f"{result.changed},{result.cancelled}"


def _receive(n: int, worker: int, params: dict) -> str:
    po = PurchaseOrder.get(PurchaseOrder.number == "PO-RACE")
    item = Item.get(Item.sku == "RCV")
    return receiving.receive(po, item, 1, params["user"]).po_status


def _check_while_moving(n: int, worker: int, params: dict) -> str:
    """One process checks the ledger while the other moves stock, one unit a transaction."""
    if worker == 0:
        from app.core.stock import check_report

        reports = [check_report() for _ in range(3)]
        return "clean" if not any(reports) else repr(reports)
    a, b = (Location.get(Location.code == code).id for code in ("M-01", "M-02"))
    item = Item.get(Item.sku == "MOV").id
    for step in range(20):
        src, dst = (a, b) if (n + step) % 2 == 0 else (b, a)
        ledger.post([ledger.MoveRequest(item, None, src, dst, 1, "transfer")], params["user"])
    return "moved"


def _pack(n: int, worker: int, params: dict) -> str:
    """Pack order R-n at a pack station, one unit a scan, until the station refuses; returns
    how many units this station put in a box."""
    from app.stations.base import Scan
    from app.stations.pack import PackStation

    station = PackStation(params["user"])
    if station.handle(Scan(f"R-{n:03d}")).refused:
        return "0"
    packed = 0
    while not station.handle(Scan("PACK")).refused:
        packed += 1
    return str(packed)


def _ship_part(n: int, worker: int, params: dict) -> str:
    from app.core import packing

    order = SalesOrder.get(SalesOrder.number == f"R-{n:03d}")
    return str(packing.ship_shipment(order.id, params["user"]).units)


def _return(n: int, worker: int, params: dict) -> str:
    """Return the one unit order R-n shipped at a returns station; a refusal is raised."""
    from app.stations.base import Scan
    from app.stations.returns import ReturnsStation

    station = ReturnsStation(params["user"])
    for code in (f"R-{n:03d}", "RET"):
        feedback = station.handle(Scan(code))
        if feedback.refused:
            raise BinwiseError(feedback.message)
    return feedback.message


SCENARIOS = {
    "pack": _pack,
    "return": _return,
    "ship_part": _ship_part,
    "check": _check_while_moving,
    "ship": _ship,
    "ship_all": _ship_all,
    "cancel": _cancel,
    "allocate": _allocate,
    "undo": _undo,
    "approve": _approve,
    "count": _count,
    "import": _import,
    "import_changes": _import_changes,
    "receive": _receive,
}


def run(db_url: str, scenario: str, worker: int, rounds: int, barrier, params: dict) \
        -> list[tuple[str, str]]:
    open_database(db_url, migrate=False)
    params = {**params, "user": User.get(User.name == "operator").id}
    action = SCENARIOS[scenario]
    outcomes = []
    try:
        for n in range(rounds):
            barrier.wait()
            try:
                outcomes.append(("ok", action(n, worker, params)))
            except BinwiseError as error:
                outcomes.append(("refused", str(error)))
            except Exception:  # noqa: BLE001 - a crash is what the test looks for
                outcomes.append(("crash", traceback.format_exc()))
    finally:
        close_database()
    return outcomes
