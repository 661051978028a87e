"""The `binwise` command: opens the window by default; subcommands for headless work."""

import argparse
import json
import sys
from pathlib import Path

from app import (
    __version__,
    counts_cli,
    database_cli,
    files_cli,
    kits_cli,
    orders_cli,
    paths,
    people_cli,
    returns_cli,
    slip_cli,
)
from app.cli_names import find_item
from app.core.errors import BinwiseError
from app.db.connection import DatabaseUnavailableError
from app.db.retry import DatabaseBusyError


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

    files_cli.add_parsers(commands)
    orders_cli.add_parsers(commands)
    counts_cli.add_parsers(commands)

    from app import cli_numbers

    cli_numbers.add_commands(commands)

    orders_cli.add_list_parser(commands)

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

    database_cli.add_parsers(commands, _db_target)

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


def _numbers(command: str, args: argparse.Namespace) -> int:
    from app import cli_numbers

    _open(args)
    if command == "report":
        return cli_numbers.report(args)
    if command == "setting":
        return cli_numbers.setting(args)
    if command == "dropship":
        return cli_numbers.dropship(args)
    return cli_numbers.replenish(args, find_item)


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


COMMANDS = {
    None: _cmd_gui,
    "gui": _cmd_gui,
    "demo": _cmd_demo,
    "import": lambda args: files_cli.cmd_import(args, _open),
    "replay": _cmd_replay,
    "replenish": lambda args: _numbers("replenish", args),
    "report": lambda args: _numbers("report", args),
    "setting": lambda args: _numbers("setting", args),
    "dropship": lambda args: _numbers("dropship", args),
    "export": lambda args: files_cli.cmd_export(args, _open),
    "allocate": lambda args: orders_cli.cmd_allocate(args, _open),
    "picklist": lambda args: orders_cli.cmd_picklist(args, _open),
    "ship": lambda args: orders_cli.cmd_ship(args, _open),
    "orders": lambda args: orders_cli.cmd_orders(args, _open),
    "counts": lambda args: counts_cli.cmd_counts(args, _open),
    "accuracy": lambda args: counts_cli.cmd_accuracy(args, _open),
    "stock": _cmd_stock,
    "check": _cmd_check,
    "copy": lambda args: database_cli.cmd_copy(args, _db_path),
    "labels": _cmd_labels,
    "backup": lambda args: database_cli.cmd_backup(args, _db_path),
    "restore": lambda args: database_cli.cmd_restore(args, _db_path),
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
