"""The schema step that makes doubles impossible also tidies the doubles an older Binwise could
leave: a bin started twice, a count line copied twice."""

import pytest
from peewee import IntegrityError

from app.db import close_database, migrations, open_database
from app.db.models import Count, CountLine, Item, Location


def test_upgrade_tidies_doubled_open_counts_and_lines_then_forbids_them(tmp_path):
    step = migrations.STEPS.index(migrations._v7_done_once)
    path = tmp_path / "old.sqlite"
    db = open_database(path, migrate=False)
    for number in range(step):
        with db.atomic():
            migrations.STEPS[number](db)
            db.execute_sql(f"PRAGMA user_version = {number + 1}")
    bin_ = Location.create(code="A-01", kind="bin")
    item = Item.create(sku="MUG", name="Mug")
    first = Count.create(location=bin_, kind="adhoc", status="counting", planned_for="2026-06-01")
    second = Count.create(location=bin_, kind="adhoc", status="counting",
                          planned_for="2026-06-01")
    for _ in range(2):
        CountLine.create(count=first, item=item, expected=3)
    migrations.migrate(db, path)
    assert Count.get_by_id(first.id).status == "counting"
    assert Count.get_by_id(second.id).status == "cancelled"
    assert CountLine.select().where(CountLine.count == first.id).count() == 1
    with pytest.raises(IntegrityError):
        with db.atomic():
            Count.update(status="counting").where(Count.id == second.id).execute()
    with pytest.raises(IntegrityError):
        with db.atomic():
            CountLine.create(count=first, item=item, expected=3)
    close_database()
