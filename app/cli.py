"""The `binwise` command: opens the window by default; subcommands for headless work."""

import argparse
import json
import sys
from pathlib import Path

from app import __version__, paths
from app.core.errors import BinwiseError
from app.db.connection import DatabaseUnavailableError

IMPORT_KINDS = ("items", "bins", "pos", "orders", "rules")
ORDER_STATUSES = ("open", "allocated", "partial", "picking", "picked", "packed", "shipped",
                  "cancelled")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="binwise", description="Binwise: receive, put away, pick and count by scanning.")
    parser.add_argument("--version", action="version", version=f"binwise {__version__}")
    parser.add_argument("--db", type=_db_target, metavar="PATH|URL",
                        help="the warehouse: a database file, or a PostgreSQL server's "
                        "postgresql://user:password@host[:port]/database for several stations "
                        f"(default: {paths.default_db_path()})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("--smoke-test", action="store_true",
                     help="open the window, wait a moment, close it; exit 0 if all went well")

    demo = commands.add_parser("demo", help="create a demo warehouse to try Binwise")
    demo.add_argument("--open", action="store_true", help="open the window on it afterwards")
    demo.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)

    imp = commands.add_parser("import", help="import a CSV file (all or nothing)")
    imp.add_argument("kind", choices=IMPORT_KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--no-allocate", action="store_true",
                     help="orders: import without reserving stock for them")

    export = commands.add_parser("export", help="write a CSV file")
    export.add_argument("what", choices=["available"],
                        help="available: sku,on_hand,reserved,available for the shop")
    export.add_argument("file", type=Path)

    commands.add_parser("allocate", help="reserve stock for orders still waiting for it")

    picklist = commands.add_parser("picklist", help="make one pick list for some orders")
    picklist.add_argument("orders", nargs="+", metavar="ORDER")

    ship = commands.add_parser("ship", help="ship packed orders (all, or the ones named)")
    ship.add_argument("orders", nargs="*", metavar="ORDER")

    counts = commands.add_parser("counts", help="cycle counts: plan, today's list, review")
    counts_what = counts.add_subparsers(dest="counts_what", required=True, metavar="WHAT")
    counts_what.add_parser("plan", help="classify items ABC and plan the counts")
    counts_what.add_parser("today", help="make and print today's list of bins to count")
    counts_what.add_parser("review", help="list variances waiting for a supervisor")
    counted = counts_what.add_parser("history", help="every count line, newest first")
    counted.add_argument("--bin", help="only this bin")
    counted.add_argument("--sku", help="only this item")
    for verb in ("approve", "reject"):
        decision = counts_what.add_parser(verb, help=f"{verb} a variance under review")
        decision.add_argument("line", type=int, help="the line number shown by `review`")
        decision.add_argument("--user", default="operator")
    accuracy = commands.add_parser("accuracy", help="inventory record accuracy by week/class")
    accuracy.add_argument("--weeks", type=int, default=8, help="how many weeks back")
    accuracy.add_argument("--by", choices=["week", "class"], default="week")

    orders = commands.add_parser("orders", help="list orders and their status")
    orders.add_argument("--status", choices=ORDER_STATUSES, help="only orders with this status")
    orders.add_argument("--all", action="store_true",
                        help="also orders shipped or cancelled more than two weeks ago")

    replay = commands.add_parser("replay", help="feed a file of scans to a station")
    replay.add_argument("--station", required=True,
                        choices=["receive", "putaway", "transfer", "pick", "count", "lookup"])
    replay.add_argument("--user", default="operator", help="who is scanning")
    replay.add_argument("file", type=Path, help="one scan a line: CODE or CODE,QTY; # comments")

    stock = commands.add_parser("stock", help="list stock: sku, lot, expiry, location, qty")
    stock.add_argument("--json", action="store_true", help="as JSON instead of a table")

    commands.add_parser("check", help="recompute stock from the ledger; exit 1 on a mismatch")

    copy = commands.add_parser("copy", help="copy the whole warehouse into a new database, "
                               "e.g. from a file onto a PostgreSQL server")
    copy.add_argument("--to", required=True, type=_db_target, metavar="PATH|URL",
                      help="the new, empty database (a file or a postgresql:// URL)")

    labels = commands.add_parser("labels", help="render labels")
    label_kinds = labels.add_subparsers(dest="labels_kind", required=True, metavar="WHAT")
    from app.labels import commands as label_commands

    label_commands.add_arguments(label_kinds)
    sheet = label_kinds.add_parser("demo-sheet", help="a PDF of the demo's barcodes to scan")
    sheet.add_argument("output", type=Path)
    return parser


