"""The counting policy, edited by a supervisor: where the ABC classes are cut, how often each
class is counted, on which weekdays, and how large a variance each class accepts without a
recount.

The dialog only collects the numbers; `CountPolicy.check` (through `save`) decides whether they
make sense, and its message is shown under the fields while the dialog stays open.
"""

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import count_views
from app.core.count_policy import CLASSES, CountPolicy, Tolerance
from app.core.errors import BinwiseError
from app.core.users import PermissionDeniedError
from app.stations.base import Level
from app.ui import theme
from app.ui.people.approval import ask_approval

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FIELD_HEIGHT = 40


def _spin(maximum: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setMinimumHeight(FIELD_HEIGHT)
    return box


def _share(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    # The full range on purpose: a cut at 0 or a B below A is refused by the policy's check,
    # with its reason, rather than silently clamped.
    box.setRange(0.0, 100.0)
    box.setDecimals(1)
    box.setSuffix(" %")
    box.setValue(value)
    box.setMinimumHeight(FIELD_HEIGHT)
    return box


class CountPolicyDialog(QDialog):
    def __init__(self, policy: CountPolicy, parent: QWidget | None = None, *,
                 save: Callable[[CountPolicy], None] = count_views.store_policy) -> None:
        super().__init__(parent)
        self.setWindowTitle("Counting policy")
        self.setMinimumWidth(720)
        self._save = save
        self.saved: CountPolicy | None = None
        self.a_share = _share(policy.a_share)
        self.b_share = _share(policy.b_share)
        self.per_year = {k: _spin(365, policy.per_year[k], " a year") for k in CLASSES}
        self.units = {k: _spin(99_999, policy.tolerance[k].units, " units") for k in CLASSES}
        self.percent = {k: QDoubleSpinBox() for k in CLASSES}
        for klass, box in self.percent.items():
            box.setRange(0.0, 100.0)
            box.setDecimals(1)
            box.setSuffix(" %")
            box.setValue(policy.tolerance[klass].percent)
            box.setMinimumHeight(FIELD_HEIGHT)
        self.workdays = [QCheckBox(name) for name in WEEKDAYS]
        for day, box in enumerate(self.workdays, 1):
            box.setChecked(day in policy.workdays)
        self.error = QLabel()
        self.error.setObjectName("policyError")
        self.error.setWordWrap(True)
        self.error.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.error.setStyleSheet(f"color: {theme.LEVEL_COLOURS[Level.ERROR].background};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.a_share.setFocus()

    def _lay_out(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(0, 1)
        for column, klass in enumerate(CLASSES, 1):
            heading = QLabel(f"Class {klass}")
            heading.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
            grid.addWidget(heading, 0, column)
        rows = [
            ("Up to this share of the annual usage value",
             [self.a_share, self.b_share, QLabel("the rest")]),
            ("Counts a year", [self.per_year[k] for k in CLASSES]),
            ("Accepted variance: units", [self.units[k] for k in CLASSES]),
            ("… or percent of the bin's quantity", [self.percent[k] for k in CLASSES]),
        ]
        for row, (text, widgets) in enumerate(rows, 1):
            name = QLabel(text)
            name.setWordWrap(True)
            grid.addWidget(name, row, 0)
            for column, widget in enumerate(widgets, 1):
                grid.addWidget(widget, row, column)
        days = QHBoxLayout()
        days.addWidget(QLabel("Counted on"))
        for box in self.workdays:
            days.addWidget(box)
        days.addStretch(1)
        note = QLabel("A variance within the accepted units or percent is adjusted at once; a "
                      "larger one is counted again, then reviewed. Plan again after changing "
                      "the classes or counts a year.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #52606d;")
        title = QLabel("Counting policy: ABC classes, how often, and the variance accepted")
        title.setFont(theme.font(theme.BASE_FONT_PX + 3, bold=True))
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addLayout(days)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def policy(self) -> CountPolicy:
        """The policy as the fields say, checked or not."""
        return CountPolicy(
            a_share=self.a_share.value(), b_share=self.b_share.value(),
            per_year={k: self.per_year[k].value() for k in CLASSES},
            workdays=tuple(d for d, box in enumerate(self.workdays, 1) if box.isChecked()),
            tolerance={k: Tolerance(self.units[k].value(), self.percent[k].value())
                       for k in CLASSES})

    @Slot()
    def save(self, approver_id: int | None = None) -> None:
        policy = self.policy()
        try:
            if approver_id is None:
                self._save(policy)
            else:
                self._save(policy, approver_id)
        except PermissionDeniedError as error:
            # A supervisor can approve the change on the spot.
            self.error.setText(str(error))
            ask_approval(self, error, lambda approver: self.save(approver))
            return
        except BinwiseError as error:
            self.error.setText(f"Not saved: {error}")
            return
        self.saved = policy
        self.accept()
