"""Tables on large data: one changed row is updated and measured alone, not the whole table."""

from dataclasses import dataclass, replace

import pytest
from PySide6.QtCore import Qt

from app.ui.widgets.record_model import Column, RecordTableModel
from app.ui.widgets.tables import make_table

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Row:
    key: int
    sku: str
    qty: int


class CountingModel(RecordTableModel):
    """Counts how often a cell's text is asked for: measuring a column asks every row it
    measures."""

    def __init__(self) -> None:
        super().__init__([Column("SKU", lambda r: r.sku), Column("Qty", lambda r: r.qty,
                                                                 numeric=True)],
                         key=lambda r: r.key)
        self.asked = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            self.asked += 1
        return super().data(index, role)


@pytest.fixture
def big_table(qtbot):
    model = CountingModel()
    table = make_table(model, stretch=0)
    qtbot.addWidget(table)
    table.resize(800, 600)
    table.show()
    qtbot.waitExposed(table)
    rows = [Row(n, f"SKU-{n:05d}", 1) for n in range(2000)]
    model.set_rows(rows)
    qtbot.wait(10)
    return table, model, rows


def test_a_changed_row_is_measured_alone(big_table, qtbot, qtmodeltester):
    table, model, rows = big_table
    qtmodeltester.check(model)
    model.asked = 0
    with qtbot.assertNotEmitted(model.modelReset):
        rows[1500] = replace(rows[1500], qty=2)
        model.set_rows(rows)
        qtbot.wait(20)  # Qt measures columns a moment later
    # Before, Qt measured the first thousand rows' cells again for each changed row.
    assert model.asked < 50
    assert model.index(1500, 1).data() == "2"


def test_a_column_widens_for_a_changed_row_and_is_fitted_on_new_rows(big_table, qtbot):
    table, model, rows = big_table
    narrow = table.columnWidth(1)
    rows[3] = replace(rows[3], qty=1234567890123)
    model.set_rows(rows)
    qtbot.wait(20)
    wider = table.columnWidth(1)
    assert wider > narrow
    assert wider >= table.sizeHintForIndex(model.index(3, 1)).width()
    model.set_rows([Row(n, f"SKU-{n:05d}", 1) for n in range(10)])
    qtbot.wait(20)
    assert table.columnWidth(1) < wider


def test_an_added_row_is_measured_alone_and_widens_its_column(big_table, qtbot):
    table, model, rows = big_table
    narrow = table.columnWidth(1)
    model.asked = 0
    model.put_row(Row(5000, "SKU-05000", 98765432101234))
    qtbot.wait(20)
    assert model.asked < 50
    assert table.columnWidth(1) > narrow
