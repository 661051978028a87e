"""What work on a background thread needs from the database.

peewee keeps one connection per thread, opened on first use; a thread that ends must close its
own, or the file stays open (and on Windows, locked) until the process exits.
"""

from collections.abc import Callable
from typing import Any

from app.db.models import database


def close_thread_connection() -> None:
    """Close this thread's connection to the database, if it has one."""
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def run_on_worker(work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run read-only work (planning, reports) on the calling worker thread, then close the
    connection the thread opened for it."""
    try:
        return work(*args, **kwargs)
    finally:
        close_thread_connection()
