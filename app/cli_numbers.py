"""The `binwise replenish`, `binwise report`, `binwise export po` and `binwise dropship`
commands: what to reorder and the seller's numbers, headless."""

import argparse
import json
import sys
from pathlib import Path

from app.cli_names import typed_date
from app.core.errors import BinwiseError

REPORT_NAMES = ["stock-value", "aging", "expiry", "movers", "turnover", "sell-through",
                "weeks-of-supply", "fill-rate", "channels", "accuracy", "returns"]


def add_commands(commands) -> None:
    replenish = commands.add_parser(
        "replenish", help="what to reorder: low items, most urgent first, and why")
    replenish.add_argument("--json", action="store_true",
                           help="every number of each plan as JSON instead of a table")
    replenish.add_argument("--all", action="store_true", help="every item, not only low ones")
    replenish.add_argument("--sku", help="explain one item's figures")
    replenish.add_argument("--create", action="store_true",
                           help="create the suggested purchase orders, one per supplier")

    report = commands.add_parser("report", help="the seller's numbers: stock value, aging, ...")
    report.add_argument("name", choices=REPORT_NAMES)
    report.add_argument("--from", dest="start", type=typed_date,
                        help="first day of the period (default: 90 days before --to)")
    report.add_argument("--to", dest="end", type=typed_date,
                        help="last day of the period, or the day valued (default: today)")
    report.add_argument("--by", choices=["item", "class", "bin", "lot"],
                        help="stock-value: per item, ABC class, bin or lot (bin and lot: "
                             "today); turnover: per item or class")
    report_out = report.add_mutually_exclusive_group()
    report_out.add_argument("--csv", type=Path, metavar="FILE", help="write the report as CSV")
    report_out.add_argument("--json", action="store_true", help="print the report as JSON")
    report_out.add_argument("--pdf", type=Path, metavar="FILE", help="print the report to PDF")
    add_setting_command(commands)

    dropship = commands.add_parser(
        "dropship", help="the supplier shipped a dropship PO's lines to the customers")
    dropship.add_argument("action", choices=["confirm"])
    dropship.add_argument("po", metavar="PO-NUMBER")
    dropship.add_argument("--line", metavar="SKU", help="only the lines of this item")
    dropship.add_argument("--tracking", default="", metavar="T",
                          help="the parcel's tracking number")


def add_setting_command(commands) -> None:
    setting = commands.add_parser(
        "setting", help="show or change the replenishment policy, the channel buffers or the "
                        "seller's name (printed on POs)")
    setting.add_argument("name", choices=["replenishment", "channels", "seller"])
    setting.add_argument("value", nargs="?", metavar="JSON",
                         help="keys to change, e.g. '{\"window_days\": 60}'")


