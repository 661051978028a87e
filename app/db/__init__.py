"""The database: models, opening a file with the right pragmas, schema migrations."""

from app.db.connection import checkpoint, close_database, execute_many, open_database
from app.db.models import database

__all__ = ["checkpoint", "close_database", "database", "execute_many", "open_database"]
