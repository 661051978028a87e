"""What every station's screen shares: the prompt, the coloured banner, the typed-entry box with
its buttons, keyboard shortcuts, the sound per answer, and the red banner instead of a dead
window when something fails.

A view passes scans, typed entries and its buttons to its station and renders the answer and
the station's state. It decides nothing about the warehouse itself.

The station works on the window's station worker (app/ui/worker.py), one scan after another in
the order they came, so a scan that waits for another program's write never freezes the window;
after 200 ms the banner says "Saving...". While the worker has this station's work the station
belongs to that thread: the view reads its state only once all of it has been answered. The
documents an answer carries (a packing slip) are printed there too, before it is shown.
"""

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.config import PrintSettings
from app.core.faults import explain
from app.scanning.decode import DecodeConfig
from app.stations.base import Feedback, Level, Scan, typed_quantity
from app.ui import theme
from app.ui.tasks.print_jobs import send_prints
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from app.ui.widgets.entry_box import EntryBox
from app.ui.widgets.feedback_banner import FeedbackBanner, PromptLabel
from app.ui.widgets.recent_scans import RecentScans
from app.ui.widgets.sounds import Sounds

log = logging.getLogger(__name__)

UNDO_KEYS = ("Ctrl+Z",)
# A scan that has not been answered after this long shows "Saving..." (it is waiting its turn).
SAVING_AFTER_MS = 200
SAVING_TEXT = ("Saving... another program is writing to the database; your scans are kept "
               "and saved in order.")
RECENT_WIDTH = 340
# A side panel (the last scans, the pick path) narrows down to this on a 1024-pixel screen,
# and the big card beside it keeps the larger share.
SIDE_MIN_WIDTH = 250
BODY_STRETCH, SIDE_STRETCH = 3, 2


def take_keyboard(widget: QWidget) -> None:
    """Give the keyboard back to a page. Kiosk set-ups run without a window manager, and then
    nobody hands it back to the window when a dialog closes."""
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)


def open_dialog(dialog: QDialog, owner: QWidget) -> None:
    """Open a dialog without blocking; the keyboard returns to `owner` when it closes."""
    dialog.finished.connect(lambda result: take_keyboard(owner))
    # Without a window manager a dialog has no frame: draw one so it stands out.
    dialog.setStyleSheet(f"QDialog {{ border: 3px solid {theme.ACCENT}; }}")
    dialog.open()


