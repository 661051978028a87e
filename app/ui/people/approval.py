"""A supervisor's approval on the spot: when an action is refused for want of a role, a small
window asks a supervisor to scan their badge (or type their name and PIN); the action then
runs again with them recorded as its approver.

The window opens without blocking; scans reach it through the main window while it is open.
A badge is its own; any other scan is not turned down as a wrong badge but held, like every
scan made while a window is open, and delivered to the page once the window closes.
`#CMD:CANCEL` closes it, for a scanner-only station.
"""

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import users
from app.core.errors import BinwiseError
from app.scanning.commands import command_in
from app.scanning.decode import decode
from app.stations.base import Level
from app.ui import theme
from app.ui.people.login_panel import CredentialsForm
from app.ui.widgets.feedback_banner import FeedbackBanner
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import open_dialog


class ApprovalDialog(QDialog):
    """Emits `approved(user_id)` when someone with `role` has identified themselves."""

    approved = Signal(int)

    def __init__(self, reason: str, role: str, parent: QWidget | None = None,
                 sounds: Sounds | None = None) -> None:
        super().__init__(parent)
        self.sounds = sounds
        self.setObjectName("approvalDialog")
        self.setWindowTitle(f"Binwise: {role} approval")
        self.role = role
        self.approver_id: int | None = None
        ask = QLabel(f"{reason}\n\n{role.capitalize()}: scan your badge, or type your name "
                     f"and PIN.")
        ask.setWordWrap(True)
        ask.setFont(theme.font(theme.BASE_FONT_PX + 3, bold=True))
        self.banner = FeedbackBanner()
        self.banner.show_feedback(Level.INFO, f"Waiting for a {role}.")
        self.form = CredentialsForm("Approve")
        self.form.submitted.connect(self._on_submitted)
        cancel = QPushButton("Cancel   Esc")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(ask)
        layout.addWidget(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(cancel)
        self.setMinimumWidth(560)

    def handle_scan(self, code: str) -> bool:
        """Take a badge (True); leave anything else to the window to hold (False)."""
        text = decode(code).text
        if command_in(text) == "CANCEL":
            self.reject()
            return True
        if not users.looks_like_badge(text):
            self.banner.show_feedback(Level.WARNING, f"'{text.strip()}' is not a badge: it "
                                      f"goes to the page when this window closes. "
                                      f"{self.role.capitalize()}: scan your badge.")
            return False
        try:
            self._approve(users.login_with_badge(text))
        except BinwiseError as error:
            self._refuse(str(error))
        return True

    @Slot(str, str)
    def _on_submitted(self, name: str, pin: str) -> None:
        try:
            self._approve(users.login_with_pin(name, pin))
        except BinwiseError as error:
            self._refuse(str(error))

    def _refuse(self, message: str) -> None:
        self.banner.show_feedback(Level.ERROR, message)
        if self.sounds is not None:
            self.sounds.play(Level.ERROR)

    def _approve(self, person: users.Person) -> None:
        if not users.has_role(person.role, self.role):
            self._refuse(f"{person.name} is {person.role}: this needs a {self.role}.")
            return
        self.approver_id = person.id
        self.accept()
        self.approved.emit(person.id)


def ask_approval(owner: QWidget, error: users.PermissionDeniedError,
                 then: Callable[[int], None]) -> ApprovalDialog:
    """Open the approval window for a refused action; `then(approver_id)` runs it again."""
    sounds = getattr(owner, "sounds", None) or getattr(owner.window(), "sounds", None)
    dialog = ApprovalDialog(str(error), error.role, owner, sounds)
    dialog.approved.connect(then)
    owner.approval_dialog = dialog  # kept for tests and so it is not collected
    open_dialog(dialog, owner)
    return dialog
