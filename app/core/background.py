"""What work on a background thread needs from the database.

peewee keeps one connection per thread, opened on first use; a thread that ends must close its
own, or the file stays open (and on Windows, locked) until the process exits.
"""

from app.db.models import database


def close_thread_connection() -> None:
    """Close this thread's connection to the database, if it has one."""
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()

