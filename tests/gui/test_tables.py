"""Tables on large data: one changed row is updated and measured alone, not the whole table."""

import gc
from dataclasses import dataclass, replace

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QModelRoleData, QModelRoleDataSpan, QObject, Qt

from app.ui.widgets.record_model import (
    RECORD_ROLE,
    SORT_ROLE,
    Column,
    RecordTableModel,
    RowStyle,
)
from app.ui.widgets.tables import make_table

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Row:
    key: int
    sku: str
    qty: int


class CountingModel(RecordTableModel):
    """Counts how often a cell's text is worked out: measuring a column asks every row it
    measures (whether Qt asks through data() or multiData())."""

    def __init__(self) -> None:
        super().__init__([Column("SKU", lambda r: self._asked(r.sku)),
                          Column("Qty", lambda r: self._asked(r.qty), numeric=True)],
                         key=lambda r: r.key)
        self.asked = 0

    def _asked(self, value):
        self.asked += 1
        return value


def shown_table(qtbot, model, width: int, height: int):
    table = make_table(model, stretch=0)
    qtbot.addWidget(table)
    table.resize(width, height)
    table.show()
    qtbot.waitExposed(table)
    return table


@pytest.fixture
def big_table(qtbot):
    model = CountingModel()
    table = shown_table(qtbot, model, 800, 600)
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
    table = shown_table(qtbot, model, 800, 600)
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


class StyledModel(RecordTableModel):
    """Short rows amber, with the Qty cell of a row red and bold; counts the calls Qt makes."""

    def __init__(self) -> None:
        super().__init__([Column("SKU", lambda r: r.sku), Column("Qty", lambda r: r.qty,
                                                                 numeric=True)],
                         key=lambda r: r.key)
        self.calls = {"data": 0, "multiData": 0, "cell_look": 0, "row_style": 0}

    def row_style(self, record):
        self.calls["row_style"] += 1
        return RowStyle("#fde7b0", "#6b4a00", False, "short") if record.qty < 3 else None

    def cell_style(self, record, column):
        return RowStyle("#ffdddd", "#b00020", True) if column == 1 and record.qty == 0 else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        self.calls["data"] += 1
        return super().data(index, role)

    def multiData(self, index, roles):  # noqa: N802 (Qt's name)
        self.calls["multiData"] += 1
        return super().multiData(index, roles)

    def cell_look(self, row, number):
        self.calls["cell_look"] += 1
        return super().cell_look(row, number)


def _multi(model, index, role):
    """What multiData() gives for one role."""
    wanted = QModelRoleData(int(role))
    model.multiData(index, QModelRoleDataSpan(wanted))
    return wanted.data()


def test_every_role_of_every_cell_is_the_same_asked_at_once_or_one_by_one():
    model = StyledModel()
    model.set_rows([Row(1, "OK", 5), Row(2, "SHORT", 2), Row(3, "NONE", 0)])
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
             Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
             Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.DecorationRole, SORT_ROLE, RECORD_ROLE]
    for row in range(3):
        for column in range(2):
            index = model.index(row, column)
            for role in roles:
                assert _multi(model, index, role) == model.data(index, role), (row, column, role)
    assert _multi(model, model.index(2, 1), Qt.ItemDataRole.ForegroundRole).color().name() \
        == "#b00020"
    assert _multi(model, model.index(1, 0), Qt.ItemDataRole.ToolTipRole) == "short"
    assert _multi(model, model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert _multi(model, QModelIndex(), Qt.ItemDataRole.DisplayRole) is None


def test_a_painted_cell_asks_the_model_once_and_its_row_works_its_look_out_once(qtbot):
    """Qt's delegate asks a painted cell for seven roles; the table's painter asks for the
    cell's text and look in one call, and works a row's look out once for all its cells."""
    model = StyledModel()
    table = shown_table(qtbot, model, 400, 300)
    model.set_rows([Row(n, f"SKU-{n}", n % 4) for n in range(4)])
    qtbot.wait(20)
    model.calls = dict.fromkeys(model.calls, 0)
    table.viewport().repaint()
    assert model.calls["data"] == model.calls["multiData"] == 0
    assert model.calls["cell_look"] == 8  # four rows of two cells
    assert model.calls["row_style"] == 4


def test_a_table_dropped_while_shown_is_taken_down_without_an_error(qtbot):
    # Qt still filters the heading's events while the table goes; pytest-qt fails the test on
    # any exception raised inside Qt's calls.
    for _ in range(3):
        model = RecordTableModel([Column("SKU", lambda x: x.sku)], key=lambda x: x.key)
        table = make_table(model, stretch=0)
        table.resize(300, 200)
        table.show()
        qtbot.waitExposed(table)
        model.set_rows([Row(1, "SKU-1", 1), Row(2, "SKU-2", 2)])
        table.close()
        del table, model
        gc.collect()
        qtbot.wait(10)
