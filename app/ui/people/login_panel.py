"""The page the window shows while nobody is logged in: a big "Scan your badge", and a name and
PIN form for whoever has no badge at hand.

It is a page of the window, not a blocking dialog: scans reach it through the window like any
station's, and anything that is not a badge is refused and said so, never dropped silently.
"""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import users
from app.core.errors import BinwiseError
from app.stations.base import Level
from app.ui import theme
from app.ui.widgets.feedback_banner import FeedbackBanner, PromptLabel


class CredentialsForm(QWidget):
    """Name, PIN and a button; emits `submitted(name, pin)` on the button or Enter."""

    submitted = Signal(str, str)

    def __init__(self, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setObjectName("loginName")
        self.pin = QLineEdit()
        self.pin.setObjectName("loginPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton(button_text)
        self.button.setObjectName("loginButton")
        self.button.setAutoDefault(False)
        for widget in (self.name, self.pin, self.button):
            widget.setFont(theme.font(theme.BASE_FONT_PX + 4))
            widget.setMinimumHeight(48)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("PIN", self.pin)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(row)
        self.name.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._on_submit)
        self.button.clicked.connect(self._on_submit)
        self.setFocusProxy(self.name)

    @Slot()
    def _on_submit(self) -> None:
        name, pin = self.name.text(), self.pin.text()
        self.pin.clear()
        self.submitted.emit(name, pin)

    def clear(self) -> None:
        self.name.clear()
        self.pin.clear()


class LoginPanel(QWidget):
    """Emits `logged_in(person)`; `failed(level)` lets the window play the error sound."""

    title = "Log in"
    logged_in = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginPanel")
        self.prompt = PromptLabel("Scan your badge")
        self.prompt.setFont(theme.font(theme.HUGE_FONT_PX // 2 + 14, bold=True))
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel("or type your name and PIN")
        hint.setFont(theme.font(theme.BIG_FONT_PX - 10))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner = FeedbackBanner()
        self.form = CredentialsForm("Log in")
        self.form.setMaximumWidth(520)
        self.form.submitted.connect(self._on_submitted)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.form)
        middle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 40, 16, 12)
        layout.setSpacing(18)
        layout.addWidget(self.prompt)
        layout.addWidget(hint)
        layout.addLayout(middle)
        layout.addStretch(1)
        layout.addWidget(self.banner)
        self.setFocusProxy(self.form)
        self.reset()

    def reset(self, message: str = "Nobody is logged in at this station.") -> None:
        self.form.clear()
        self.banner.show_feedback(Level.INFO, message)

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        code = code.strip()
        if not users.is_badge(code):
            self._fail(f"Nobody is logged in: '{code}' was not used. Scan your badge first, "
                       f"then scan it again.")
            return
        try:
            person = users.login_with_badge(code)
        except BinwiseError as error:
            self._fail(str(error))
            return
        self.logged_in.emit(person)

    @Slot(str, str)
    def _on_submitted(self, name: str, pin: str) -> None:
        try:
            person = users.login_with_pin(name, pin)
        except BinwiseError as error:
            self._fail(str(error))
            self.form.pin.setFocus()
            return
        self.logged_in.emit(person)

    def _fail(self, message: str) -> None:
        self.banner.show_feedback(Level.ERROR, message)
        self.failed.emit(Level.ERROR.value)

    def refresh(self) -> None:
        """Nothing to read again; the window calls it on every page it shows."""
