"""Time every scan at the receiving station on PostgreSQL over loopback.

    python tests/perf/bench_receive_pg.py DB.sqlite --server postgresql://postgres@127.0.0.1:54329/postgres
                                          [--scans 2000] [--seed 1]

Copies the generated warehouse DB (tests/perf/generate.py) into a new database on the server
with `binwise copy`'s code (its time is reported), then drives a real `ReceiveStation` with the
scans of bench_receive.py: each `station.handle(Scan(raw))` is timed from call to return,
commit included (the server's fsync and synchronous_commit as configured: keep them on).
The database is dropped afterwards. Budget: p95 <= 8 ms.
"""

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.db import close_database, open_database  # noqa: E402
from app.db.copy import copy_warehouse  # noqa: E402
from app.db.models import User, database  # noqa: E402
from app.stations.base import Level  # noqa: E402
from app.stations.receive import ReceiveStation  # noqa: E402
from tests import pg  # noqa: E402
from tests.perf.bench_receive import machine_state, report, run_scans, scan_plan  # noqa: E402

BUDGET_P95_MS = 8.0


def _commits() -> int:
    """WAL flushes to disk so far: one per durable commit (reads commit nothing)."""
    database.execute_sql("SELECT pg_stat_clear_snapshot()")
    return database.execute_sql("SELECT wal_sync FROM pg_stat_wal").fetchone()[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a generated SQLite warehouse to copy")
    parser.add_argument("--server", required=True,
                        help="a PostgreSQL server URL whose user may create databases")
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} does not exist (build it with tests/perf/generate.py)")
    name = pg.unique_name("bench")
    pg.create_database(args.server, name)
    url = pg.url_for(args.server, name)
    try:
        started = time.perf_counter()
        counts = copy_warehouse(args.db, url)
        print(f"Copied {counts.get('move', 0):,} moves, {sum(counts.values()):,} rows into "
              f"{name} in {time.perf_counter() - started:.1f} s")
        open_database(url)
        database.execute_sql("ANALYZE")
        settings = {key: database.execute_sql(f"SHOW {key}").fetchone()[0]
                    for key in ("fsync", "synchronous_commit", "server_version")}
        print(f"server: {settings}")
        print(f"before: {machine_state()}")
        user = User.get(User.name == "operator")
        today = date.today()
        station = ReceiveStation(user.id, today=lambda: today)
        plan = scan_plan(random.Random(args.seed), today)
        results: list = []
        refusals: list = []
        commits_before = _commits()
        run_scans(station, plan, args.scans, results, refusals)
        commits = _commits() - commits_before
        if not results:
            print("No open quantities to receive in this database.", file=sys.stderr)
            return 2
        p95 = report("Receive station on PostgreSQL (loopback)", results, None)
        # Each commit waits for the server's fsync: the figure that decides a scan's time.
        print(f"  {commits / len(results):.2f} WAL flushes (durable commits) per scan")
        for raw, message in refusals[:5]:
            print(f"    refused {raw!r}: {message}")
        print(f"  after: {machine_state()}")
        verdict = "within" if p95 <= BUDGET_P95_MS else "OVER"
        print(f"  p95 {p95:.2f} ms: {verdict} budget ({BUDGET_P95_MS:.0f} ms)")
        accepted = sum(1 for _, _, level, _ in results if level is not Level.ERROR)
        return 0 if p95 <= BUDGET_P95_MS and accepted else 1
    finally:
        close_database()
        pg.drop_database(args.server, name)


if __name__ == "__main__":
    sys.exit(main())
