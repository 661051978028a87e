"""Counting what an action asks of the database: the SQL statements it runs, in order."""

from app.db.models import database


def statements_of(monkeypatch, action):
    """The statements run while `action` runs, and its result."""
    seen = []
    real = database.obj.execute_sql

    def execute_sql(sql, *args, **kwargs):
        seen.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(database.obj, "execute_sql", execute_sql)
    try:
        result = action()
    finally:
        monkeypatch.undo()
    return seen, result
