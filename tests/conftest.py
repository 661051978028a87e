"""Shared test set-up: Qt offscreen, a fresh migrated database per test, the system locations."""

import os
import shutil

import pytest

# Without a display, creating a QApplication aborts the whole process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.db import close_database, open_database  # noqa: E402


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory):
    """Migrate once per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(path)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    return path


@pytest.fixture
def db_path(_template_db, tmp_path):
    path = tmp_path / "warehouse.sqlite"
    shutil.copy(_template_db, path)
    return path


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    close_database()
