"""Inventory record accuracy on the Counts page: rows by week and by class, counts done against
planned, the period selector, and the chart, drawn offscreen without a warning."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.core import count_views
from app.core.count_policy import CountPolicy
from app.db.models import Count
from app.stations.base import Scan
from app.stations.count import CountStation
from app.ui.count.count_models import (
    ACC_BIN_PCT,
    ACC_DONE,
    ACC_GROUP,
    ACC_LINE_PCT,
    ACC_VALUE,
    AccuracyModel,
)
from app.ui.counts.accuracy_view import AccuracyPanel
from tests.gui.test_count_view import MUG_QTY, build_count_world, cell, column

pytestmark = pytest.mark.gui

TODAY = date(2026, 11, 25)  # a Wednesday of 2026-W48


def count_on(world, day: date, code: str, klass: str, qty: int | None) -> None:
    """A scheduled count of `code` on `day`, counted as holding `qty` of its item (None: left
    undone)."""
    Count.create(location=world.bins[code], kind="scheduled", planned_for=day, klass=klass)
    if qty is None:
        return
    station = CountStation(world.user_id, today=lambda: day, policy=CountPolicy())
    station.handle(Scan(code))
    item = "MUG-01" if code == "A-01" else "TEA-01"
    station.handle(Scan(item, qty=qty))
    if station.awaiting == "lot":
        station.enter("T1")
    station.close()


@pytest.fixture
def world(db):
    world = build_count_world()
    count_on(world, date(2026, 9, 28), "A-02", "A", 6)  # W40: only in the longer periods
    count_on(world, date(2026, 11, 9), "A-01", "C", MUG_QTY)  # W46: exact
    count_on(world, date(2026, 11, 16), "A-01", "C", MUG_QTY - 1)  # W47: one short, adjusted
    count_on(world, date(2026, 11, 17), "A-02", "A", 6)  # W47: exact
    count_on(world, date(2026, 11, 23), "A-03", "C", None)  # W48: planned, not done yet
    return world


@pytest.fixture
def panel(qtbot, world):
    widget = AccuracyPanel(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 560)
    widget.refresh()
    return widget


def test_by_week(panel):
    model = panel.week_model
    assert panel.weeks == 8
    assert column(model, ACC_GROUP) == ["2026-W46", "2026-W47", "2026-W48"]
    assert column(model, ACC_BIN_PCT) == ["100.0 %", "50.0 %", "–"]
    assert column(model, ACC_LINE_PCT) == ["100.0 %", "50.0 %", "–"]
    assert column(model, ACC_VALUE) == ["0.00", "2.50", "0.00"]  # one mug at 2.50
    assert column(model, ACC_DONE) == ["1 / 1", "2 / 2", "0 / 1"]
    # Planned but not done is in red.
    assert cell(model, 2, ACC_DONE, Qt.ItemDataRole.FontRole).bold()
    assert cell(model, 0, ACC_DONE, Qt.ItemDataRole.FontRole) is None
    assert panel.summary.text() == ("Since 5 Oct 2026: 3 of 4 counts done · bins exact 66.7 % · "
                                    "lines exact 66.7 % · adjusted 2.50")


def test_by_class(panel):
    rows = {r.group: r for r in panel.class_model.rows()}
    assert sorted(rows) == ["A", "C"]
    assert (rows["A"].bins_counted, rows["A"].bins_exact, rows["A"].planned) == (1, 1, 1)
    assert (rows["C"].bins_counted, rows["C"].bins_exact, rows["C"].done, rows["C"].planned) \
        == (2, 1, 2, 3)
    assert panel.class_model.headerData(ACC_GROUP, Qt.Orientation.Horizontal) == "Class"


def test_the_period_selector(qtbot, panel):
    panel.set_weeks(13)
    assert panel.period.currentText() == "Last 13 weeks"
    assert column(panel.week_model, ACC_GROUP)[0] == "2026-W40"
    assert [r.group for r in panel.class_model.rows()] == ["A", "C"]
    assert panel.class_model.rows()[0].bins_counted == 2
    panel.set_weeks(4)
    assert column(panel.week_model, ACC_GROUP) == ["2026-W46", "2026-W47", "2026-W48"]
    assert [panel.period.itemText(i) for i in range(panel.period.count())] == \
        ["Last 4 weeks", "Last 8 weeks", "Last 13 weeks", "Last 52 weeks"]


def test_the_chart(qtbot, panel):
    chart = panel.chart
    assert chart.categories == ["W46", "W47", "W48"]
    names = [series.name() for series in chart.chart_series()]
    assert names == ["", "Bins exact %", "Lines exact %"]  # the bars, then the two lines
    bars = chart.chart_series()[0].barSets()[0]
    assert bars.label() == "Adjusted value"
    assert [bars.at(i) for i in range(bars.count())] == [0.0, 2.5, 0.0]
    bins = chart.chart_series()[1]
    # W48 has no closed count: no point rather than 0 %.
    assert [(p.x(), p.y()) for p in bins.points()] == [(0, 100.0), (1, 50.0)]
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.grab().isNull()


def test_no_counts_yet(qtbot, db):
    build_count_world()
    widget = AccuracyPanel(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.week_model.rowCount() == 0
    assert widget.summary.text() == "Since 5 Oct 2026: no counts planned yet."
    assert widget.chart.chart().title() == "No counts in these weeks yet"
    widget.show()
    qtbot.waitExposed(widget)
    assert not widget.grab().isNull()


def test_fifty_two_weeks_stand_their_labels_on_end(qtbot, panel):
    rows = [count_views.AccuracyRow(f"2026-W{n:02d}", 1, 1, 1, 1, 0.0, 1, 1)
            for n in range(1, 20)]
    panel.chart.set_rows(rows)
    axis = panel.chart.chart().axes(Qt.Orientation.Horizontal)[0]
    assert axis.labelsAngle() == -90
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.grab().isNull()


def test_model(qtmodeltester, panel):
    qtmodeltester.check(panel.week_model)
    qtmodeltester.check(panel.class_model)
    model = AccuracyModel("Class")
    model.set_rows(count_views.accuracy_report(52, TODAY).by_class)
    qtmodeltester.check(model)
