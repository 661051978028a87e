"""The `binwise` command: opens the window by default; subcommands for headless work."""

import argparse
import json
import sys
from pathlib import Path

from app import __version__, paths
from app.core.errors import BinwiseError

IMPORT_KINDS = ("items", "bins", "pos")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="binwise", description="Binwise: receive, put away, pick and count by scanning.")
    parser.add_argument("--version", action="version", version=f"binwise {__version__}")
    parser.add_argument("--db", type=Path, help="the warehouse database file "
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

    replay = commands.add_parser("replay", help="feed a file of scans to a station")
    replay.add_argument("--station", required=True,
                        choices=["receive", "putaway", "transfer", "pick", "lookup"])
    replay.add_argument("--user", default="operator", help="who is scanning")
    replay.add_argument("file", type=Path, help="one scan a line: CODE or CODE,QTY; # comments")

    stock = commands.add_parser("stock", help="list stock: sku, lot, expiry, location, qty")
    stock.add_argument("--json", action="store_true", help="as JSON instead of a table")

    commands.add_parser("check", help="recompute stock from the ledger; exit 1 on a mismatch")

    labels = commands.add_parser("labels", help="render labels")
    label_kinds = labels.add_subparsers(dest="labels_kind", required=True, metavar="WHAT")
    sheet = label_kinds.add_parser("demo-sheet", help="a PDF of the demo's barcodes to scan")
    sheet.add_argument("output", type=Path)
    return parser


def _db_path(args: argparse.Namespace) -> Path:
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
    sheet = path.with_name(path.stem + "-barcodes.pdf")
    write_demo_sheet(sheet)
    print(f"Demo warehouse in {path}: {summary}")
    print(f"Barcodes to scan: {sheet}")
    if args.open:
        return _cmd_gui(args)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from app.core import imports

    _open(args)
    try:
        count = imports.IMPORTERS[args.kind](args.file)
    except BinwiseError as error:
        print(f"binwise: {args.file}: {error}", file=sys.stderr)
        print("binwise: nothing was imported; correct the file and import it again.",
              file=sys.stderr)
        return 2
    print(f"Imported {count} {args.kind} from {args.file}")
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


def _cmd_labels(args: argparse.Namespace) -> int:
    from app.labels.demo_sheet import write_demo_sheet

    _open(args)
    write_demo_sheet(args.output)
    print(f"Wrote {args.output}")
    return 0


COMMANDS = {
    None: _cmd_gui,
    "gui": _cmd_gui,
    "demo": _cmd_demo,
    "import": _cmd_import,
    "replay": _cmd_replay,
    "stock": _cmd_stock,
    "check": _cmd_check,
    "labels": _cmd_labels,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BinwiseError as error:
        print(f"binwise: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"binwise: file not found: {error.filename}", file=sys.stderr)
        return 2
    finally:
        from app.db import close_database

        close_database()
