"""Write transactions: retried when the database aborts them for a conflict, never half done."""

import pytest
from peewee import SqliteDatabase

from app.db.models import Item
from app.db.transactions import ConflictError, lock_rows, read_snapshot, run_in_transaction


class SerializationFailure(Exception):
    """What psycopg2 raises when PostgreSQL aborts a transaction for a conflict."""

    pgcode = "40001"


def test_a_conflict_is_retried_from_the_start_and_its_writes_undone(db):
    calls = []

    def action():
        calls.append(1)
        Item.create(sku=f"TRY-{len(calls)}", name="Try")
        if len(calls) < 3:
            raise SerializationFailure()
        return "done"

    assert run_in_transaction(action) == "done"
    assert len(calls) == 3
    assert [i.sku for i in Item.select()] == ["TRY-3"]


def test_a_lasting_conflict_ends_in_a_clear_error_and_no_change(db):
    def action():
        Item.create(sku="NEVER", name="Never")
        raise SerializationFailure()

    with pytest.raises(ConflictError, match="Try again"):
        run_in_transaction(action, attempts=2)
    assert not Item.select().exists()


def test_other_errors_are_not_retried(db):
    calls = []

    def action():
        calls.append(1)
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        run_in_transaction(action)
    assert calls == [1]


def test_lock_rows_locks_in_id_order_on_postgresql_only(db):
    ids = [Item.create(sku=f"L{n}", name="Locked").id for n in range(3)]
    with db.atomic():
        locked = lock_rows("item", "name = ?", ("Locked",))
    assert locked in ([], sorted(ids))
    assert locked == ([] if isinstance(db, SqliteDatabase) else sorted(ids))


def test_a_read_snapshot_does_not_see_a_later_commit_or_wait_for_it(db, db_url):
    import threading

    Item.create(sku="FIRST", name="First")
    with read_snapshot():
        assert Item.select().count() == 1
        # Another connection (a thread has its own) commits meanwhile, without waiting for us.
        writer = threading.Thread(target=lambda: Item.create(sku="SECOND", name="Second"))
        writer.start()
        writer.join(10)
        assert not writer.is_alive()
        assert Item.select().count() == 1
    assert Item.select().count() == 2
