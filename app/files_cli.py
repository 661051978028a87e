"""`binwise import KIND FILE` and `binwise export WHAT FILE`: the CSV files (and carrier label
folders) a seller brings in, and the ones Binwise writes out for the shop, the supplier and the
carrier."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app import people_cli, returns_cli
from app.cli_names import typed_date
from app.core.errors import BinwiseError

IMPORT_KINDS = ("items", "bins", "pos", "orders", "rules", "replenishment", "labels",
                "returns", "kits")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """`import` and `export`."""
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
    export.add_argument("--since", type=typed_date, metavar="DATE",
                        help="shipments: shipped on or after DATE (YYYY-MM-DD)")
    export.add_argument("--format", dest="fmt", choices=["shopify", "plain"], default="shopify",
                        help="shipments: Shopify's fulfillment import (default) or plain")


def cmd_import(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from app.core import imports
    from app.core.faults import FileFault
    from app.core.order_import import import_orders
    from app.core.putaway_rules import import_rules

    open_(args)
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
        # Most messages start with the file's name: say it once, as it was given.
        message = str(error).removeprefix(f"{Path(args.file).name}: ")
        print(f"binwise: {args.file}: {message}", file=sys.stderr)
        print("binwise: nothing was imported; correct the file and import it again.",
              file=sys.stderr)
        return 2
    # An order import describes itself ("12 orders (30 lines), ..."); the others are counts.
    what = str(count) if args.kind in ("orders", "returns") else f"{count} {args.kind}"
    print(f"Imported {what} from {args.file}")
    for notice in getattr(count, "notices", ()):
        print(notice)
    return 0


def cmd_export(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from app.core.csv_output import write_csv
    from app.core.orders import available_to_promise

    open_(args)
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
