"""The Reports page: a report run on the worker, its table, chart and notes; another report
chosen; exported to CSV and printed to PDF."""

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from app.core import ledger
from app.core.locations import system_location
from app.db.models import Item, User
from app.ui.reports.reports_view import ReportsView
from tests.gui.conftest import cell

TODAY = date(2026, 6, 1)


@pytest.fixture
def stock(db):
    user = User.get(User.name == "operator").id
    for sku, qty, cost, day in (("MUG", 8, 5, datetime(2026, 5, 20)),
                                ("CUP", 5, 4, datetime(2026, 1, 2))):
        item = Item.create(sku=sku, name=sku.title(), unit_cost=cost)
        ledger.post([ledger.MoveRequest(item.id, None, system_location("SUPPLIER").id,
                                        system_location("DOCK").id, qty, "receipt")], user,
                    at=day)


def _run(qtbot, view, name):
    with qtbot.waitSignal(view.runner.finished, timeout=10_000):
        if view.name == name:
            view.refresh()
        else:
            view.select_report(name)
            view.refresh()


def test_a_report_with_its_chart_table_and_notes(qtbot, stock, silent_sounds, tmp_path):
    saved = []
    view = ReportsView(silent_sounds, today=lambda: TODAY,
                       ask_path=lambda suggested, filters, then: (
                           saved.append(suggested), then(tmp_path / suggested)))
    qtbot.addWidget(view)
    _run(qtbot, view, "stock-value")
    assert [cell(view.model, r, 0) for r in range(view.model.rowCount())] == [
        "MUG", "CUP", "total"]
    assert cell(view.model, 2, 5) == "60.00"  # 8 x 5 + 5 x 4
    assert view.chart.categories == ["MUG", "CUP"]
    assert "first in first out" in view.notes.text()

    _run(qtbot, view, "aging")
    assert view.model.columnCount() == 3
    assert cell(view.model, 0, 1) == "8" and cell(view.model, 2, 1) == "5"  # 12 and 150 days
    assert view.chart.categories[0] == "0-30"

    view.export_csv()
    view.print_pdf()
    assert saved == ["aging-2026-03-04-2026-06-01.csv", "aging-2026-03-04-2026-06-01.pdf"]
    assert (tmp_path / saved[0]).read_text(encoding="utf-8").startswith("days in stock,")
    assert (tmp_path / saved[1]).read_bytes().startswith(b"%PDF")


def test_a_backwards_period_is_refused(qtbot, stock, silent_sounds):
    view = ReportsView(silent_sounds, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.start.setDate(view.end.date().addDays(1))
    view.refresh()
    assert not view.runner.busy and "after it ends" in view.banner.message


def test_the_report_table_reads_as_headings_and_its_name_column_takes_the_room(
        qtbot, stock, silent_sounds):
    from app.ui.reports.reports_view import column_heading

    assert [column_heading(c) for c in ("sku", "unit_cost", "days in stock", "abc_class")] \
        == ["SKU", "Unit cost", "Days in stock", "ABC class"]
    view = ReportsView(silent_sounds, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    _run(qtbot, view, "stock-value")
    heading = view.table.horizontalHeader()
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "SKU"
    # The columns came with the report: the second one (the name) still stretches.
    assert heading.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert heading.length() == view.table.viewport().width()
