"""The Counts page (F11), for the supervisor: the variances waiting for review (Ctrl+1),
ad-hoc counts, the ABC classes, the plan and the policy (Ctrl+2), inventory record accuracy
(Ctrl+3) and the history of counts (Ctrl+4), each on its tab under one banner.

A scan on the Review tab selects the scanned bin's or item's variance; on the Plan tab it puts
the bin (or every bin holding the item) on today's count list; on the History tab it shows only
that bin's or item's counts.
"""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.core import count_views
from app.core.errors import BinwiseError
from app.scanning.decode import DecodeConfig
from app.stations.base import Level
from app.ui import theme
from app.ui.count.count_widgets import add_shortcuts
from app.ui.counts.accuracy_view import AccuracyPanel
from app.ui.counts.count_history_view import HistoryPanel
from app.ui.counts.count_plan_view import PlanPanel
from app.ui.counts.count_review_view import ReviewPanel
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from app.ui.widgets.feedback_banner import FeedbackBanner
from app.ui.widgets.sounds import Sounds

log = logging.getLogger(__name__)

REVIEW_TAB, PLAN_TAB, ACCURACY_TAB, HISTORY_TAB = range(4)
TAB_NAMES = ("Review", "Plan and ad hoc", "Accuracy", "History")
TAB_KEYS = ("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4")
# Between a tab's name and its key: the widest that lets every tab show.
TAB_GAPS = ("   ", " ")
# What each tab is for and its keys, said when the tab is opened.
TAB_HINTS = (
    "Choose a variance with the arrow keys or scan its bin: Ctrl+A approves, Ctrl+J rejects.",
    "Scan a bin, or an item, to count it today. Ctrl+P classifies and plans, Ctrl+O: policy.",
    "How often the records were right. Arrow keys choose the weeks.",
    "Every count, newest first. Scan a bin or an item to see only its counts; Escape: all.",
)


class CountsView(QWidget):
    title = "Counts"

    def __init__(self, user_id: int, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *, decode_config: DecodeConfig | None = None,
                 today: Callable[[], date] = date.today, ops: Any = count_views) -> None:
        super().__init__(parent)
        self.setObjectName("countsView")
        self.sounds = sounds or Sounds(enabled=False, parent=self)
        self.ops = ops
        self._decode_config = decode_config or DecodeConfig()
        self.banner = FeedbackBanner()
        self.review = ReviewPanel(user_id, today=today, ops=ops)
        self.plan = PlanPanel(today=today, decode_config=self._decode_config, ops=ops)
        self.accuracy = AccuracyPanel(today=today, ops=ops)
        self.history = HistoryPanel(decode_config=self._decode_config, ops=ops)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("countsTabs")
        self.tabs.tabBar().setFont(theme.font(theme.BASE_FONT_PX + 1, bold=True))
        for panel, name in zip((self.review, self.plan, self.accuracy, self.history), TAB_NAMES,
                               strict=True):
            self.tabs.addTab(panel, name)
        self._fit_tab_labels()
        for index, key in enumerate(TAB_KEYS):
            add_shortcuts(self, (key,), lambda i=index: self.show_tab(i))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        for panel in (self.review, self.plan, self.history):
            panel.feedback_requested.connect(self._on_feedback_requested)
        self.review.decided.connect(self._on_decided)
        self.plan.list_changed.connect(self._on_list_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.review)
        self.banner.show_feedback(Level.INFO, TAB_HINTS[REVIEW_TAB])
        # Read when the page is opened (the window refreshes a page as it shows it), so a
        # supervisor's page costs the packing station nothing at start-up.

    # -- settings ----------------------------------------------------------------------------

    @property
    def decode_config(self) -> DecodeConfig:
        return self._decode_config

    @decode_config.setter
    def decode_config(self, config: DecodeConfig) -> None:
        self.set_decode_config(config)

    def set_task_worker(self, worker: InlineWorker | ThreadWorker) -> None:
        """Long work of the page (classifying and planning) runs on `worker`."""
        self.plan.set_task_worker(worker)

    def set_decode_config(self, config: DecodeConfig) -> None:
        self._decode_config = config
        self.plan.decode_config = config
        self.history.decode_config = config

    # -- tabs --------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_tab_labels()

    def _fit_tab_labels(self) -> None:
        """Each tab's name with its key, set apart where the window is wide enough for every
        tab to show (at 1024 pixels they are closer, rather than cut behind scroll arrows)."""
        bar = self.tabs.tabBar()
        for gap in TAB_GAPS:
            for index, key in enumerate(TAB_KEYS):
                self.tabs.setTabText(index, f"{TAB_NAMES[index]}{gap}{key}")
            if sum(bar.tabSizeHint(i).width() for i in range(bar.count())) <= self.tabs.width():
                return

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        # The page hands the keyboard to the tab shown, when the window opens the page.
        self.setFocusProxy(self.tabs.widget(index))
        self.banner.show_feedback(Level.INFO, TAB_HINTS[index])
        if index == HISTORY_TAB:
            # Counts are closed at the Count page while this one stays open.
            self.history.refresh()

    def refresh(self) -> None:
        """Read everything again (the page was opened, or counts were closed elsewhere)."""
        for panel in (self.review, self.plan, self.accuracy, self.history):
            panel.refresh()

    # -- scans -------------------------------------------------------------------------------

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        index = self.tabs.currentIndex()
        if index == PLAN_TAB:
            self.plan.handle_scan(code)
        elif index == HISTORY_TAB:
            self.history.handle_scan(code)
        elif index == REVIEW_TAB:
            self._find_in_review(code)
        else:
            self._tell(Level.ERROR, f"Scan {code} not used here. To count it ad hoc, open "
                       f"Plan and ad hoc (Ctrl+2) and scan it again.")

    def _find_in_review(self, code: str) -> None:
        try:
            target = self.ops.identify(code, self._decode_config)
        except BinwiseError as error:
            self._tell(Level.ERROR, str(error))
            return
        except Exception as error:  # a bug must not close the window mid-task
            log.exception("Looking up %r failed", code)
            self._tell(Level.ERROR, f"Binwise could not look that up ({error}).")
            return
        if self.review.select_code(target):
            self._tell(Level.OK, f"{target.code}: its variance is selected. Ctrl+A approves, "
                       f"Ctrl+J rejects.")
        else:
            self._tell(Level.WARNING, f"No variance of {target.code} waits for review. To "
                       f"count it again, open Plan and ad hoc (Ctrl+2) and scan it there.")

    # -- answers -----------------------------------------------------------------------------

    @Slot(str, str)
    def _on_feedback_requested(self, level: str, message: str) -> None:
        self._tell(Level(level), message)

    @Slot()
    def _on_decided(self) -> None:
        self.accuracy.refresh()
        self.history.refresh()

    @Slot()
    def _on_list_changed(self) -> None:
        self.accuracy.refresh()

    def _tell(self, level: Level, message: str) -> None:
        self.banner.show_feedback(level, message)
        self.sounds.play(level)
