"""Cycle counts end to end through the `binwise` command: plan, today's list, a count by
replay, review, approve, history, accuracy."""

import subprocess
import sys
from datetime import date

from app.core import ledger
from app.core.locations import system_location
from app.db import close_database, open_database
from app.db.models import Count, Item, ItemClass, Location, Quant, User


def run(db_url, *args):
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_url), *args],
                          capture_output=True, text=True, timeout=60)


def test_count_review_approve_history_and_accuracy(db, db_url, tmp_path):
    user = User.get(User.name == "operator").id
    bin_ = Location.create(code="A-01", kind="bin", sequence=1)
    item = Item.create(sku="GOLD", name="Gold bar", unit_cost=100)
    ledger.post([ledger.MoveRequest(item.id, None, system_location("SUPPLIER").id, bin_.id, 10,
                                    "receipt")], user)
    close_database()
    plan = run(db_url, "counts", "plan")
    assert plan.returncode == 0 and "Class C: 1 bins" in plan.stdout  # nothing shipped yet
    open_database(db_url)
    ItemClass.update(klass="A").execute()  # valuable: no variance is tolerated
    close_database()
    today = run(db_url, "counts", "today")
    assert today.returncode == 0
    scans = tmp_path / "count.txt"
    scans.write_text("A-01\nGOLD,9\nA-01\n", encoding="utf-8")
    first = run(db_url, "replay", "--station", "count", str(scans))
    assert first.returncode == 0 and "Count A-01 again" in first.stdout
    second = run(db_url, "replay", "--station", "count", str(scans))
    assert "supervisor" in second.stdout
    review = run(db_url, "counts", "review")
    line_id = review.stdout.split()[0]
    assert "expected 10, counted 9 (-1)" in review.stdout
    assert run(db_url, "counts", "approve", line_id).returncode == 0
    assert "No count line 999" in run(db_url, "counts", "approve", "999").stderr
    history = run(db_url, "counts", "history", "--bin", "A-01")
    assert history.stdout.count("operator") == 2 and "adjusted -1 (approved)" in history.stdout
    accuracy = run(db_url, "accuracy", "--by", "class")
    assert accuracy.returncode == 0
    open_database(db_url)
    assert Quant.get().qty == 9
    assert {c.status for c in Count.select()} == {"done"}
    assert Count.select().where(Count.planned_for == date.today()).count() >= 1


def test_a_count_left_open_by_a_replay_is_listed_and_cancelled(db, db_path, tmp_path):
    user = User.get(User.name == "operator").id
    bin_ = Location.create(code="A-01", kind="bin", sequence=1)
    item = Item.create(sku="GOLD", name="Gold bar")
    ledger.post([ledger.MoveRequest(item.id, None, system_location("SUPPLIER").id, bin_.id, 10,
                                    "receipt")], user)
    close_database()
    assert "No count was left open." in run(db_path, "counts", "open").stdout
    scans = tmp_path / "count.txt"
    scans.write_text("A-01\nGOLD,4\n", encoding="utf-8")  # ends before the bin is closed
    assert run(db_path, "replay", "--station", "count", str(scans)).returncode == 0
    listed = run(db_path, "counts", "open")
    assert listed.returncode == 0 and "A-01" in listed.stdout and "4 counted" in listed.stdout
    cancelled = run(db_path, "counts", "cancel", "A-01")
    assert cancelled.returncode == 0 and "nothing it counted was booked" in cancelled.stdout
    again = run(db_path, "counts", "cancel", "A-01")
    assert again.returncode == 2 and "No count of A-01 is open" in again.stderr
    assert "No count was left open." in run(db_path, "counts", "open").stdout
    open_database(db_path)
    assert Quant.get().qty == 10


def test_accuracy_weeks_are_the_pages_whole_iso_weeks(db, db_path):
    from datetime import timedelta

    from app.core.count_views import accuracy_report

    bin_ = Location.create(code="A-01", kind="bin", sequence=1)
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    for day in (monday, monday - timedelta(days=1), monday - timedelta(days=7)):
        Count.create(location=bin_, kind="scheduled", planned_for=day, status="done")
    page = [row.group for row in accuracy_report(1, today).by_week]
    close_database()
    shown = run(db_path, "accuracy", "--weeks", "1")
    listed = [line.split()[0] for line in shown.stdout.splitlines()[1:]]
    assert listed == page == [f"{today.isocalendar()[0]}-W{today.isocalendar()[1]:02d}"]
