"""Running the real `binwise` command (python -m app) in a subprocess, and a demo database
built once per session to copy from."""

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


class Binwise:
    """`binwise --db PATH ...` as a user runs it."""

    def __init__(self, db: Path):
        self.db = db

    def __call__(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", "--db", str(self.db), *map(str, args)],
                              cwd=REPO, capture_output=True, text=True, timeout=300)

    def query(self, sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(self.db) as connection:
            return connection.execute(sql, params).fetchall()

    def execute(self, sql: str, params=()) -> None:
        connection = sqlite3.connect(self.db)
        try:
            with connection:
                connection.execute(sql, params)
        finally:
            connection.close()

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of every table, to prove a refused command changed nothing. (SQLite's
        own statistics tables are left out: closing the database may refresh them.)"""
        connection = sqlite3.connect(self.db)
        try:
            tables = [name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            return {table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
                    .fetchall() for table in tables}
        finally:
            connection.close()


@pytest.fixture
def binwise(_template_db, tmp_path) -> Binwise:
    """A new, empty warehouse (commands refuse a database that does not exist)."""
    path = tmp_path / "wh.sqlite"
    shutil.copy(_template_db, path)
    return Binwise(path)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = Binwise(folder / "demo.sqlite")("demo")
    assert result.returncode == 0, result.stderr
    return folder / "demo.sqlite"


@pytest.fixture
def demo(_demo_template, tmp_path) -> Binwise:
    """A copy of the demo warehouse for one test."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(_demo_template, path)
    return Binwise(path)
