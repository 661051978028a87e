"""Shared test set-up: Qt offscreen, a fresh migrated database per test, the system locations.

By default every test gets a copy of a migrated SQLite file. With BINWISE_TEST_PG naming a
PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:54329/postgres), `db_url` and `db` are
a fresh database on it instead (cloned from a migrated template), and tests that need a SQLite
file (`db_path`) are skipped.
"""

import itertools
import os
import shutil

import pytest

# Without a display, creating a QApplication aborts the whole process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.db import close_database, open_database  # noqa: E402
from tests import pg  # noqa: E402

PG_SERVER = pg.SERVER
_numbers = itertools.count()


@pytest.fixture(autouse=True)
def _printed_folder(tmp_path, monkeypatch):
    """Documents a station prints with no printer set are saved in the test's folder, never in
    the user's documents."""
    from app import paths

    monkeypatch.setattr(paths, "documents_dir", lambda: tmp_path / "documents")


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory):
    """Migrate once per session; each test gets a copy."""
    if PG_SERVER:
        name = pg.unique_name("tpl")
        pg.create_database(PG_SERVER, name)
        open_database(pg.url_for(PG_SERVER, name))
        close_database()
        yield name
        pg.drop_database(PG_SERVER, name)
        return
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(path)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    yield path


@pytest.fixture
def db_url(_template_db, tmp_path):
    """Where this test's warehouse lives: a SQLite file, or a PostgreSQL URL (a string)."""
    if PG_SERVER:
        name = pg.unique_name(f"t{next(_numbers)}")
        pg.create_database(PG_SERVER, name, template=_template_db)
        yield pg.url_for(PG_SERVER, name)
        close_database()
        pg.drop_database(PG_SERVER, name)
        return
    path = tmp_path / "warehouse.sqlite"
    shutil.copy(_template_db, path)
    yield path


@pytest.fixture
def db_path(db_url):
    """The warehouse as a SQLite file, for tests about the file itself."""
    if PG_SERVER:
        pytest.skip("needs a SQLite file")
    return db_url


@pytest.fixture
def db(db_url):
    database = open_database(db_url)
    yield database
    close_database()
