"""The warehouse as a whole on the command line: `backup` (a copy while it is in use),
`restore` (a checked backup put in its place) and `copy` (into a new database, e.g. from a file
onto a PostgreSQL server)."""

import argparse
from collections.abc import Callable
from pathlib import Path

from app import paths
from app.core.errors import BinwiseError

# Which warehouse the command names (--db, or the default): the command line's own rule.
DbPath = Callable[[argparse.Namespace], str | Path]


def add_parsers(commands: argparse._SubParsersAction, db_target: Callable[[str], str | Path]
                ) -> None:
    """`backup`, `restore` and `copy`."""
    backup = commands.add_parser("backup", help="copy the warehouse to a file, while it is in use")
    backup.add_argument("file", type=Path, nargs="?",
                        help="default: beside the database, named with the date and time")
    restore = commands.add_parser("restore", help="check a backup and put it in place of the "
                                  "warehouse (the current file is kept aside)")
    restore.add_argument("file", type=Path)
    copy = commands.add_parser("copy", help="copy the whole warehouse into a new database, "
                               "e.g. from a file onto a PostgreSQL server")
    copy.add_argument("--to", required=True, type=db_target, metavar="PATH|URL",
                      help="the new, empty database (a file or a postgresql:// URL)")


def cmd_copy(args: argparse.Namespace, db_path: DbPath) -> int:
    from app.core.stock import check_report
    from app.db import open_database
    from app.db.copy import copy_warehouse

    source = db_path(args)
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


def _backup_path(args: argparse.Namespace, db_path: DbPath) -> Path:
    from app.core.faults import is_server_url

    path = db_path(args)
    if is_server_url(path):
        raise BinwiseError("A PostgreSQL warehouse is backed up by the server: use pg_dump to "
                           "back it up and pg_restore to restore it.")
    return path


def cmd_backup(args: argparse.Namespace, db_path: DbPath) -> int:
    from app.core.backup import backup, default_backup_path

    path = _backup_path(args, db_path)
    target = backup(path, args.file or default_backup_path(path))
    print(f"Backed up {path} to {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


def cmd_restore(args: argparse.Namespace, db_path: DbPath) -> int:
    from app.core.restore import restore

    path = _backup_path(args, db_path)
    aside = restore(path, args.file)
    print(f"Restored {args.file} into {path}; it was checked and its stock matches its ledger.")
    if aside:
        print(f"The previous database is kept as {aside}")
    return 0
