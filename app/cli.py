"""The `binwise` command: opens the window by default; subcommands for headless work."""

import argparse
import json
import sys
from pathlib import Path

from app import __version__, kits_cli, paths, people_cli, returns_cli, slip_cli
from app.core.errors import BinwiseError
from app.db.connection import DatabaseUnavailableError
from app.db.retry import DatabaseBusyError

IMPORT_KINDS = ("items", "bins", "pos", "orders", "rules", "replenishment", "labels",
                "returns", "kits")
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

    imp = commands.add_parser("import", help="import a CSV file (all or nothing), or the "
                              "carrier label files in a folder (labels DIR)")
    imp.add_argument("kind", choices=IMPORT_KINDS)
    imp.add_argument("file", type=Path, metavar="FILE|DIR")
    imp.add_argument("--no-allocate", action="store_true",
                     help="orders: import without reserving stock for them")
    imp.add_argument("--user", help="rules, and bins with a blocked column: the supervisor "
                     "(PIN from BINWISE_PIN)")

    export = commands.add_parser("export", help="write a CSV file")
    export.add_argument("what", choices=["available", "po", "shipments", "returns"],
                        help="available FILE: sku,on_hand,reserved,available for the shop; "
                             "po PO-NUMBER FILE.csv: a purchase order to send to the supplier; "
                             "shipments FILE: tracking numbers of shipped boxes; "
                             "returns FILE: every returned unit, for refunds")
    export.add_argument("file", type=Path)
    export.add_argument("po_file", nargs="?", type=Path, help=argparse.SUPPRESS)
    export.add_argument("--channel", help="available: what this sales channel may still sell, "
                        "after its safety buffer")
    export.add_argument("--since", type=_iso_date, metavar="DATE",
                        help="shipments: shipped on or after DATE (YYYY-MM-DD)")
    export.add_argument("--format", dest="fmt", choices=["shopify", "plain"], default="shopify",
                        help="shipments: Shopify's fulfillment import (default) or plain")

    commands.add_parser("allocate", help="reserve stock for orders still waiting for it")

    picklist = commands.add_parser("picklist", help="make one pick list for some orders")
    picklist.add_argument("orders", nargs="+", metavar="ORDER")

    ship = commands.add_parser("ship", help="ship packed orders (all, or the ones named)")
    ship.add_argument("orders", nargs="*", metavar="ORDER")
    ship.add_argument("--user", help="who ships them (PIN from BINWISE_PIN)")

    counts = commands.add_parser("counts", help="cycle counts: plan, today's list, review")
    counts_what = counts.add_subparsers(dest="counts_what", required=True, metavar="WHAT")
    counts_what.add_parser("plan", help="classify items ABC and plan the counts")
    counts_what.add_parser("today", help="make and print today's list of bins to count")
    counts_what.add_parser("review", help="list variances waiting for a supervisor")
    counts_what.add_parser("open", help="list counts started and never closed")
    cancel = counts_what.add_parser("cancel", help="cancel the open count of a bin "
                                    "(nothing it counted is booked)")
    cancel.add_argument("bin", help="the bin's code")
    counted = counts_what.add_parser("history", help="every count line, newest first")
    counted.add_argument("--bin", help="only this bin")
    counted.add_argument("--sku", help="only this item")
    for verb in ("approve", "reject"):
        decision = counts_what.add_parser(verb, help=f"{verb} a variance under review")
        decision.add_argument("line", type=int, help="the line number shown by `review`")
        decision.add_argument("--user", help="the supervisor deciding (PIN from BINWISE_PIN)")
    accuracy = commands.add_parser("accuracy", help="inventory record accuracy by week/class")
    accuracy.add_argument("--weeks", type=int, default=8, help="how many weeks back")
    accuracy.add_argument("--by", choices=["week", "class"], default="week")

    from app import cli_numbers

    cli_numbers.add_commands(commands)

    orders = commands.add_parser("orders", help="list orders and their status")
    orders.add_argument("--status", choices=ORDER_STATUSES, help="only orders with this status")
    orders.add_argument("--all", action="store_true",
                        help="also orders shipped or cancelled more than two weeks ago")

    replay = commands.add_parser("replay", help="feed a file of scans to a station")
    replay.add_argument("--station", required=True,
                        choices=["receive", "putaway", "transfer", "pick", "pack", "count",
                                 "lookup", "returns"])
    replay.add_argument("--user", help="who is scanning (PIN from BINWISE_PIN); default "
                        "operator while nobody has a PIN")
    replay.add_argument("file", type=Path, help="one scan a line: CODE or CODE,QTY; # comments")

    stock = commands.add_parser("stock", help="list stock: sku, lot, expiry, location, qty")
    stock.add_argument("--json", action="store_true", help="as JSON instead of a table")

    commands.add_parser("check", help="recompute stock from the ledger; exit 1 on a mismatch")
    kits_cli.add_parser(commands)

    backup = commands.add_parser("backup", help="copy the warehouse to a file, while it is in use")
    backup.add_argument("file", type=Path, nargs="?",
                        help="default: beside the database, named with the date and time")
    restore = commands.add_parser("restore", help="check a backup and put it in place of the "
                                  "warehouse (the current file is kept aside)")
    restore.add_argument("file", type=Path)
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
    command_sheet = label_kinds.add_parser(
        "commands", help="a PDF of the command barcodes (undo, cancel, finish, short...)")
    command_sheet.add_argument("output", type=Path)
    returns_cli.add_sheet_parser(label_kinds)
    people_cli.add_commands(commands)
    slip_cli.add_commands(commands)
    returns_cli.add_commands(commands)
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


