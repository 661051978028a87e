"""The accuracy chart: per week, the share of counted bins and of counted lines the records had
right (lines, left axis in percent) and the value of the adjustments posted (bars, right axis).
"""

from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.core.accuracy import AccuracyRow
from app.ui import theme

BIN_COLOUR = "#2f6fb3"
LINE_COLOUR = "#1e7b34"
VALUE_COLOUR = "#f2c46d"
FONT_PX = 15
# More weeks than this and the labels stand on end.
FLAT_LABELS = 13


def week_label(group: str) -> str:
    """"2026-W47" -> "W47": the year is in the period selector."""
    return group.split("-")[-1]


def _axis_style(axis: QAbstractAxis) -> None:
    axis.setLabelsFont(theme.font(FONT_PX))
    axis.setTitleFont(theme.font(FONT_PX, bold=True))


class AccuracyChart(QChartView):
    """Rebuilt from the rows on every `set_rows`: a handful of series, so no diffing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.setObjectName("accuracyChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.legend().setFont(theme.font(FONT_PX))
        self._chart.setTitleFont(theme.font(FONT_PX + 2, bold=True))
        self.categories: list[str] = []

    def chart_series(self) -> list[QAbstractSeries]:
        return self._chart.series()

    def set_rows(self, rows: Sequence[AccuracyRow]) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        self.categories = [week_label(r.group) for r in rows]
        if not rows:
            chart.setTitle("No counts in these weeks yet")
            return
        chart.setTitle("")
        weeks = QBarCategoryAxis()
        weeks.append(self.categories)
        weeks.setLabelsAngle(-90 if len(rows) > FLAT_LABELS else 0)
        share = QValueAxis()
        share.setRange(0, 100)
        share.setLabelFormat("%d %%")
        share.setTitleText("Exact")
        value = QValueAxis()
        value.setLabelFormat("%.0f")
        value.setTitleText("Adjusted value")
        top = max((r.adjustment_value for r in rows), default=0.0)
        value.setRange(0, top * 1.15 if top > 0 else 1)
        value.applyNiceNumbers()
        for axis in (weeks, share, value):
            _axis_style(axis)
        chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(share, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value, Qt.AlignmentFlag.AlignRight)

        # Bars first, so the lines are drawn over them.
        bars = QBarSet("Adjusted value")
        bars.setColor(QColor(VALUE_COLOUR))
        bars.setBorderColor(QColor(VALUE_COLOUR).darker(130))
        bars.append([float(r.adjustment_value) for r in rows])
        bar_series = QBarSeries()
        bar_series.append(bars)
        bar_series.setBarWidth(0.5)
        chart.addSeries(bar_series)
        bar_series.attachAxis(weeks)
        bar_series.attachAxis(value)
        for name, colour, of in (("Bins exact %", BIN_COLOUR, "bin_accuracy"),
                                 ("Lines exact %", LINE_COLOUR, "line_accuracy")):
            line = QLineSeries()
            line.setName(name)
            line.setPen(QPen(QColor(colour), 4))
            line.setPointsVisible(True)
            for index, row in enumerate(rows):
                shown = getattr(row, of)
                # A week without a closed count has no accuracy: no point rather than 0 %.
                if shown is not None:
                    line.append(index, shown)
            chart.addSeries(line)
            line.attachAxis(weeks)
            line.attachAxis(share)