def _db_target(text: str) -> str | Path:
    """A PostgreSQL URL stays a string (a Path would fold its `//`); anything else is a file."""
    return text if paths.is_database_url(text) else Path(text)


def _db_path(args: argparse.Namespace) -> str | Path:
    if args.db is not None:
        return args.db
    if args.command == "demo":
        return paths.data_dir() / "demo.sqlite"
    return paths.default_db_path()


def _open(args: argparse.Namespace):
    from app.db import open_database

    return open_database(_db_path(args))


def _cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.app import run

    return run(_db_path(args), smoke_test=getattr(args, "smoke_test", False))


def _cmd_demo(args: argparse.Namespace) -> int:
    from app.core.demo import build_demo
    from app.labels.demo_sheet import write_demo_sheet

    path = _db_path(args)
    _open(args)
    summary = build_demo(seed=args.seed)
    sheet = (paths.data_dir() / "demo-barcodes.pdf" if isinstance(path, str)
             else path.with_name(path.stem + "-barcodes.pdf"))
    sheet.parent.mkdir(parents=True, exist_ok=True)
    write_demo_sheet(sheet)
    print(f"Demo warehouse in {paths.database_label(path)}: {summary}")
    print(f"Barcodes to scan: {sheet}")
    if args.open:
        return _cmd_gui(args)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from app.core import imports
    from app.core.order_import import import_orders
    from app.core.putaway_rules import import_rules

    _open(args)
    try:
        if args.kind == "orders":
            count = import_orders(args.file, allocate=not args.no_allocate)
        elif args.kind == "rules":
            count = import_rules(args.file)
        else:
            count = imports.IMPORTERS[args.kind](args.file)
    except BinwiseError as error:
        print(f"binwise: {args.file}: {error}", file=sys.stderr)
        print("binwise: nothing was imported; correct the file and import it again.",
              file=sys.stderr)
        return 2
    # An order import describes itself ("12 orders (30 lines), ..."); the others are counts.
    what = str(count) if args.kind == "orders" else f"{count} {args.kind}"
    print(f"Imported {what} from {args.file}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    import csv

    from app.core.orders import available_to_promise

    _open(args)
    rows = available_to_promise()
    with open(args.file, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["sku", "on_hand", "reserved", "available"])
        writer.writerows((r.sku, r.on_hand, r.reserved, r.available) for r in rows)
    print(f"Wrote {len(rows)} items to {args.file}")
    return 0


def _cmd_allocate(args: argparse.Namespace) -> int:
    from app.core.orders import allocate_open_orders
    from app.db.models import SalesOrder

    _open(args)
    tried = allocate_open_orders()
    waiting = SalesOrder.select().where(SalesOrder.status.in_(["open", "partial"])).count()
    print(f"Tried {tried} waiting orders; {waiting} still wait for stock.")
    return 0


def _find_orders(numbers: list[str]):
    from app.db.models import SalesOrder

    found = []
    for number in numbers:
        order = SalesOrder.get_or_none(SalesOrder.number == number)
        if order is None:
            raise BinwiseError(f"No order '{number}'.")
        found.append(order)
    return found


def _find_location(code: str):
    from app.db.models import Location

    location = Location.get_or_none(Location.code == code)
    if location is None:
        raise BinwiseError(f"No bin '{code}'.")
    return location


def _find_item(sku: str):
    from app.db.models import Item

    item = Item.get_or_none(Item.sku == sku)
    if item is None:
        raise BinwiseError(f"No item with SKU '{sku}'.")
    return item


def _cmd_picklist(args: argparse.Namespace) -> int:
    from app.core.picking import create_pick_list, tasks

    _open(args)
    pick_list = create_pick_list([o.id for o in _find_orders(args.orders)])
    steps = tasks(pick_list.id)
    print(f"{pick_list.number}: {len(steps)} picks")
    for step in steps:
        lot = f" lot {step.lot} (exp {step.expiry})" if step.lot else ""
        print(f"  {step.bin:<12} {step.qty:>5} × {step.sku}{lot}  for {step.order}")
    return 0


def _cmd_ship(args: argparse.Namespace) -> int:
    from app.core.picking import ship_order
    from app.db.models import SalesOrder, User

    _open(args)
    user = User.get(User.name == "operator")
    orders = (_find_orders(args.orders) if args.orders else
              list(SalesOrder.select().where(SalesOrder.status == "packed")))
    units = sum(ship_order(order, user.id) for order in orders)
    print(f"Shipped {len(orders)} orders, {units} units.")
    return 0


def _cmd_orders(args: argparse.Namespace) -> int:
    from app.core.orders import order_summaries

    _open(args)
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


def _cmd_counts(args: argparse.Namespace) -> int:
    from datetime import date

    from app.core import abc, count_schedule, counting
    from app.core.count_policy import load_policy
    from app.db.models import CountLine, User

    _open(args)
    policy = load_policy()
    if args.counts_what == "plan":
        classes = abc.recompute_classes(policy)
        summary = count_schedule.plan(policy)
        print("Items by class: " + ", ".join(f"{k} {v}" for k, v in classes.counts.items()))
        for klass in "ABC":
            print(f"Class {klass}: {summary.bins[klass]} bins, every "
                  f"{policy.interval(klass)} working days, about "
                  f"{summary.per_day[klass]:.1f} a day")
    elif args.counts_what == "today":
        due = count_schedule.prepare_day(date.today(), policy)
        print(f"{len(due)} bin(s) to count today, in walking order:")
        for count in due:
            print(f"{count.location.code:<12} {count.kind:<10} {count.status}")
    elif args.counts_what == "review":
        queue = counting.review_queue()
        if not queue:
            print("No variances wait for review.")
        for line in queue:
            lot = f" lot {line.lot.code}" if line.lot_id else ""
            print(f"{line.id:>6}  {line.count.location.code:<12} {line.item.sku}{lot}: expected "
                  f"{line.expected + line.moved}, counted {line.counted} "
                  f"({line.variance:+d})")
    elif args.counts_what == "history":
        bin_ = _find_location(args.bin) if args.bin else None
        item = _find_item(args.sku) if args.sku else None
        for h in counting.history(bin_.id if bin_ else None, item.id if item else None):
            lot = f" lot {h.lot}" if h.lot else ""
            print(f"{h.when}  {h.bin:<10} {h.kind:<9} {h.counted_by:<10} {h.sku}{lot}: "
                  f"expected {h.expected}, counted {h.counted}, adjusted {h.adjusted:+d} "
                  f"({h.status})")
    else:
        user = User.get_or_none(User.name == args.user)
        if user is None:
            raise BinwiseError(f"No user named '{args.user}'.")
        line = CountLine.get_or_none(CountLine.id == args.line)
        if line is None:
            raise BinwiseError(f"No count line {args.line}; `binwise counts review` lists them.")
        orders = counting.decide(line, args.counts_what == "approve", user.id, date.today())
        print(f"Line {line.id} {args.counts_what}d." +
              (f" Orders allocated again: {', '.join(orders)}." if orders else ""))
    return 0


def _cmd_accuracy(args: argparse.Namespace) -> int:
    from datetime import date, timedelta

    from app.core.accuracy import accuracy

    _open(args)
    end = date.today()
    rows = accuracy(end - timedelta(weeks=args.weeks), end, by=args.by)
    print(f"{args.by:<10} {'bins':>6} {'exact':>7} {'lines':>6} {'exact':>7} "
          f"{'adjusted':>10} {'done/planned':>13}")
    for row in rows:
        bins = f"{row.bin_accuracy:.1f}%" if row.bin_accuracy is not None else "-"
        lines = f"{row.line_accuracy:.1f}%" if row.line_accuracy is not None else "-"
        print(f"{row.group:<10} {row.bins_counted:>6} {bins:>7} {row.lines_counted:>6} "
              f"{lines:>7} {row.adjustment_value:>10.2f} {row.done:>6}/{row.planned:<6}")
    return 0


def _cmd_replay(args: argparse.Namespace) -> int:
    from app.stations.replay import replay_file

    _open(args)
    return replay_file(args.station, args.file, user_name=args.user, out=sys.stdout)


def _cmd_stock(args: argparse.Namespace) -> int:
    from app.core.stock import stock_rows

    _open(args)
    rows = stock_rows()
    if args.json:
        # One row a line: readable, and json's C encoder (no indent) keeps 300,000 rows quick.
        print("[" + ",\n".join(json.dumps(row) for row in rows) + "]")
        return 0
    columns = ["sku", "lot", "expiry", "location", "qty", "reserved"]
    widths = {c: max([len(c)] + [len(str(r[c] or "")) for r in rows]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row[c] or "").ljust(widths[c]) for c in columns))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from app.core.stock import check_report

    _open(args)
    problems = check_report()
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} balance(s) differ from the ledger.")
        return 1
    print("Stock matches the ledger.")
    return 0


