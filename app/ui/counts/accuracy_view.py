"""Inventory record accuracy on the Counts page: how often the records were right when a bin was
counted, by week and by class, the value adjusted, and the counts done against those planned,
over the last 4, 8, 13 or 52 weeks.
"""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from app.core import count_views
from app.ui import theme
from app.ui.count.count_models import ACC_GROUP, AccuracyModel, money, percent
from app.ui.count.count_widgets import heading, padded
from app.ui.counts.accuracy_chart import AccuracyChart
from app.ui.widgets.tables import make_table

log = logging.getLogger(__name__)

DEFAULT_WEEKS = 8
TABLE_FONT_PX = 16


class AccuracyPanel(QWidget):
    """The period selector and its totals, the chart, and the tables by week and by class."""

    def __init__(self, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today, ops: Any = count_views) -> None:
        super().__init__(parent)
        self.setObjectName("accuracyPanel")
        self._today = today
        self.ops = ops
        self.week_model = AccuracyModel("Week", self)
        self.class_model = AccuracyModel("Class", self)

        self.period = QComboBox()
        self.period.setObjectName("accuracyPeriod")
        self.period.setMinimumHeight(42)
        self.period.setFont(theme.font(theme.BASE_FONT_PX + 1))
        for weeks in ops.PERIODS:
            self.period.addItem(f"Last {weeks} weeks", weeks)
        self.period.setCurrentIndex(self.period.findData(DEFAULT_WEEKS))
        self.period.currentIndexChanged.connect(self._on_period_current_index_changed)
        self.summary = QLabel()
        self.summary.setObjectName("accuracySummary")
        self.summary.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)

        self.chart = AccuracyChart()
        self.chart.setMinimumWidth(460)
        self.week_table = self._table(self.week_model, "accuracyByWeek")
        self.class_table = self._table(self.class_model, "accuracyByClass")
        tables = QVBoxLayout()
        tables.setSpacing(4)
        tables.addWidget(heading("By week"))
        tables.addWidget(self.week_table, 1)
        tables.addWidget(heading("By class"))
        tables.addWidget(self.class_table)
        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(self.chart, 5)
        middle.addLayout(tables, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        self.setFocusProxy(self.period)

    @staticmethod
    def _table(model: AccuracyModel, name: str) -> QTableView:
        table = padded(make_table(model, ACC_GROUP, font_px=TABLE_FONT_PX))
        table.setObjectName(name)
        table.horizontalHeader().setFont(theme.font(TABLE_FONT_PX - 1, bold=True))
        table.verticalHeader().setDefaultSectionSize(30)
        return table

    @staticmethod
    def _fit_height(table: QTableView) -> None:
        # A handful of classes: the table shows them all and the weeks get the rest.
        rows = max(3, table.model().rowCount())
        table.setFixedHeight(table.horizontalHeader().sizeHint().height()
                             + rows * table.verticalHeader().defaultSectionSize()
                             + 2 * table.frameWidth())

    @property
    def weeks(self) -> int:
        return int(self.period.currentData())

    def set_weeks(self, weeks: int) -> None:
        self.period.setCurrentIndex(self.period.findData(weeks))

    @Slot(int)
    def _on_period_current_index_changed(self, index: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        try:
            report = self.ops.accuracy_report(self.weeks, self._today())
        except Exception:
            log.exception("Could not read the count accuracy")
            return
        self.week_model.set_rows(report.by_week)
        self.class_model.set_rows(report.by_class)
        self._fit_height(self.class_table)
        self.chart.set_rows(report.by_week)
        total = report.total
        since = f"Since {report.start.day} {report.start:%b %Y}"
        if not total.planned:
            self.summary.setText(f"{since}: no counts planned yet.")
            return
        self.summary.setText(
            f"{since}: {total.done} of {total.planned} counts done · bins exact "
            f"{percent(total.bin_accuracy)} · lines exact {percent(total.line_accuracy)} · "
            f"adjusted {money(total.adjustment_value)}")
