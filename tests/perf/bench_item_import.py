"""Time importing 100,000 items from a CSV file, its peak memory and its longest write
transaction.

    python tests/perf/bench_item_import.py [--items 100000] [--dir /tmp/perf] [--repeat 1]

Writes an items file (`sku,name,barcode,tracking,unit_cost`, a valid EAN-13 each, a third of
the items tracked by lot or expiry), then imports it into a fresh database in a fresh process,
as `binwise import items` does, with every write transaction timed from the moment it holds
the lock to its commit. Prints the wall time (budget <= 5 s), the process's peak memory, the
number of write transactions and the longest (budget ~1 s). A run with four times the rows
shows whether memory stays flat in the file's size; a last one imports the file again into a
database that has it already (every row an update).
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perfkit  # noqa: E402
from perfkit import ROOT, machine_state  # noqa: E402

from app.core.catalog import gtin_check_digit  # noqa: E402

BUDGET_S = 5.0
LONGEST_BUDGET_S = 1.0

# Runs in the child: open a fresh database, time every write transaction, import.
_CHILD = """
import json, resource, sys, time
from app.db import close_database, open_database
from app.core.item_import import import_items
db = open_database(sys.argv[1])
lengths, started = [], []
begin, commit = db.begin, db.commit
def timed_begin(*a, **k):
    begin(*a, **k)
    started.append(time.monotonic())
def timed_commit(*a, **k):
    commit(*a, **k)
    lengths.append(time.monotonic() - started.pop())
db.begin, db.commit = timed_begin, timed_commit
t = time.monotonic()
count = import_items(sys.argv[2])
took = time.monotonic() - t
close_database()
print(json.dumps({"count": count, "seconds": took, "transactions": len(lengths),
                  "longest": max(lengths),
                  "cpu": resource.getrusage(resource.RUSAGE_SELF).ru_utime
                         + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_items(path: Path, count: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("sku,name,barcode,tracking,unit_cost\n")
        for n in range(count):
            body = f"40{n:010d}"
            tracking = rng.choice(("none", "none", "lot", "expiry"))
            out.write(f"SKU-{n:07d},Item {n} {rng.choice(('blue', 'red', 'large', 'small'))} "
                      f"{rng.randint(1, 999)} ml,{body}{gtin_check_digit(body)},{tracking},"
                      f"{rng.randint(50, 99999) / 100}\n")


def run(items: int, workdir: Path, rng: random.Random, again: bool = False) -> dict:
    """Import into a fresh database; `again`: import the same file a second time, every row
    then updating its item."""
    csv = workdir / f"items-{items}.csv"
    write_items(csv, items, rng)
    db = workdir / f"items-{items}.sqlite"
    for part in workdir.glob(f"items-{items}.sqlite*"):
        part.unlink()
    # Create and migrate it first (commands other than `demo` refuse a missing file).
    subprocess.run([sys.executable, "-c", "import sys; from app.db import open_database, "
                    "close_database; open_database(sys.argv[1]); close_database()", str(db)],
                   cwd=ROOT, check=True, capture_output=True)
    if again:
        subprocess.run([sys.executable, "-c", _CHILD, str(db), str(csv)], cwd=ROOT,
                       check=True, capture_output=True)
    started = time.monotonic()
    child = subprocess.run([sys.executable, "-c", _CHILD, str(db), str(csv)], cwd=ROOT,
                           check=True, capture_output=True, text=True)
    wall = time.monotonic() - started
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result.update(wall=wall, file_mb=csv.stat().st_size / 1e6)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(1)
    ok = True
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-items-") as tmp:
        runs = [(args.items, False)] * args.repeat + [(args.items * 4, False), (args.items, True)]
        for items, again in runs:
            print(f"Before: {machine_state()}")
            r = run(items, Path(tmp), rng, again)
            what = "imported again (all updates)" if again else "new"
            print(f"{r['count']:,} items {what} ({r['file_mb']:.1f} MB): "
                  f"import {r['seconds']:.2f} s "
                  f"(process {r['wall']:.2f} s, CPU {r['cpu']:.2f} s), "
                  f"{r['transactions']} write transactions, "
                  f"longest {r['longest']:.3f} s, peak memory {r['peak_mb']:.0f} MB")
            if items == args.items and not again:
                ok &= r["seconds"] <= BUDGET_S and r["longest"] <= LONGEST_BUDGET_S
                perfkit.record(f"binwise import items of {items:,} items", unit="s",
                               budget=BUDGET_S, seconds=r["seconds"], cpu_seconds=r["cpu"],
                               longest_transaction=r["longest"], peak_mb=r["peak_mb"])
        print(f"After: {machine_state()}")
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
