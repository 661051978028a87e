"""A report's chart: its main figure as bars (value by age, by week, by kind of mover, or the
top twenty items), rebuilt from the report on every `set_points`."""

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from app.ui import theme

BAR_COLOUR = "#2f6fb3"
FONT_PX = 14
# Longer labels (SKUs) than this lie beside horizontal bars, where Qt does not cut them.
SHORT_LABEL = 9


class ReportChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.setObjectName("reportChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().hide()
        self._chart.setTitleFont(theme.font(FONT_PX + 2, bold=True))
        self.categories: list[str] = []

    def set_points(self, title: str, points: Sequence[tuple[str, float]]) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        self.categories = [label for label, _ in points]
        chart.setTitle(title if points else f"{title}: nothing to show")
        if not points:
            return
        sideways = max(len(label) for label in self.categories) > SHORT_LABEL
        if sideways:
            # The first point on top.
            points = list(reversed(points))
        bars = QBarSet(title)
        bars.setColor(QColor(BAR_COLOUR))
        bars.append([float(value) for _, value in points])
        series = QHorizontalBarSeries() if sideways else QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        labels = QBarCategoryAxis()
        labels.append([label for label, _ in points])
        values = QValueAxis()
        top = max((value for _, value in points), default=0.0)
        values.setRange(min(0.0, min(v for _, v in points)), top * 1.1 if top > 0 else 1)
        # Few ticks: a narrow chart's numbers must not run into each other.
        values.setTickCount(4)
        values.applyNiceNumbers()
        values.setLabelFormat("%.0f" if top >= 10 else "%.1f")
        for axis in (labels, values):
            axis.setLabelsFont(theme.font(FONT_PX))
        chart.addAxis(labels, Qt.AlignmentFlag.AlignLeft if sideways
                      else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if sideways
                      else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(labels)
        series.attachAxis(values)
