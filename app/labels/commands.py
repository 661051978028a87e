"""The `binwise labels bins|items|lots|badge` commands: render the chosen labels to PDF, PNG or
ZPL (a file, or raw to a CUPS queue). Which labels is read by the caller (app.core.label_select).

Size, resolution and output default to the user's label settings, and what was used is saved
back, so the next print needs no options. The format follows --format, else the output file's
suffix (.pdf, .zpl, .png or a folder), else the settings.
"""

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.atomic import atomic_text
from app.errors import BinwiseError
from app.labels.templates import DPIS, SIZES, Label, LabelSize, get_size

if TYPE_CHECKING:
    from app.labels.layout import Drawing

# Rendering modules load in run(): every `binwise` start builds this parser.

FORMATS = ("pdf", "zpl", "png")
KINDS = ("bins", "items", "lots", "badge")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", type=str.lower, choices=list(SIZES),
                        help="label size or sheet (default: the last one used)")
    parser.add_argument("--dpi", type=int, choices=DPIS,
                        help="the printer's resolution (default: the last one used)")
    parser.add_argument("--format", choices=FORMATS,
                        help="pdf, zpl or png (default: from -o's suffix, else the last one)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help="file to write (png: a folder, one file per label or page)")
    parser.add_argument("--queue", metavar="NAME",
                        help="send ZPL raw to this CUPS queue (lp -d NAME -o raw)")
    parser.add_argument("--copies", type=int, default=1, metavar="N",
                        help="print each label N times")


def add_arguments(kinds: argparse._SubParsersAction) -> None:
    """Add `bins`, `items` and `lots` to the `binwise labels` subcommands."""
    bins = kinds.add_parser("bins", help="bin labels: big code, Code 128, optional QR/arrow")
    which = bins.add_mutually_exclusive_group(required=True)
    which.add_argument("--range", metavar="FIRST..LAST",
                       help="bins whose codes sort between two codes, e.g. A-01-01..A-03-10")
    which.add_argument("--zone", metavar="ZONE", help="every bin in a zone")
    which.add_argument("--all", action="store_true", help="every bin")
    bins.add_argument("--qr", action="store_true", help="add a QR code of the bin code")
    bins.add_argument("--arrows", action="store_true",
                      help="arrow to the bin: down on level 01, up on higher levels")
    _common(bins)

    items = kinds.add_parser("items", help="item labels: EAN/UPC of the GTIN, else Code 128")
    items.add_argument("skus", nargs="*", metavar="SKU")
    items.add_argument("--all", action="store_true", help="every active item")
    _common(items)

    lots = kinds.add_parser("lots", help="lot labels: GS1-128 (01) GTIN (17) expiry (10) lot")
    lots.add_argument("--sku", help="every lot of this item")
    lots.add_argument("--lot", nargs="+", default=[], metavar="CODE", help="these lots")
    lots.add_argument("--receipt", type=int, metavar="ID", help="the lots received on a receipt")
    lots.add_argument("--per-unit", action="store_true",
                      help="with --receipt: one label per unit received")
    _common(lots)

    badge = kinds.add_parser("badge", help="login badges: name, role, Code 128 of the badge")
    badge.add_argument("names", nargs="*", metavar="NAME", help="whose (default: everyone's)")
    _common(badge)


def output_format(args: argparse.Namespace, saved: str) -> str:
    if args.format:
        return args.format
    if args.queue:
        return "zpl"
    if args.output is not None:
        suffix = args.output.suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
        if not suffix:
            return "png"
    return "zpl" if saved == "zpl" else "pdf"


def draw_all(labels: list[Label], size: LabelSize, dpi: int, quiet: int,
             for_zpl: bool = False) -> list["Drawing"]:
    """Lay out every label once; copies share their drawing."""
    from app.labels import zpl
    from app.labels.layout import draw_label

    done: dict[Label, Drawing] = {}
    cap = zpl.MAX_MODULE_DOTS if for_zpl else None
    for label in labels:
        if label not in done:
            done[label] = draw_label(label, size, dpi, quiet, cap)
    return [done[label] for label in labels]


def run(args: argparse.Namespace, choose: Callable[[argparse.Namespace], list[Label]]) -> int:
    """Run `binwise labels bins|items|lots`; returns the exit code. `choose` reads the labels
    the arguments ask for (app.core.label_select.choose): this module only draws them."""
    from app import config
    from app.labels import render, zpl

    settings = config.load()
    saved = settings.labels
    size = get_size(args.size or (saved.size if saved.size.lower() in SIZES else "100x50mm"))
    dpi = args.dpi or (saved.dpi if saved.dpi in DPIS else 300)
    fmt = output_format(args, saved.output)
    if args.queue and fmt != "zpl":
        raise BinwiseError("A CUPS queue takes ZPL: drop --format or use --format zpl.")
    if args.output is None and not args.queue:
        raise BinwiseError("Say where to write the labels: -o FILE (or --queue NAME for ZPL).")
    if fmt == "zpl":
        zpl.check_size(size)
    labels = choose(args)
    quiet = max(10, saved.quiet_zone_modules)
    drawings = draw_all(labels, size, dpi, quiet, for_zpl=fmt == "zpl")

    for warning in dict.fromkeys(w for d in drawings for w in d.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    count = len(labels)
    if fmt == "zpl":
        text = "".join(zpl.drawing_zpl(d) for d in drawings)
        if args.output is not None:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            with atomic_text(args.output) as out:
                out.write(text)
            print(f"Wrote {count} labels as ZPL to {args.output}")
        if args.queue:
            answer = zpl.send_raw(text, args.queue)
            print(f"Sent {count} labels to {args.queue}" + (f": {answer}" if answer else ""))
    elif fmt == "png":
        files = render.write_pngs(drawings, size, args.output)
        print(f"Wrote {count} labels to {len(files)} PNG files in {args.output}")
    else:
        from app.labels.pdf import write_pdf

        pages = write_pdf(args.output, drawings, size)
        print(f"Wrote {count} labels on {pages} page{'s' if pages != 1 else ''} "
              f"to {args.output}")

    remembered = replace(saved, size=size.name, dpi=dpi,
                         output=saved.output if fmt == "png" else fmt,
                         printer=args.queue or saved.printer)
    if remembered != saved:
        try:
            config.save(replace(settings, labels=remembered))
        except OSError as error:
            # The labels are written; only the choice of printer is not remembered.
            print(f"warning: the label settings were not remembered: {error.strerror} "
                  f"({error.filename})", file=sys.stderr)
    return 0
