"""`binwise import labels DIR` and `binwise export shipments FILE.csv`: carrier labels in,
tracking numbers out."""

import sys
from pathlib import Path


def import_labels(folder: Path) -> int:
    """Match and store every label file in `folder`, one line per file; exit 1 when any file
    was not stored (unmatched, ambiguous or bad), 2 when the folder cannot be read."""
    from app.core.shipping_labels import import_label_files, label_paths

    if not Path(folder).is_dir():
        print(f"binwise: {folder} is not a folder: give the folder the shipping tool saves "
              f"its label files into.", file=sys.stderr)
        return 2
    outcomes = import_label_files(label_paths(folder))
    for outcome in outcomes:
        mark = {"stored": "stored", "already": "already"}.get(outcome.status, "NOT STORED")
        print(f"{mark}: {outcome.message}")
    stored = sum(o.status == "stored" for o in outcomes)
    already = sum(o.status == "already" for o in outcomes)
    refused = len(outcomes) - stored - already
    print(f"{stored} label(s) stored, {already} imported before, {refused} not stored "
          f"(of {len(outcomes)} file(s) in {folder}).")
    return 1 if refused else 0


def export_shipments(path: Path, since, fmt: str) -> int:
    from app.core.shipments_export import export_shipments as write

    count = write(path, since, fmt)
    print(f"Wrote {count} shipped box(es) with tracking numbers to {path}")
    return 0
