"""The database: models, opening a SQLite file (with the right pragmas) or a PostgreSQL server,
schema migrations."""

from app.db.connection import (
    DatabaseUnavailableError,
    checkpoint,
    close_database,
    execute_many,
    open_database,
)
from app.db.models import database

__all__ = ["DatabaseUnavailableError", "checkpoint", "close_database", "database", "execute_many",
           "open_database"]