def _iso_date(text: str):
    from app.cli_numbers import _iso_date as parse

    return parse(text)


def _open(args: argparse.Namespace):
    from app.core.faults import check_database_file
    from app.db import open_database

    # Only `demo` (and the window's first start) make a new warehouse: a typo in --db must not.
    check_database_file(_db_path(args), create=args.command == "demo")
    return open_database(_db_path(args))


def _cmd_gui(args: argparse.Namespace) -> int:
    from app.db import retry
    from app.ui.app import run

    # A scan is never refused because another program is writing: the stations wait their
    # turn (off the UI thread), however long it takes.
    retry.set_patience(None)
    return run(_db_path(args), smoke_test=getattr(args, "smoke_test", False))


def _cmd_demo(args: argparse.Namespace) -> int:
    from app.core.demo import build_demo
    from app.core.demo_sheet_data import sheet_data
    from app.labels.demo_sheet import write_demo_sheet

    path = _db_path(args)
    _open(args)
    summary = build_demo(seed=args.seed)
    sheet = (paths.data_dir() / "demo-barcodes.pdf" if isinstance(path, str)
             else path.with_name(path.stem + "-barcodes.pdf"))
    sheet.parent.mkdir(parents=True, exist_ok=True)
    write_demo_sheet(sheet, sheet_data())
    print(f"Demo warehouse in {paths.database_label(path)}: {summary}")
    print(f"Barcodes to scan: {sheet}")
    if args.open:
        return _cmd_gui(args)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from app.core import imports
    from app.core.faults import FileFault
    from app.core.order_import import import_orders
    from app.core.putaway_rules import import_rules

    _open(args)
    if args.kind == "labels":
        from app.cli_shipping import import_labels

        return import_labels(args.file)
    try:
        if args.kind == "orders":
            count = import_orders(args.file, allocate=not args.no_allocate)
        elif args.kind == "rules":
            count = import_rules(args.file, people_cli.login(args.user,
                                                             what="Importing putaway rules"))
        elif args.kind == "bins":
            count = imports.import_bins(args.file, people_cli.login(args.user,
                                                                    what="Importing bins"))
        elif args.kind == "returns":
            from app.core.rma_import import import_rmas

            count = import_rmas(args.file)
        elif args.kind == "replenishment":
            from app.core.replenishment.item_settings import import_item_settings

            count = import_item_settings(args.file)
        elif args.kind == "kits":
            from app.core.kit_import import import_kits

            count = import_kits(args.file)
        else:
            count = imports.IMPORTERS[args.kind](args.file)
    except FileFault:
        raise  # the file could not be read at all: one line says why
    except BinwiseError as error:
        print(f"binwise: {args.file}: {error}", file=sys.stderr)
        print("binwise: nothing was imported; correct the file and import it again.",
              file=sys.stderr)
        return 2
    # An order import describes itself ("12 orders (30 lines), ..."); the others are counts.
    what = str(count) if args.kind in ("orders", "returns") else f"{count} {args.kind}"
    print(f"Imported {what} from {args.file}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from app.core.csv_output import write_csv
    from app.core.orders import available_to_promise

    _open(args)
    if args.what == "shipments":
        from app.cli_shipping import export_shipments

        return export_shipments(args.file, args.since, args.fmt)
    if args.what == "returns":
        return returns_cli.export_returns(args.file)
    if args.what == "po":
        from app.cli_numbers import export_po

        return export_po(str(args.file), args.po_file)
    if args.channel is not None:
        from app.cli_numbers import export_channel

        return export_channel(args.channel, args.file)
    rows = available_to_promise()
    write_csv(args.file, ["sku", "on_hand", "reserved", "available"],
              ((r.sku, r.on_hand, r.reserved, r.available) for r in rows))
    print(f"Wrote {len(rows)} items to {args.file}")
    return 0


def _cmd_allocate(args: argparse.Namespace) -> int:
    from app.core.orders import allocate_waiting

    _open(args)
    run = allocate_waiting()
    waiting = sum(n for status, n in run.statuses.items() if status in ("open", "partial"))
    print(f"Tried {run.tried} waiting orders; {waiting} still wait for stock.")
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
    from app.core.picking import ship_packed

    _open(args)
    user_id = people_cli.login(args.user, what="Shipping")
    shipped, units = ship_packed(user_id, args.orders or None)
    print(f"Shipped {shipped} orders, {units} units.")
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

    from app.core import abc, count_schedule, count_views, counting
    from app.core.count_policy import load_policy

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
        queue = count_views.review_rows()
        if not queue:
            print("No variances wait for review.")
        for row in queue:
            lot = f" lot {row.lot}" if row.lot else ""
            print(f"{row.line_id:>6}  {row.bin:<12} {row.sku}{lot}: expected {row.expected}, "
                  f"counted {row.counted} ({row.variance:+d})")
    elif args.counts_what == "open":
        started = count_views.open_counts()
        if not started:
            print("No count was left open.")
        for row in started:
            print(f"{row.bin:<12} {row.kind:<10} started {row.started} by {row.user}, "
                  f"{row.counted} counted")
    elif args.counts_what == "cancel":
        print(count_views.cancel_open_count(args.bin))
    elif args.counts_what == "history":
        bin_ = _find_location(args.bin) if args.bin else None
        item = _find_item(args.sku) if args.sku else None
        for h in counting.history(bin_.id if bin_ else None, item.id if item else None):
            lot = f" lot {h.lot}" if h.lot else ""
            print(f"{h.when}  {h.bin:<10} {h.kind:<9} {h.counted_by:<10} {h.sku}{lot}: "
                  f"expected {h.expected}, counted {h.counted}, adjusted {h.adjusted:+d} "
                  f"({h.status})")
    else:
        user_id = people_cli.login(args.user, "supervisor", "Deciding a count variance")
        try:
            orders = count_views.decide(args.line, args.counts_what == "approve", user_id,
                                        date.today())
        except count_views.LineGone:
            raise BinwiseError(f"No count line {args.line}; `binwise counts review` lists "
                               f"them.") from None
        print(f"Line {args.line} {args.counts_what}d." +
              (f" Orders allocated again: {', '.join(orders)}." if orders else ""))
    return 0


def _cmd_accuracy(args: argparse.Namespace) -> int:
    from datetime import date

    from app.core.count_views import accuracy_report

    _open(args)
    # The same weeks as the Accuracy page: whole ISO weeks, this one included.
    report = accuracy_report(args.weeks, date.today())
    rows = report.by_week if args.by == "week" else report.by_class
    print(f"{args.by:<10} {'bins':>6} {'exact':>7} {'lines':>6} {'exact':>7} "
          f"{'adjusted':>10} {'done/planned':>13}")
    for row in rows:
        bins = f"{row.bin_accuracy:.1f}%" if row.bin_accuracy is not None else "-"
        lines = f"{row.line_accuracy:.1f}%" if row.line_accuracy is not None else "-"
        print(f"{row.group:<10} {row.bins_counted:>6} {bins:>7} {row.lines_counted:>6} "
              f"{lines:>7} {row.adjustment_value:>10.2f} {row.done:>6}/{row.planned:<6}")
    return 0


def _numbers(command: str, args: argparse.Namespace) -> int:
    from app import cli_numbers

    _open(args)
    if command == "report":
        return cli_numbers.report(args)
    if command == "setting":
        return cli_numbers.setting(args)
    if command == "dropship":
        return cli_numbers.dropship(args)
    return cli_numbers.replenish(args, _find_item)


def _cmd_replay(args: argparse.Namespace) -> int:
    from app.db import retry
    from app.stations.replay import replay_file

    _open(args)
    # Checks the PIN of a user who has one; the station then books to that user.
    people_cli.login(args.user, what="Replaying scans")
    # Scans wait for the write lock as long as it takes, as they do at a station.
    retry.set_patience(None)
    from app import config

    return replay_file(args.station, args.file, user_name=args.user or "operator",
                       out=sys.stdout, printing=config.load().printing)


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
    from app.core.demo_sheet_data import sheet_data
    from app.labels import commands as label_commands
    from app.labels.demo_sheet import write_demo_sheet

    if args.labels_kind == "commands":
        from app.labels.command_sheet import write_command_sheet

        # The same for every warehouse: no database needed.
        print(f"Wrote {write_command_sheet(args.output)}")
        return 0
    _open(args)
    if args.labels_kind == "returns-sheet":
        return returns_cli.returns_sheet(args.output)
    if args.labels_kind != "demo-sheet":
        from app.core.label_select import choose

        return label_commands.run(args, choose)
    write_demo_sheet(args.output, sheet_data())
    print(f"Wrote {args.output}")
    return 0


def _backup_paths(args: argparse.Namespace) -> Path:
    from app.core.faults import is_server_url

    path = _db_path(args)
    if is_server_url(path):
        raise BinwiseError("A PostgreSQL warehouse is backed up by the server: use pg_dump to "
                           "back it up and pg_restore to restore it.")
    return path


def _cmd_backup(args: argparse.Namespace) -> int:
    from app.core.backup import backup, default_backup_path

    path = _backup_paths(args)
    target = backup(path, args.file or default_backup_path(path))
    print(f"Backed up {path} to {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from app.core.restore import restore

    path = _backup_paths(args)
    aside = restore(path, args.file)
    print(f"Restored {args.file} into {path}; it was checked and its stock matches its ledger.")
    if aside:
        print(f"The previous database is kept as {aside}")
    return 0


COMMANDS = {
    None: _cmd_gui,
    "gui": _cmd_gui,
    "demo": _cmd_demo,
    "import": _cmd_import,
    "replay": _cmd_replay,
    "replenish": lambda args: _numbers("replenish", args),
    "report": lambda args: _numbers("report", args),
    "setting": lambda args: _numbers("setting", args),
    "dropship": lambda args: _numbers("dropship", args),
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
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "users": lambda args: people_cli.cmd_users(args, _open),
    "returns": lambda args: (_open(args), returns_cli.reasons(args))[1],
    "return-to-supplier": lambda args: (_open(args), returns_cli.return_to_supplier(args))[1],
    "audit": lambda args: people_cli.cmd_audit(args, _open),
    "slip": lambda args: slip_cli.cmd_slip(args, _open),
    "seller": lambda args: slip_cli.cmd_seller(args, _open),
    "kits": lambda args: kits_cli.cmd_kits(args, _open),
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        # `binwise stock | head`: the reader has seen enough.
        sys.stderr.close()
        return 0
    except (BinwiseError, DatabaseBusyError, DatabaseUnavailableError) as error:
        print(f"binwise: {_for_the_command_line(error)}", file=sys.stderr)
        return 2
    except Exception as error:
        from app.core.faults import explain

        message = explain(error, _db_path(args))
        if message is None:
            raise
        print(f"binwise: {message}", file=sys.stderr)
        return 2
    finally:
        _close_quietly()


def _for_the_command_line(error: Exception) -> str:
    """The refusal as a command line says it: there is no badge to scan here."""
    from app.core.users import PermissionDeniedError

    if not isinstance(error, PermissionDeniedError):
        return str(error)
    role = f"an {error.role}" if error.role[0] in "aeiou" else f"a {error.role}"
    return (f"{str(error).split('. ')[0]}. Run it with --user NAME of {role} and that "
            f"person's PIN in BINWISE_PIN.")


def _close_quietly() -> None:
    """Close the database; a failure here (a full disk refusing PRAGMA optimize) must not hide
    the error being reported, nor turn a finished command into a traceback."""
    from app.db import close_database

    try:
        close_database()
    except Exception:  # nothing is left to save at this point
        pass
