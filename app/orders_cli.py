"""The orders on the command line: `allocate` (reserve stock for orders waiting for it),
`picklist` (one pick list for some orders), `ship` (ship packed orders) and `orders` (list them
and their status)."""

import argparse
from collections.abc import Callable

from app import people_cli
from app.cli_names import find_orders

ORDER_STATUSES = ("open", "allocated", "partial", "picking", "picked", "packed", "shipped",
                  "cancelled")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """`allocate`, `picklist` and `ship`."""
    commands.add_parser("allocate", help="reserve stock for orders still waiting for it")

    picklist = commands.add_parser("picklist", help="make one pick list for some orders")
    picklist.add_argument("orders", nargs="+", metavar="ORDER")

    ship = commands.add_parser("ship", help="ship packed orders (all, or the ones named)")
    ship.add_argument("orders", nargs="*", metavar="ORDER")
    ship.add_argument("--user", help="who ships them (PIN from BINWISE_PIN)")


def add_list_parser(commands: argparse._SubParsersAction) -> None:
    """`orders`."""
    orders = commands.add_parser("orders", help="list orders and their status")
    orders.add_argument("--status", choices=ORDER_STATUSES, help="only orders with this status")
    orders.add_argument("--all", action="store_true",
                        help="also orders shipped or cancelled more than two weeks ago")


def cmd_allocate(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from app.core.orders import allocate_waiting

    open_(args)
    run = allocate_waiting()
    waiting = sum(n for status, n in run.statuses.items() if status in ("open", "partial"))
    print(f"Tried {run.tried} waiting orders; {waiting} still wait for stock.")
    return 0


def cmd_picklist(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from app.core.picking import create_pick_list, tasks

    open_(args)
    pick_list = create_pick_list([o.id for o in find_orders(args.orders)])
    steps = tasks(pick_list.id)
    print(f"{pick_list.number}: {len(steps)} picks")
    for step in steps:
        lot = f" lot {step.lot} (exp {step.expiry})" if step.lot else ""
        print(f"  {step.bin:<12} {step.qty:>5} × {step.sku}{lot}  for {step.order}")
    return 0


def cmd_ship(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from app.core.picking import ship_packed

    open_(args)
    user_id = people_cli.login(args.user, what="Shipping")
    shipped, units = ship_packed(user_id, args.orders or None)
    print(f"Shipped {shipped} orders, {units} units.")
    return 0


def cmd_orders(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from app.core.orders import order_summaries

    open_(args)
    rows = order_summaries(recent_days=100_000 if args.all else 14, limit=1_000_000)
    if args.status:
        rows = [r for r in rows if r.status == args.status]
    print(f"{'order':<14} {'status':<10} {'channel':<10} {'ship by':<10} {'ordered':>7} "
          f"{'reserved':>8} {'picked':>6}")
    for row in rows:
        ship_by = row.ship_by.isoformat() if row.ship_by else ""
        print(f"{row.number:<14} {row.status:<10} {row.channel:<10} {ship_by:<10} "
              f"{row.ordered:>7} {row.reserved:>8} {row.picked:>6}")
    if not rows:
        print("No orders.")
    return 0
