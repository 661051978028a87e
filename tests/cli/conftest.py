"""Running the real `binwise` command (python -m app) in a subprocess, and a demo database
built once per session to copy from. With BINWISE_TEST_PG the databases are on that server."""

import itertools
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest

from app.db.postgres import connect_params, translate
from tests import pg

REPO = Path(__file__).resolve().parents[2]
_numbers = itertools.count()


class PostgresConnection:
    """Enough of sqlite3's connection for these tests, on PostgreSQL and with `?` marks."""

    def __init__(self, url: str):
        self._connection = psycopg2.connect(**connect_params(url))

    def execute(self, sql: str, params=()):
        cursor = self._connection.cursor()
        cursor.execute(translate(sql), params)
        return cursor

    def __enter__(self):
        return self

    def __exit__(self, kind, *_):
        if kind is None:
            self._connection.commit()
        else:
            self._connection.rollback()

    def close(self) -> None:
        self._connection.close()


def _plain(value):
    """A value as SQLite holds it, so dumps of both databases compare."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat(" ") if isinstance(value, datetime) else value.isoformat()
    return value


def connect(db):
    return sqlite3.connect(db) if isinstance(db, Path) else PostgresConnection(db)


class Binwise:
    """`binwise --db PATH ...` as a user runs it."""

    def __init__(self, db: Path | str):
        self.db = db

    def __call__(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", "--db", str(self.db), *map(str, args)],
                              cwd=REPO, capture_output=True, text=True, timeout=300)

    def query(self, sql: str, params=()) -> list[tuple]:
        connection = connect(self.db)
        try:
            with connection:
                return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def execute(self, sql: str, params=()) -> None:
        connection = connect(self.db)
        try:
            with connection:
                connection.execute(sql, params)
        finally:
            connection.close()

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of every table, to prove a refused command changed nothing. (SQLite's
        own statistics tables are left out: closing the database may refresh them.)"""
        connection = connect(self.db)
        if isinstance(connection, PostgresConnection):
            listing, order = ("SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = 'public' ORDER BY table_name"), "1"
        else:
            listing, order = ("SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite_%' ORDER BY name"), "rowid"
        try:
            tables = [name for (name,) in connection.execute(listing)]
            return {table: [tuple(map(_plain, row)) for row in connection.execute(
                f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()] for table in tables}
        finally:
            connection.close()


def _new_postgres(template: str | None = None):
    name = pg.unique_name(f"cli{next(_numbers)}")
    pg.create_database(pg.SERVER, name, template=template)
    return name


@pytest.fixture
def binwise(_template_db, tmp_path):
    """A new, empty warehouse (commands refuse a database file that does not exist)."""
    if not pg.SERVER:
        path = tmp_path / "wh.sqlite"
        shutil.copy(_template_db, path)
        yield Binwise(path)
        return
    name = _new_postgres()
    yield Binwise(pg.url_for(pg.SERVER, name))
    pg.drop_database(pg.SERVER, name)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    if pg.SERVER:
        name = _new_postgres()
        result = Binwise(pg.url_for(pg.SERVER, name))("demo")
        assert result.returncode == 0, result.stderr
        yield name
        pg.drop_database(pg.SERVER, name)
        return
    folder = tmp_path_factory.mktemp("demo")
    result = Binwise(folder / "demo.sqlite")("demo")
    assert result.returncode == 0, result.stderr
    yield folder / "demo.sqlite"


@pytest.fixture
def demo(_demo_template, tmp_path):
    """A copy of the demo warehouse for one test."""
    if pg.SERVER:
        name = _new_postgres(template=_demo_template)
        yield Binwise(pg.url_for(pg.SERVER, name))
        pg.drop_database(pg.SERVER, name)
        return
    path = tmp_path / "demo.sqlite"
    shutil.copy(_demo_template, path)
    yield Binwise(path)
