"""Another program holding SQLite's write lock for a while, as a long import would."""

import subprocess
import sys

_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("CREATE TABLE IF NOT EXISTS holder_note (x INTEGER)")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_lock(db_path, seconds: float) -> subprocess.Popen:
    """Start a process that holds the write lock on `db_path` for `seconds`; returns once it
    holds it. Wait for the process to end."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db_path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder
