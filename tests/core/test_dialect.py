"""The PostgreSQL seam's translation of SQLite-style SQL, and closing a database quietly."""
# ruff: noqa: E501 - SQL pairs read best one per line

import sqlite3

import pytest
from peewee import OperationalError

from app.db import close_database, open_database
from app.db.models import database
from app.db.postgres import connect_params, translate
from app.paths import database_label, is_database_url
from tests.pg import only_sqlite


@pytest.mark.parametrize(("sqlite", "postgres"), [
    ("SELECT * FROM item WHERE id = ? AND sku = ?", "SELECT * FROM item WHERE id = %s AND sku = %s"),
    ("SELECT 1 FROM lot WHERE code = '?' AND id = ?", "SELECT 1 FROM lot WHERE code = '?' AND id = %s"),
    ("SELECT (? - p.offset) % p.interval", "SELECT (%s - p.offset) %% p.interval"),
    ("SELECT 'it''s 100%' WHERE a = :text OR b = :text",
     "SELECT 'it''s 100%' WHERE a = %(text)s OR b = %(text)s"),
    ('SELECT "odd?name" FROM t WHERE x = ?', 'SELECT "odd?name" FROM t WHERE x = %s'),
    ("SELECT '10:30'::time", "SELECT '10:30'::time"),
    # peewee's own introspection already speaks psycopg2
    ("SELECT x FROM pg_tables WHERE schemaname = %s", "SELECT x FROM pg_tables WHERE schemaname = %s"),
])
def test_placeholders_and_percent_signs_outside_literals(sqlite, postgres):
    assert translate(sqlite) == postgres


def test_a_postgresql_url_is_told_from_a_file_and_its_password_never_shown():
    url = "postgresql://binwise:s3cret@10.0.0.5:5433/shop"
    assert is_database_url(url) and not is_database_url("shop.sqlite")
    assert database_label(url) == "postgresql://binwise:***@10.0.0.5:5433/shop"
    assert connect_params(url) == {"database": "shop", "host": "10.0.0.5", "port": 5433,
                                   "user": "binwise", "password": "s3cret"}


@only_sqlite
def test_closing_is_quiet_when_another_process_holds_the_lock(db_path, monkeypatch):
    db = open_database(db_path)
    real = db.execute_sql

    def locked(sql, params=None):
        if sql.startswith("PRAGMA optimize"):
            raise OperationalError("database is locked")
        return real(sql, params)

    monkeypatch.setattr(db, "execute_sql", locked)
    close_database()  # no exception: the command's work is already done
    assert db.is_closed()


@only_sqlite
def test_closing_does_not_wait_for_a_writer(db_path):
    open_database(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        close_database()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert database.obj.is_closed()