def setting(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.core import channels
    from app.core.replenishment import po_document, policy

    load, parse, save = {
        "replenishment": (policy.load_policy, policy.policy_from, policy.save_policy),
        "channels": (channels.load_buffers, channels.buffers_from, channels.save_buffers),
        "seller": (po_document.load_seller, po_document.seller_from, po_document.save_seller),
    }[args.name]
    current = asdict(load())
    if args.value is not None:
        try:
            change = json.loads(args.value)
            if not isinstance(change, dict):
                raise ValueError("give an object of keys to change")
            unknown = set(change) - set(current)
            if unknown:
                raise ValueError(f"no setting {', '.join(sorted(unknown))}; there are "
                                 f"{', '.join(current)}")
            new = parse({**current, **change})
        except (ValueError, TypeError, AttributeError) as error:
            raise BinwiseError(f"{args.name}: {error}") from None
        save(new)
        current = asdict(new)
    print(json.dumps(current, indent=1))
    return 0


def dropship(args: argparse.Namespace) -> int:
    from app.core.dropship import confirm

    shipped = confirm(args.po, args.line, args.tracking)
    what = f"{args.line} on {args.po}" if args.line else args.po
    print(f"Confirmed {what}" + (f", tracking {args.tracking}" if args.tracking else "") + ".")
    for number in shipped:
        print(f"Order {number} is shipped.")
    return 0


def export_po(number: str, path: Path | None) -> int:
    from app.core.replenishment.suggest import export_po_csv

    if path is None or path.suffix.lower() not in (".csv", ".pdf"):
        raise BinwiseError("Name the PO and a .csv or .pdf file: binwise export po PO-NUMBER "
                           "FILE.csv")
    if path.suffix.lower() == ".pdf":
        lines = _export_po_pdf(number, path)
    else:
        lines = export_po_csv(number, path)
    print(f"Wrote {number} ({lines} lines) to {path}")
    return 0


def _export_po_pdf(number: str, path: Path) -> int:
    from app.core.replenishment.po_document import po_document
    from app.labels.po_pdf import PoSheet, PoSheetLine, write_po_pdf

    po = po_document(number)
    write_po_pdf(path, PoSheet(
        po.seller, po.number, po.supplier, po.created, po.expected, po.dropship,
        tuple(PoSheetLine(li.sku, li.name, li.qty, li.unit_cost, li.value) for li in po.lines),
        po.total))
    return len(po.lines)


def export_channel(channel: str, path: Path) -> int:
    from app.core.channels import available_for
    from app.core.csv_output import write_csv

    rows = available_for(channel)
    write_csv(path, ["sku", "available", "held_back", "sellable"],
              ((r.sku, r.available, r.held_back, r.sellable) for r in rows))
    print(f"Wrote {len(rows)} items for channel {channel} to {path}")
    return 0


def replenish(args: argparse.Namespace, find_item) -> int:
    from app.core.replenishment.explain import explain
    from app.core.replenishment.plan import plan_items

    plans = plan_items()
    if args.create:
        return _create_suggested(plans)
    if args.sku:
        item = find_item(args.sku)
        plans = [p for p in plans if p.item_id == item.id]
    elif not args.all:
        plans = [p for p in plans if p.low]
    if args.json:
        print("[" + ",\n".join(json.dumps(p.as_json()) for p in plans) + "]")
        return 0
    if args.sku:
        plan = plans[0]
        print(f"{plan.sku}  {plan.name}  (class {plan.klass}, supplier {plan.supplier or '-'})")
        for figure, value, how in explain(plan):
            print(f"  {figure:<18} {value:>12}  {how}")
        return 0
    print(f"{'sku':<14} {'supplier':<24} {'d/day':>7} {'lead':>5} {'safety':>7} {'reorder':>7} "
          f"{'position':>8} {'runs out':<10} {'order':>6}")
    for p in plans:
        out = p.stockout.isoformat() if p.stockout else "-"
        print(f"{p.sku:<14} {p.supplier[:24]:<24} {p.daily_demand:>7.2f} {p.lead_days:>5.1f} "
              f"{p.safety_stock:>7.1f} {p.reorder_point:>7} {p.position:>8} {out:<10} "
              f"{p.suggested_qty:>6}")
    low = sum(p.low for p in plans)
    print(f"{low} item(s) at or below their reorder point." if low or not args.all
          else "No item is low.")
    return 0


def _create_suggested(plans) -> int:
    from app.core.replenishment.suggest import create_orders, suggest

    orders = suggest(plans)
    unknown = [o for o in orders if o.supplier_id is None]
    numbers = create_orders([o for o in orders if o.supplier_id is not None])
    for number, order in zip(numbers, [o for o in orders if o.supplier_id is not None],
                             strict=True):
        print(f"{number}: {order.supplier}, {len(order.lines)} lines, "
              f"{sum(line.qty for line in order.lines)} units, value {order.value:.2f}")
    if not numbers:
        print("Nothing to order.")
    for order in unknown:
        print(f"No supplier is known for {len(order.lines)} low item(s) "
              f"({', '.join(line.sku for line in order.lines[:5])}...): not ordered. Give "
              f"each a supplier with `binwise import replenishment FILE.csv` (columns sku, "
              f"supplier), or order it once on a PO.")
    return 0


def report(args: argparse.Namespace) -> int:
    from datetime import date, timedelta

    from app.core.reports import run

    today = date.today()
    end = args.end or today
    start = args.start or end - timedelta(days=89)
    if start > end:
        raise BinwiseError(f"--from {start} is after --to {end}.")
    if args.name == "turnover" and args.by in ("bin", "lot"):
        raise BinwiseError("Turnover is per item or per class (--by item or --by class).")
    if args.by is not None and args.name not in ("stock-value", "turnover"):
        # Taken and ignored, it would print a report that is not the one asked for.
        raise BinwiseError(f"The {args.name} report has one layout: --by is for stock-value "
                           f"(item, class, bin or lot) and turnover (item or class).")
    options = ({"by": args.by or "item"} if args.name in ("stock-value", "turnover") else {})
    report = run(args.name, start, end, today, **options)
    if args.json:
        report.write_json(sys.stdout)
        return 0
    if args.pdf:
        from app.labels.report_pdf import write_report_pdf

        pages = write_report_pdf(args.pdf, report.title, f"{start} to {end}", report.columns,
                                 report.text_rows(), report.notes)
        print(f"Wrote {report.title} ({len(report.rows)} rows, {pages} pages) to {args.pdf}")
        return 0
    if args.csv:
        report.write_csv(args.csv)
        print(f"Wrote {report.title} ({len(report.rows)} rows) to {args.csv}")
        return 0
    _print_report(report)
    return 0


def _print_report(report) -> None:
    rows = report.text_rows()
    widths = [min(30, max([len(c)] + [len(r[i]) for r in rows])) for i, c in
              enumerate(report.columns)]
    print(report.title)
    print("  ".join(c.ljust(w) for c, w in zip(report.columns, widths, strict=True)))
    for row in rows:
        print("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)))
    for note in report.notes:
        print(f"- {note}")
