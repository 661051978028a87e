"""Tables on large data: one changed row is updated and measured alone, not the whole table."""

from dataclasses import dataclass, replace

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

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


def test_a_row_gone_in_the_middle_and_one_come_at_the_end_change_only_those(
        big_table, qtbot, qtmodeltester):
    """A list read up to a limit (the dock's first 200): one line put away, the next one
    joins at the end, another changed its quantity."""
    table, model, rows = big_table
    qtmodeltester.check(model)
    removed: list[tuple[int, int]] = []
    inserted: list[tuple[int, int]] = []
    changed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda parent, first, last: removed.append((first, last)))
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    model.dataChanged.connect(lambda a, b, roles=(): changed.append((a.row(), b.row())))
    after = rows[:700] + rows[701:] + [Row(9000, "SKU-09000", 4)]
    after[1200] = replace(after[1200], qty=7)
    model.asked = 0
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_rows(after)
        qtbot.wait(20)
    assert removed == [(700, 700)]
    assert inserted == [(1999, 1999)]
    assert changed == [(1200, 1200)]
    assert model.asked < 50
    assert model.rows() == after
    assert model.index(1200, 1).data() == "7"
    assert model.index(1999, 0).data() == "SKU-09000"


def test_rows_in_another_order_or_another_list_reset_the_model(big_table, qtbot):
    table, model, rows = big_table
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([rows[1], rows[0]] + rows[2:])
    assert model.record(0) == rows[1]
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([Row(n, "X", 1) for n in range(5000, 5010)])
    assert model.rowCount() == 10


class TopRowModel(CountingModel):
    """The top row looks different (the oldest in the dock); counts the looks worked out."""

    def __init__(self) -> None:
        super().__init__()
        self.styled = 0

    def row_style(self, record):
        self.styled += 1
        return super().row_style(record)


def test_updating_rows_works_out_no_looks_and_redraws_the_new_top_row(qtbot):
    model = TopRowModel()
    rows = [Row(n, f"SKU-{n:05d}", 1) for n in range(2000)]
    model.set_rows(rows)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, roles=(): changed.append((a.row(), b.row())))
    model.styled = 0
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_rows([replace(r) for r in rows[1:]])  # the oldest taken, the rest read anew
    assert model.styled == 0
    assert changed == [(0, 0)]
    assert model.rowCount() == 1999


def test_new_rows_are_fitted_from_the_rows_on_screen_only(big_table, qtbot):
    table, model, _ = big_table
    model.asked = 0
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.set_rows([Row(n, f"NEW-{n:05d}", 3) for n in range(5000, 7000)])
    # About 16 rows of 36 px fit in 600 px: fitting asked for those, not fifty or a thousand.
    assert 0 < model.asked < 30


class _Paints(QObject):
    """Counts the paints of one widget."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.mark.parametrize("before, after", [(3, 200), (200, 3), (200, 150)],
                         ids=["scroll bar comes", "scroll bar goes", "another long list"])
def test_a_table_given_other_rows_is_painted_once(qtbot, before, after):
    """New rows, a scroll bar that comes or goes and the stretching column that follows it
    are all on screen in one paint, not in a second one after it."""
    model = CountingModel()
    table = make_table(model, stretch=0)
    qtbot.addWidget(table)
    table.resize(800, 600)
    table.show()
    qtbot.waitExposed(table)
    model.set_rows([Row(n, f"SKU-{n:05d}", 1) for n in range(before)])
    qtbot.wait(20)
    paints = _Paints(table.viewport())
    model.set_rows([Row(n, f"NEW-{n:05d}", 22) for n in range(1000, 1000 + after)])
    qtbot.waitUntil(lambda: paints.count >= 1)
    qtbot.wait(50)  # room for a second paint, had one been scheduled
    assert paints.count == 1
    heading = table.horizontalHeader()
    assert heading.sectionSize(0) + heading.sectionSize(1) == table.viewport().width()


def test_a_row_added_alone_is_found_without_reading_every_row_again(qtbot):
    keys = []
    model = RecordTableModel([Column("SKU", lambda r: r.sku)],
                             key=lambda r: keys.append(r.key) or r.key)
    model.set_rows([Row(n, f"SKU-{n:05d}", 1) for n in range(1000)])
    assert model.row_of(999) == 999
    keys.clear()
    assert model.put_row(Row(5000, "NEW", 1)) == 1000
    assert model.put_row(Row(5001, "NEWER", 1)) == 1001
    assert [model.row_of(k) for k in (0, 999, 5000, 5001, 7)] == [0, 999, 1000, 1001, 7]
    assert len(keys) == 2  # the two new rows, not the thousand others
