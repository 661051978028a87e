"""The Counts page (F11) in the real window: the review queue with Approve (Ctrl+A) and Reject
(Ctrl+J) after a confirmation, scans that find a variance, ad-hoc counts of a bin or an item
everywhere, classify and plan, and the policy dialog that refuses what the policy's check
refuses."""

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from app.core.count_policy import CountPolicy, load_policy
from app.db.models import Count, CountLine, Item, Location
from app.stations.base import Level, Scan
from app.stations.count import CountStation
from app.ui.count.count_models import (
    REV_BIN,
    REV_COUNTED,
    REV_EXPECTED,
    REV_VALUE,
    REV_VARIANCE,
    ClassPlanModel,
    ReviewModel,
)
from app.ui.count.count_widgets import ShortcutYielder
from app.ui.counts.count_policy_dialog import CountPolicyDialog
from app.ui.counts.counts_view import ACCURACY_TAB, PLAN_TAB, REVIEW_TAB, CountsView
from tests.gui.conftest import EAN13, open_page
from tests.gui.test_count_view import MUG_QTY, build_count_world, cell, column, in_bin

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def count_twice(world, qty: int) -> None:
    """Count A-01 as holding `qty` mugs, twice: the recount confirms it and it goes to review."""
    station = CountStation(world.user_id, policy=CountPolicy())
    for _ in range(2):
        station.handle(Scan("A-01"))
        station.handle(Scan("MUG-01", qty=qty))
        station.close()


@pytest.fixture
def world(db):
    world = build_count_world()
    count_twice(world, 30)
    return world


@pytest.fixture
def page(qtbot, world, main_window):
    view = open_page(qtbot, main_window, Qt.Key.Key_F11)
    assert isinstance(view, CountsView)
    return view


class Answers(list):
    """The confirmations asked; each answered with `reply`."""

    reply = True

    def __call__(self, question: str) -> bool:
        self.append(question)
        return self.reply


@pytest.fixture
def answers(page):
    page.review.confirm = Answers()
    return page.review.confirm


def test_the_review_queue(page):
    model = page.review.model
    assert page.tabs.currentIndex() == REVIEW_TAB
    assert model.rowCount() == 1
    assert [cell(model, 0, c) for c in (REV_BIN, REV_EXPECTED, REV_COUNTED, REV_VARIANCE,
                                         REV_VALUE)] == ["A-01", str(MUG_QTY), "30", "-7",
                                                         "-17.50"]
    assert page.review.current_row().sku == "MUG-01"  # the first line is selected
    assert "records say 37, counted 30" in page.review.detail.text()
    assert page.review.approve_button.isEnabled()


def test_approve_posts_the_variance(qtbot, main_window, page, answers, keyboard):
    heard: list[str] = []
    page.sounds.played.connect(heard.append)
    assert page.review.table.hasFocus()
    keyboard.key(main_window, Qt.Key.Key_A, CTRL)
    assert len(answers) == 1 and answers[0].startswith("Approve A-01 MUG-01?")
    assert "writes off 7 unit(s)" in answers[0]
    assert page.banner.level is Level.OK, page.banner.message
    assert page.banner.message == "Approved: A-01 MUG-01 is now 30 (-7 adjusted)."
    assert heard == ["ok"]
    assert in_bin("A-01") == 30
    assert page.review.model.rowCount() == 0
    assert not page.review.approve_button.isEnabled()
    assert CountLine.get(CountLine.status == "approved")


def test_reject_keeps_the_records(main_window, page, answers, keyboard):
    keyboard.key(main_window, Qt.Key.Key_J, CTRL)
    assert answers[0].startswith("Reject A-01 MUG-01?")
    assert page.banner.message == f"Rejected: A-01 MUG-01 stays at {MUG_QTY} as recorded."
    assert in_bin("A-01") == MUG_QTY
    assert page.review.model.rowCount() == 0
    assert CountLine.get(CountLine.status == "rejected")


def test_a_declined_confirmation_changes_nothing(main_window, page, answers, keyboard):
    answers.reply = False
    keyboard.key(main_window, Qt.Key.Key_A, CTRL)
    assert len(answers) == 1
    assert in_bin("A-01") == MUG_QTY
    assert page.review.model.rowCount() == 1
    assert CountLine.select().where(CountLine.status == "review").count() == 1


def test_a_scan_on_the_review_tab_finds_the_variance(main_window, page, keyboard):
    keyboard.scan(main_window, EAN13)
    assert page.banner.level is Level.OK and "its variance is selected" in page.banner.message
    keyboard.scan(main_window, "A-02")
    assert page.banner.level is Level.WARNING
    assert "No variance of A-02 waits for review" in page.banner.message
    keyboard.scan(main_window, "NOTHING-HERE")
    assert page.banner.level is Level.ERROR and "Unknown code" in page.banner.message


def test_tabs_on_their_keys(main_window, page, keyboard):
    keyboard.key(main_window, Qt.Key.Key_2, CTRL)
    assert page.tabs.currentIndex() == PLAN_TAB and page.plan.entry.hasFocus()
    assert "Ctrl+P classifies and plans" in page.banner.message
    keyboard.key(main_window, Qt.Key.Key_3, CTRL)
    assert page.tabs.currentIndex() == ACCURACY_TAB and page.accuracy.period.hasFocus()
    keyboard.key(main_window, Qt.Key.Key_Down)  # the next period
    assert page.accuracy.weeks == 13
    keyboard.scan(main_window, "A-02")
    assert page.banner.level is Level.ERROR and "Ctrl+2" in page.banner.message
    keyboard.key(main_window, Qt.Key.Key_1, CTRL)
    assert page.tabs.currentIndex() == REVIEW_TAB and page.review.table.hasFocus()