def _cmd_copy(args: argparse.Namespace) -> int:
    from app.core.stock import check_report
    from app.db import open_database
    from app.db.copy import copy_warehouse

    source = _db_path(args)
    if isinstance(source, Path) and not source.exists():
        raise BinwiseError(f"No database at {source}.")
    if str(source) == str(args.to):
        raise BinwiseError("--to names the database being copied; name a new one.")
    counts = copy_warehouse(source, args.to, progress=lambda table, rows: print(
        f"  {table}: {rows} rows", flush=True))
    moves, rows = counts.get("move", 0), sum(counts.values())
    print(f"Copied {rows} rows ({moves} moves) from {paths.database_label(source)} to "
          f"{paths.database_label(args.to)}.")
    status = 0
    for side in (source, args.to):
        open_database(side)
        problems = check_report()
        label = paths.database_label(side)
        print(f"{label}: stock matches the ledger." if not problems else
              f"{label}: {len(problems)} balance(s) differ from the ledger.")
        status = status or (1 if problems else 0)
    return status


def _cmd_labels(args: argparse.Namespace) -> int:
    from app.labels import commands as label_commands
    from app.labels.demo_sheet import write_demo_sheet

    _open(args)
    if args.labels_kind != "demo-sheet":
        return label_commands.run(args)
    write_demo_sheet(args.output)
    print(f"Wrote {args.output}")
    return 0


COMMANDS = {
    None: _cmd_gui,
    "gui": _cmd_gui,
    "demo": _cmd_demo,
    "import": _cmd_import,
    "replay": _cmd_replay,
    "export": _cmd_export,
    "allocate": _cmd_allocate,
    "picklist": _cmd_picklist,
    "ship": _cmd_ship,
    "orders": _cmd_orders,
    "counts": _cmd_counts,
    "accuracy": _cmd_accuracy,
    "stock": _cmd_stock,
    "check": _cmd_check,
    "copy": _cmd_copy,
    "labels": _cmd_labels,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        # `binwise stock | head`: the reader has seen enough.
        sys.stderr.close()
        return 0
    except BinwiseError as error:
        print(f"binwise: {error}", file=sys.stderr)
        return 2
    except DatabaseUnavailableError as error:
        print(f"binwise: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"binwise: file not found: {error.filename}", file=sys.stderr)
        return 2
    finally:
        from app.db import close_database

        close_database()
