"""Running read-only work (planning, reports) on a worker thread: the thread opens its own
connection to the database (peewee keeps one per thread) and must close it when done, or the
file stays open after the window forgets the work."""

from collections.abc import Callable
from typing import Any

from app.db.models import database


def run_on_worker(work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return work(*args, **kwargs)
    finally:
        db = database.obj
        if db is not None and not db.is_closed():
            db.close()
