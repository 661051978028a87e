"""Cycle counts on the command line: `counts plan|today|review|open|cancel|history|approve|
reject` and `accuracy` (inventory record accuracy by week or by ABC class)."""

import argparse
from collections.abc import Callable

from app import people_cli
from app.cli_names import find_item, find_location
from app.core.errors import BinwiseError


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """`counts` and its verbs, and `accuracy`."""
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


def cmd_counts(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from datetime import date

    from app.core import abc, count_schedule, count_views, counting
    from app.core.count_policy import load_policy

    open_(args)
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
        bin_ = find_location(args.bin) if args.bin else None
        item = find_item(args.sku) if args.sku else None
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


def cmd_accuracy(args: argparse.Namespace, open_: Callable[[argparse.Namespace], object]) -> int:
    from datetime import date

    from app.core.count_views import accuracy_report

    open_(args)
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
