"""The `binwise slip` and `binwise seller` commands: a shipment's packing slip as a PDF, and the
seller printed at its top (name, address, logo), headless."""

import argparse
from pathlib import Path

from app.core.errors import BinwiseError

PAPERS = ("A4", "Letter", "4x6")


def add_commands(commands: argparse._SubParsersAction) -> None:
    slip = commands.add_parser("slip", help="write the packing slip of an order's shipment")
    slip.add_argument("order", metavar="ORDER")
    slip.add_argument("--shipment", type=int, metavar="N",
                      help="which shipment of the order (default: the latest)")
    slip.add_argument("--gift", action="store_true", help="the gift version, without prices")
    slip.add_argument("--paper", choices=PAPERS,
                      help="paper size (default: the station's setting, else A4)")
    slip.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")

    seller = commands.add_parser("seller", help="show or set the seller printed on packing "
                                                "slips: name, address, logo")
    seller.add_argument("--name")
    seller.add_argument("--address", metavar="LINES",
                        help='address lines separated by "|", e.g. "1 Bean St|London E1 6AN"')
    logo = seller.add_mutually_exclusive_group()
    logo.add_argument("--logo", type=Path, metavar="FILE.png", help="a PNG logo")
    logo.add_argument("--no-logo", action="store_true", help="print no logo")


def cmd_slip(args: argparse.Namespace, open_db) -> int:
    from app import config
    from app.atomic import atomic_path
    from app.core import slips
    from app.labels.packing_slip import render_slip

    open_db(args)
    paper = args.paper or config.load().printing.slip_paper
    data = slips.slip(slips.order_id_for(args.order), args.shipment, args.gift)
    pdf = render_slip(data, paper)
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(args.out) as temp:
            temp.write_bytes(pdf)
    except OSError as error:
        raise BinwiseError(f"Cannot write {args.out}: {error.strerror or error}.") from None
    kind = "gift slip" if data.gift else "packing slip"
    print(f"Wrote the {kind} of order {data.order}, shipment {data.shipment} of "
          f"{data.shipments} ({len(data.lines)} lines, {paper}) to {args.out}")
    return 0


def cmd_seller(args: argparse.Namespace, open_db) -> int:
    from app.core import seller

    logo = None
    if args.logo is not None:
        try:
            logo = args.logo.read_bytes()
        except OSError as error:
            raise BinwiseError(f"Cannot read {args.logo}: {error.strerror or error}.") from None
    elif args.no_logo:
        logo = b""
    open_db(args)
    address = None if args.address is None else seller.address_lines(args.address)
    if args.name is not None or address is not None or logo is not None:
        now = seller.save(args.name, address, logo)
    else:
        now = seller.load()
    print(f"Name:    {now.name or '(none)'}")
    print("Address: " + (" | ".join(now.address) or "(none)"))
    print(f"Logo:    {f'{len(now.logo):,} bytes of PNG' if now.logo else '(none)'}")
    return 0
