"""Time the audit trail on a large warehouse: the Audit page's first page and "More", with each
filter, as `app.core.audit.moves` answers them.

    python tests/perf/bench_audit.py DB.sqlite [--repeat 20]

Budget: a page of the newest 500 moves, with any filter, p95 <= 200 ms (the page opens at
once); the same for the next page ("More"). Works on a copy of DB (perfkit.working_copy).
"""

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.perf import perfkit  # noqa: E402

BUDGET_MS = 200.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)

    from app.core import audit
    from app.db.models import database

    print(perfkit.machine_state())
    with perfkit.working_copy(args.db, label="audit"):
        rng = random.Random(1)
        users = [n for (n,) in database.execute_sql('SELECT name FROM "user"')]
        skus = [s for (s,) in database.execute_sql(
            "SELECT sku FROM item ORDER BY id LIMIT 2000")]
        bins = [c for (c,) in database.execute_sql(
            "SELECT code FROM location WHERE kind = 'bin' ORDER BY id LIMIT 2000")]
        newest = database.execute_sql("SELECT MAX(created_at) FROM move").fetchone()[0]
        day = audit._as_datetime(newest).date()
        filters = {
            "none": lambda: audit.AuditFilter(),
            "user": lambda: audit.AuditFilter(user=rng.choice(users)),
            "item": lambda: audit.AuditFilter(sku=rng.choice(skus)),
            "bin": lambda: audit.AuditFilter(bin=rng.choice(bins)),
            "since 30 days": lambda: audit.AuditFilter(since=day - timedelta(days=30)),
            "user + since 7 days": lambda: audit.AuditFilter(user=rng.choice(users),
                                                             since=day - timedelta(days=7)),
        }
        timings = perfkit.Timings()
        for name, make in filters.items():
            for _ in range(args.repeat):
                where = make()
                rows = timings.time(f"{name}: first page", audit.moves, where)
                if len(rows) == audit.PAGE_SIZE:
                    timings.time(f"{name}: more", audit.moves, where, audit.PAGE_SIZE, rows[-1])
        worst = 0.0
        for kind in sorted({row[0] for row in timings.rows}):
            values = [row[1] for row in timings.rows if row[0] == kind]
            p95 = perfkit.percentile(sorted(values), 95)
            worst = max(worst, p95)
            print(f"{kind:<32} {perfkit.summary(values)}")
    print(perfkit.machine_state())
    print(f"worst p95 {worst:.1f} ms (budget {BUDGET_MS:.0f} ms)")
    perfkit.record("a page of the audit trail (worst filter)", budget=BUDGET_MS,
                   **perfkit.percentiles([row[1] for row in timings.rows]), worst_p95=worst)
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
