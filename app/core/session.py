"""A working session on one warehouse database: opening and closing it, tidying its log while
the station is idle, and who works in it. The window calls these, never app.db itself."""

from pathlib import Path

from app.db import checkpoint, close_database, open_database
from app.db.models import User


def open_warehouse(path: str | Path) -> None:
    """Open (creating and migrating if needed) the warehouse database at `path`."""
    open_database(path)


def close_warehouse() -> None:
    close_database()


def idle_checkpoint() -> None:
    """Fold the write-ahead log into the file while nobody scans."""
    checkpoint()


def find_user(name: str) -> tuple[int, str] | None:
    """The user's id and name, or None when there is no such user."""
    user = User.get_or_none(User.name == name)
    return (user.id, user.name) if user is not None else None