class StationView(QWidget):
    """Subclasses build their middle part, call `_frame`, and implement `_render_state`."""

    title = ""
    entry_placeholder = "Type a code or a quantity, then Enter"
    # Whether a number left in the box (typed without Enter) is a quantity for the next scan.
    typed_number_first = True

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.sounds = sounds or Sounds(enabled=False, parent=self)
        self.prompt = PromptLabel()
        self.banner = FeedbackBanner()
        self.entry = EntryBox(self.entry_placeholder)
        self.recent: RecentScans | None = None
        self._buttons: list[QPushButton] = []
        self._shortcuts: list[QShortcut] = []
        self.entry.entered.connect(self._on_entered)
        self.worker: InlineWorker | ThreadWorker = InlineWorker()
        self.print_settings = PrintSettings()
        self._pending = 0  # answers the worker still owes this view
        self._refresh_wanted = False
        # True while the answer being shown is a scan's (a scan always gets its beep).
        self.answering_scan = False
        # While an answer is drawn: what it says changed (Feedback.changed), so a view reads
        # again only that; None when the page is drawn for any other reason (read it all).
        self.answer_changed: frozenset[str] | None = None
        self._saving_timer = QTimer(self)
        self._saving_timer.setSingleShot(True)
        self._saving_timer.timeout.connect(self._on_saving_timeout)

    # -- building ----------------------------------------------------------------------------

    def _frame(self, body: QWidget | QLayout, side: QWidget | None = None,
               side_stretch: int = SIDE_STRETCH) -> None:
        """Prompt and banner on top, `body` (and `side`) in the middle, entry and buttons
        below. `side_stretch` against the body's BODY_STRETCH: how much of the width the side
        takes beyond its minimum."""
        middle = QHBoxLayout()
        middle.setSpacing(12)
        if isinstance(body, QLayout):
            middle.addLayout(body, BODY_STRETCH)
        else:
            middle.addWidget(body, BODY_STRETCH)
        if side is not None:
            side.setMinimumWidth(SIDE_MIN_WIDTH)
            middle.addWidget(side, side_stretch)
        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self.entry, 1)
        for button in self._buttons:
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.prompt)
        layout.addWidget(self.banner)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.entry)

    def add_button(self, text: str, keys: Sequence[str], slot: Callable[[], None],
                   hint: str | None = None) -> QPushButton:
        """A button in the bottom row, also on `keys`; `hint` (or the first key) is printed on
        it, under the name, so three buttons leave the entry box room on a 1024-pixel screen."""
        hint = hint or (keys[0] if keys else None)
        label = f"{text}\n{hint}" if hint else text
        button = QPushButton(label)
        button.setFont(theme.font(theme.BASE_FONT_PX + 1, bold=True))
        button.setMinimumHeight(48)
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # Reachable with Tab, but a mouse click leaves the keyboard in the entry box.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        self._buttons.append(button)
        self.add_shortcuts(keys, slot)
        return button

    def add_shortcuts(self, keys: Sequence[str], slot: Callable[[], None]) -> None:
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

    def recent_panel(self) -> QWidget:
        """The last scans and their answers, newest on top."""
        title = QLabel("Last scans")
        title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.recent = RecentScans()
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(title)
        box.addWidget(self.recent, 1)
        panel.setMaximumWidth(RECENT_WIDTH)
        return panel

    def set_worker(self, worker: InlineWorker | ThreadWorker) -> None:
        """Run the station on `worker` from now on."""
        self.worker = worker

    @property
    def busy(self) -> bool:
        """The station is working on (or waiting to work on) scans not yet answered."""
        return self._pending > 0

    def set_print_settings(self, settings: PrintSettings) -> None:
        """Where this station's documents print, and how its slips look, from now on."""
        self.print_settings = settings
        if hasattr(self.station, "slip_paper"):
            self.station.slip_paper = settings.slip_paper
            self.station.slip_gift = settings.slip_gift

    def set_decode_config(self, config: DecodeConfig) -> None:
        """New scanner settings: the station decodes the next scan with them."""
        self.station.decode_config = config

    # -- input -------------------------------------------------------------------------------

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        """A scan from the scanner, whatever widget has focus. A number typed into the box
        without Enter is meant for this scan: it is applied first, in the same turn on the
        worker, never left behind while the scan books one."""
        scan = Scan(code, source="scanner")  # stamped now, not when its turn comes
        typed = self.entry.text().strip()
        if self.typed_number_first and typed_quantity(typed) is not None:
            self.entry.clear()

            def typed_then_scan() -> Feedback:
                answer = self.station.enter(typed)
                if answer.refused:
                    return Feedback(Level.ERROR, f"{answer.message} The scan {code} was not "
                                    f"booked: scan it again.", answer.prompt)
                return self.station.handle(scan)

            self._answer(code, typed_then_scan, scan=True)
            return
        self._answer(code, lambda: self.station.handle(scan), scan=True)

    @Slot(str)
    def _on_entered(self, text: str) -> None:
        self._answer(f"typed {text.strip()}", lambda: self.station.enter(text))

    @Slot()
    def undo(self) -> None:
        self._answer("Undo", self.station.undo)

    def _answer(self, what: str, call: Callable[[], Feedback],
                then: Callable[[Feedback], Feedback] | None = None, *,
                scan: bool = False) -> None:
        """Run `call` on the station worker, then show its feedback (passed through `then`,
        on the main thread) with its sound. Answers come back in the order asked."""
        self._pending += 1
        if not self._saving_timer.isActive():
            self._saving_timer.start(SAVING_AFTER_MS)
        self.worker.submit(lambda: self._work(what, call),
                           lambda feedback: self._on_answered(feedback, what, then, scan))

    def _work(self, what: str, call: Callable[[], Feedback]) -> Feedback:
        """On the worker: the station's answer, or a red banner instead of a traceback."""
        try:
            return send_prints(call(), self.print_settings)
        except Exception as error:  # a bug must not close the window mid-task
            # A full disk or a read-only file is not a bug: say what to do about it.
            message = explain(error)
            if message is None:
                log.exception("%s station failed on %r", self.title, what)
                message = (f"Binwise could not handle that ({error}). Check the screen "
                           "before going on and tell your supervisor.")
            return Feedback(Level.ERROR, message, self._safe_prompt())

    def _on_answered(self, feedback: Feedback, what: str,
                     then: Callable[[Feedback], Feedback] | None, scan: bool) -> None:
        self._pending -= 1
        self._saving_timer.stop()
        if self._pending:
            # The next scan is waiting now: time its wait from here.
            self._saving_timer.start(SAVING_AFTER_MS)
        if then is not None:
            try:
                feedback = then(feedback)
            except Exception:
                log.exception("%s: could not finish the answer to %r", self.title, what)
        self.answering_scan = scan
        try:
            self.show_feedback(feedback, what)
        finally:
            self.answering_scan = False
        refusal = getattr(self.station, "approval_needed", None)
        if refusal is not None and not self._pending:
            # A supervisor may allow it on the spot; the station then redoes the step.
            from app.ui.people.approval import ask_approval

            ask_approval(self, refusal, lambda approver: self._answer(
                "Approved", lambda: self.station.approve(approver)))
        if not self._pending and self._refresh_wanted:
            self.refresh()

    @Slot()
    def _on_saving_timeout(self) -> None:
        if self._pending:
            self.banner.show_feedback(Level.INFO, SAVING_TEXT)

    def _safe_prompt(self) -> str:
        try:
            return self.station.prompt
        except Exception:
            return ""

    # -- output ------------------------------------------------------------------------------

    def show_feedback(self, feedback: Feedback, what: str) -> None:
        self.banner.show_feedback(feedback.level, feedback.message)
        self.prompt.setText(feedback.prompt or ("" if self._pending else self._safe_prompt()))
        self.answer_changed = feedback.changed
        try:
            self.refresh()
        finally:
            self.answer_changed = None
        if self.recent is not None:
            self.recent.add(feedback.level, what, feedback.message)
        self.sounds.play(feedback.level)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Other pages may have changed what to do here (goods received while the Put away
        # page was hidden): the prompt says what the station asks for now. While the worker
        # still has this station's scans, their answer brings the prompt.
        prompt = None if self._pending else self._safe_prompt()
        if prompt:
            self.prompt.setText(prompt)

    def refresh(self) -> None:
        """Show the station's state again (after an answer, or when the page is opened).

        Not while the worker still has this station's work: it is drawn once that is done."""
        if self._pending:
            self._refresh_wanted = True
            return
        self._refresh_wanted = False
        try:
            self._render_state()
        except Exception:
            log.exception("Could not show the %s state", self.title)

    def _render_state(self) -> None:
        raise NotImplementedError
