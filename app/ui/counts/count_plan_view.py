"""Planning on the Counts page: count a bin or an item everywhere ad hoc (scan it or type it),
classify the items ABC and plan the counts again (Ctrl+P), and edit the counting policy
(Ctrl+O).

The classes table shows, per class, how many items and bins it has, how often a bin is counted
and about how many bins that makes a day, and what variance it accepts.
"""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core import count_views
from app.core.count_policy import CountPolicy
from app.core.errors import BinwiseError
from app.scanning.decode import DecodeConfig
from app.stations.base import Level
from app.ui import theme
from app.ui.count.count_models import ClassPlanModel
from app.ui.count.count_widgets import action_button, heading, padded
from app.ui.counts.count_policy_dialog import WEEKDAYS, CountPolicyDialog
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from app.ui.widgets.entry_box import EntryBox
from app.ui.widgets.station_view import open_dialog
from app.ui.widgets.tables import make_table

log = logging.getLogger(__name__)

PLAN_KEY = "Ctrl+P"
POLICY_KEY = "Ctrl+O"


def describe_policy(policy: CountPolicy) -> str:
    days = ", ".join(WEEKDAYS[d - 1] for d in sorted(policy.workdays))
    return (f"A: items making up to {policy.a_share:g} % of the annual usage value; B: up to "
            f"{policy.b_share:g} %; C: the rest. Counted on {days}.")


class PlanPanel(QWidget):
    """Emits `feedback_requested(level, message)` for the page's banner, and `list_changed`
    when bins joined the count list or the plan changed."""

    feedback_requested = Signal(str, str)
    list_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today,
                 decode_config: DecodeConfig | None = None,
                 ops: Any = count_views) -> None:
        super().__init__(parent)
        self.setObjectName("planPanel")
        self._today = today
        self.decode_config = decode_config or DecodeConfig()
        self.ops = ops
        self.user_id: int | None = None  # who changes the policy: the window sets it
        self.policy_dialog: CountPolicyDialog | None = None
        self.task_worker: InlineWorker | ThreadWorker = InlineWorker()
        self.model = ClassPlanModel(self)

        self.entry = EntryBox("Scan or type a bin, or an item to count it everywhere; Enter")
        self.entry.setObjectName("adhocEntry")
        self.entry.entered.connect(self._on_entered)
        self.table = padded(make_table(self.model, None))
        self.table.setObjectName("classPlanTable")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setFixedHeight(self.table.verticalHeader().defaultSectionSize() * 3 + 44)
        self.computed = QLabel()
        self.computed.setObjectName("classesComputed")
        self.computed.setFont(theme.font(theme.BASE_FONT_PX))
        self.policy_text = QLabel()
        self.policy_text.setObjectName("policyText")
        self.policy_text.setFont(theme.font(theme.BASE_FONT_PX))
        self.policy_text.setWordWrap(True)
        self.plan_button = action_button("Classify and plan", PLAN_KEY, self.classify_and_plan,
                                         self)
        self.policy_button = action_button("Policy", POLICY_KEY, self.edit_policy, self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.computed, 1)
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.policy_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading("Count ad hoc: the bin goes on today's list (an item: every "
                                 "bin that holds it)"))
        layout.addWidget(self.entry)
        layout.addSpacing(10)
        layout.addWidget(heading("ABC classes and the count plan"))
        layout.addWidget(self.table)
        layout.addWidget(self.policy_text)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setFocusProxy(self.entry)

    # -- showing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            policy = self.ops.current_policy()
            self.model.set_rows(self.ops.plan_overview(policy))
            computed = self.ops.classes_computed_at()
        except Exception:
            log.exception("Could not read the count plan")
            return
        self.policy_text.setText(describe_policy(policy))
        self.computed.setText(f"Classes computed {computed:%Y-%m-%d %H:%M} (UTC)" if computed
                              else "No classes yet: press Classify and plan.")

    # -- ad hoc ------------------------------------------------------------------------------

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        self.count_adhoc(code)

    @Slot(str)
    def _on_entered(self, text: str) -> None:
        self.count_adhoc(text.strip())

    def count_adhoc(self, code: str) -> None:
        try:
            target = self.ops.identify(code, self.decode_config)
            result = self.ops.add_adhoc(target, self._today())
        except BinwiseError as error:
            self.feedback_requested.emit(Level.ERROR.value, str(error))
            return
        except Exception as error:
            log.exception("Ad-hoc count of %r failed", code)
            self.feedback_requested.emit(Level.ERROR.value, f"Binwise could not add that count "
                                         f"({error}). Tell your supervisor.")
            return
        self.list_changed.emit()
        if target.kind == "bin":
            message = f"{target.code} is on today's count list. Count it on the Count page (F5)."
        else:
            shown = ", ".join(result.bins[:8]) + (" …" if len(result.bins) > 8 else "")
            message = (f"{target.code} is counted everywhere: {len(result.bins)} bin(s) on "
                       f"today's list ({shown}). Count them on the Count page (F5).")
        self.feedback_requested.emit(Level.OK.value, message)

    # -- plan and policy ---------------------------------------------------------------------

    def set_task_worker(self, worker: InlineWorker | ThreadWorker) -> None:
        """Classify and plan on `worker` from now on."""
        self.task_worker = worker

    @Slot()
    def classify_and_plan(self) -> None:
        """On the background worker: with 100,000 items it takes a second or more."""
        today = self._today()
        self.plan_button.setEnabled(False)
        self.feedback_requested.emit(Level.INFO.value, "Classifying the items and planning "
                                     "the counts...")
        self.task_worker.submit(
            lambda: self.ops.classify_and_plan(self.ops.current_policy(), today),
            self._on_planned, self._on_plan_failed)

    def _on_planned(self, rows: Any) -> None:
        self.plan_button.setEnabled(True)
        self.refresh()
        self.list_changed.emit()
        parts = [f"{p.klass} {p.bins} bins every {p.interval} days (~{p.per_day:.1f}/day)"
                 for p in rows]
        self.feedback_requested.emit(Level.OK.value, "Classes and plan renewed: "
                                     + "; ".join(parts) + ".")

    def _on_plan_failed(self, error: BaseException) -> None:
        self.plan_button.setEnabled(True)
        log.error("Classifying and planning failed", exc_info=error)
        self.feedback_requested.emit(Level.ERROR.value, f"Binwise could not plan the "
                                     f"counts ({error}). Tell your supervisor.")

    @Slot()
    def edit_policy(self) -> None:
        self.policy_dialog = CountPolicyDialog(
            self.ops.current_policy(), self,
            save=lambda policy, approver=None: self.ops.store_policy(policy, self.user_id,
                                                                     approver))
        self.policy_dialog.accepted.connect(self._on_policy_dialog_accepted)
        open_dialog(self.policy_dialog, self)

    @Slot()
    def _on_policy_dialog_accepted(self) -> None:
        self.refresh()
        self.feedback_requested.emit(Level.OK.value, "Counting policy saved. Press Classify "
                                     "and plan (Ctrl+P) so the classes and the plan follow it.")