def test_ad_hoc_counts_of_a_bin_and_of_an_item_everywhere(main_window, page, keyboard):
    keyboard.key(main_window, Qt.Key.Key_2, CTRL)
    keyboard.scan(main_window, "B-01")
    assert page.banner.level is Level.OK, page.banner.message
    assert page.banner.message.startswith("B-01 is on today's count list")
    count = Count.get(Count.location == Location.get(Location.code == "B-01"))
    assert (count.kind, count.status, count.planned_for) == ("adhoc", "planned", date.today())
    keyboard.person(main_window, "TEA-01\r")
    assert page.banner.level is Level.OK, page.banner.message
    assert "TEA-01 is counted everywhere: 1 bin(s) on today's list (A-02)" in \
        page.banner.message
    keyboard.scan(main_window, "A-03")
    keyboard.scan(main_window, "NOPE")
    assert page.banner.level is Level.ERROR and "Unknown code 'NOPE'" in page.banner.message


def test_an_item_in_no_bin_is_refused(main_window, page, keyboard):
    Item.create(sku="CUP-01", name="Cup")
    counts = Count.select().count()
    keyboard.key(main_window, Qt.Key.Key_2, CTRL)
    keyboard.scan(main_window, "CUP-01")
    assert page.banner.level is Level.ERROR
    assert "CUP-01 is in no bin" in page.banner.message
    assert Count.select().count() == counts


def test_classify_and_plan(main_window, page, keyboard):
    keyboard.key(main_window, Qt.Key.Key_2, CTRL)
    keyboard.key(main_window, Qt.Key.Key_P, CTRL)
    assert page.banner.level is Level.OK, page.banner.message
    assert page.banner.message.startswith("Classes and plan renewed: A 0 bins every 22 days")
    model = page.plan.model
    assert column(model, 0) == ["A", "B", "C"]
    # Nothing shipped: every item is C, and so is every bin.
    assert [r.bins for r in model.rows()] == [0, 0, 4]
    assert [r.items for r in model.rows()] == [0, 0, 2]
    assert cell(model, 2, 4) == "260 working days"
    assert cell(model, 2, 6) == "2 units or 5 %"
    assert page.plan.computed.text().startswith("Classes computed ")


def test_classify_and_plan_runs_on_the_background_worker(qtbot, main_window, page,
                                                         keyboard):
    from app.ui.tasks.worker import ThreadWorker

    worker = ThreadWorker("plan")
    page.set_task_worker(worker)
    keyboard.key(main_window, Qt.Key.Key_2, CTRL)
    try:
        keyboard.key(main_window, Qt.Key.Key_P, CTRL)
        assert page.banner.message == "Classifying the items and planning the counts..."
        assert not page.plan.plan_button.isEnabled()
        qtbot.waitUntil(lambda: page.banner.level is Level.OK, timeout=10_000)
    finally:
        worker.shutdown()
    assert page.banner.message.startswith("Classes and plan renewed: A 0 bins every 22 days")
    assert [r.bins for r in page.plan.model.rows()] == [0, 0, 4]
    assert page.plan.plan_button.isEnabled()


def test_the_policy_dialog_refuses_bad_values(qtbot, main_window, page, keyboard):
    keyboard.key(main_window, Qt.Key.Key_2, CTRL)
    keyboard.key(main_window, Qt.Key.Key_O, CTRL)
    dialog = page.plan.policy_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.a_share.setValue(96)  # above B's 95
    dialog.save()
    assert dialog.isVisible()
    assert dialog.error.text() == ("Not saved: ABC thresholds must satisfy 0 < A < B <= 100 "
                                   "(percent).")
    dialog.a_share.setValue(70)
    dialog.per_year["B"].setValue(0)
    dialog.save()
    assert "Class B must be counted at least once a year" in dialog.error.text()
    dialog.per_year["B"].setValue(6)
    for box in dialog.workdays:
        box.setChecked(False)
    dialog.save()
    assert "Working days" in dialog.error.text() and dialog.isVisible()
    assert load_policy() == CountPolicy()  # nothing saved so far
    dialog.workdays[5].setChecked(True)  # Saturday only
    dialog.units["C"].setValue(3)
    dialog.percent["A"].setValue(1.5)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = load_policy()
    assert (saved.a_share, saved.per_year["B"], saved.workdays) == (70.0, 6, (6,))
    assert saved.tolerance["C"].units == 3 and saved.tolerance["A"].percent == 1.5
    assert page.banner.level is Level.OK and "policy saved" in page.banner.message
    assert "A: items making up to 70 %" in page.plan.policy_text.text()
    assert "Counted on Sat." in page.plan.policy_text.text()


def test_the_dialog_starts_from_the_policy(qtbot, db):
    policy = CountPolicy(a_share=60, b_share=90, workdays=(1, 3, 5))
    dialog = CountPolicyDialog(policy, save=lambda p: None)
    qtbot.addWidget(dialog)
    assert dialog.policy() == policy
    dialog.save()
    assert dialog.saved == policy


def test_models(qtmodeltester, world):
    from app.core import count_views

    review = ReviewModel()
    review.set_rows(count_views.review_rows())
    qtmodeltester.check(review)
    plan = ClassPlanModel()
    plan.set_rows(count_views.plan_overview(CountPolicy()))
    qtmodeltester.check(plan)


def test_the_entry_box_passes_page_keys_through(qtbot):
    """Ctrl+A selects all in a line edit everywhere; with the yielder the page gets it."""
    box = QLineEdit()
    qtbot.addWidget(box)

    def overridden() -> bool:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, CTRL, "a")
        event.ignore()
        QApplication.sendEvent(box, event)
        return event.isAccepted()

    assert overridden()
    box.installEventFilter(ShortcutYielder(("Ctrl+A",), box))
    assert not overridden()
