"""The returns commands: `binwise returns reasons`, `binwise return-to-supplier`, and the
returns parts of `import`, `export` and `labels` (the RMA import, the refunds export, the
returns sheet)."""

import argparse
from pathlib import Path

from app import people_cli
from app.core.errors import BinwiseError


def add_commands(commands) -> None:
    returns = commands.add_parser("returns", help="customer returns: the reason codes")
    returns.add_argument("what", choices=["reasons"])
    change = returns.add_mutually_exclusive_group()
    change.add_argument("--set", nargs="+", metavar="REASON",
                        help="replace the list, e.g. --set 'Damaged' 'late=Arrived too late'")
    change.add_argument("--add", metavar="REASON", help="add one reason at the end")
    change.add_argument("--remove", metavar="CODE", help="take one reason off the list")
    returns.add_argument("--user", help="the supervisor changing it (PIN from BINWISE_PIN)")

    rts = commands.add_parser(
        "return-to-supplier", help="send quarantined stock back to a supplier, with a printout")
    rts.add_argument("supplier", nargs="?", help="the supplier's name")
    rts.add_argument("--item", action="append", default=[], metavar="SKU[@LOT]",
                     help="an item to send (repeat --item and --qty for several)")
    rts.add_argument("--qty", action="append", default=[], type=int, metavar="N",
                     help="how many of the --item before it")
    rts.add_argument("--pdf", type=Path, metavar="FILE",
                     help="where to write the printout (default: RTS-NUMBER.pdf here)")
    rts.add_argument("--list", action="store_true", help="list what waits in quarantine")
    rts.add_argument("--user", help="who sends it (PIN from BINWISE_PIN)")


def add_sheet_parser(label_kinds) -> None:
    sheet = label_kinds.add_parser(
        "returns-sheet", help="a PDF of the returns desk's reason and grade barcodes")
    sheet.add_argument("output", type=Path)


def reasons(args: argparse.Namespace) -> int:
    from app.core import return_reasons

    current = list(return_reasons.reasons())
    new = None
    if args.set:
        new = [return_reasons.parse(text) for text in args.set]
    elif args.add:
        new = current + [return_reasons.parse(args.add)]
    elif args.remove:
        new = [r for r in current if r.code != args.remove.strip().lower()]
        if len(new) == len(current):
            raise BinwiseError(f"No reason '{args.remove}' on the list: "
                               f"{', '.join(r.code for r in current)}.")
    if new is not None:
        user = people_cli.login(args.user, what="Changing the return reasons")
        current = list(return_reasons.save(new, user))
    for reason in current:
        print(f"{reason.code:<24} {reason.text}")
    return 0


def _lines(args: argparse.Namespace) -> list[tuple[str, str | None, int]]:
    if not args.item:
        raise BinwiseError("Name what goes back: --item SKU --qty N (or --list to see what "
                           "is in quarantine).")
    if len(args.qty) != len(args.item):
        raise BinwiseError("Give one --qty for every --item.")
    lines = []
    for item, qty in zip(args.item, args.qty, strict=True):
        sku, _, lot = item.partition("@")
        lines.append((sku.strip(), lot.strip() or None, qty))
    return lines


def return_to_supplier(args: argparse.Namespace) -> int:
    from app.core import supplier_returns
    from app.labels.supplier_return_pdf import (
        ReturnSheet,
        ReturnSheetLine,
        write_supplier_return_pdf,
    )

    if args.list:
        waiting = supplier_returns.quarantined()
        for row in waiting:
            print(f"{row.sku:<16} {row.lot or '-':<12} {row.qty:>6}  {row.name}")
        print(f"{sum(r.qty for r in waiting)} unit(s) in quarantine.")
        return 0
    if not args.supplier:
        raise BinwiseError("Name the supplier: binwise return-to-supplier SUPPLIER --item SKU "
                           "--qty N")
    lines = _lines(args)
    user = people_cli.login(args.user, what="Returning stock to a supplier")
    doc = supplier_returns.return_to_supplier(args.supplier, lines, user)
    path = args.pdf or Path(f"{doc.number}.pdf")
    write_supplier_return_pdf(path, ReturnSheet(
        doc.seller, doc.number, doc.supplier, doc.created, doc.user,
        tuple(ReturnSheetLine(x.sku, x.name, x.lot, x.qty) for x in doc.lines)))
    print(f"{doc.number}: {doc.units} unit(s) back to {doc.supplier}. Printout: {path}")
    return 0


def export_returns(path: Path) -> int:
    from app.core import tx
    from app.core.csv_output import write_csv
    from app.core.reports.returns import EXPORT_COLUMNS, returned_units

    with tx.snapshot():
        rows = returned_units()
    write_csv(path, EXPORT_COLUMNS, rows)
    print(f"Wrote {len(rows)} returned line(s) to {path}")
    return 0


def returns_sheet(path: Path) -> int:
    from app.core.return_reasons import reasons as current
    from app.labels.returns_sheet import write_returns_sheet

    print(f"Wrote {write_returns_sheet(path, [(r.code, r.text) for r in current()])}")
    return 0
