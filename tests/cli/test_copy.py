"""`binwise copy`: a whole warehouse moves to another database (PostgreSQL when a test server is
given, else another file) and back, every row and id kept, `check` clean on both sides."""

import pytest

from app.db import close_database, open_database
from app.db.models import Item
from tests import pg
from tests.cli.conftest import Binwise


@pytest.fixture
def empty_target(tmp_path):
    """A new database to copy into: on the PostgreSQL test server if there is one."""
    if not pg.SERVER:
        yield tmp_path / "copy.sqlite"
        return
    name = pg.unique_name("copy")
    pg.create_database(pg.SERVER, name)
    yield pg.url_for(pg.SERVER, name)
    close_database()
    pg.drop_database(pg.SERVER, name)


def test_copy_there_and_back_keeps_every_row_and_id(demo, empty_target, tmp_path):
    result = demo("copy", "--to", empty_target)
    assert result.returncode == 0, result.stderr
    assert "stock matches the ledger" in result.stdout
    assert result.stdout.count("stock matches the ledger") == 2
    there = Binwise(empty_target)
    assert there("check").returncode == 0
    back = Binwise(tmp_path / "back.sqlite")
    result = there("copy", "--to", back.db)
    assert result.returncode == 0, result.stderr
    before, after = demo.dump(), back.dump()
    before.pop("schema_version", None)  # PostgreSQL's version table; SQLite has a pragma
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert len(before["move"]) > 1000 and before["warehouse_setting"] is not None


def test_the_copy_hands_out_new_ids_after_the_copied_ones(demo, empty_target):
    assert demo("copy", "--to", empty_target).returncode == 0
    highest = demo.query("SELECT MAX(id) FROM item")[0][0]
    open_database(empty_target)
    assert Item.create(sku="NEW-1", name="New").id == highest + 1
    close_database()


def test_a_target_with_a_warehouse_is_refused_and_left_alone(demo, empty_target):
    assert demo("copy", "--to", empty_target).returncode == 0
    there = Binwise(empty_target)
    before = there.dump()
    result = demo("copy", "--to", empty_target)
    assert result.returncode == 2
    assert "already holds a warehouse" in result.stderr and "Traceback" not in result.stderr
    assert there.dump() == before


def test_copy_refuses_a_missing_source(tmp_path):
    result = Binwise(tmp_path / "nothing.sqlite")("copy", "--to", tmp_path / "new.sqlite")
    assert result.returncode == 2 and "No database at" in result.stderr


def test_a_server_that_cannot_be_reached_is_one_clear_line():
    result = Binwise("postgresql://binwise:secret@127.0.0.1:1/warehouse")("stock")
    assert result.returncode == 2
    assert result.stderr.startswith("binwise: cannot connect to "
                                    "postgresql://binwise:***@127.0.0.1:1/warehouse")
    assert "Traceback" not in result.stderr and "secret" not in result.stderr
