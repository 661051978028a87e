"""The counting pages' tables: today's list of bins, what has been counted in the bin (never
what was expected), the variances waiting for review, the classes and the plan, accuracy per
week or class, and the history of count lines."""

from decimal import Decimal

from app.ui import theme
from app.ui.widgets.record_model import Column, RecordTableModel, RowStyle

KIND_TEXT = {"scheduled": "Scheduled", "adhoc": "Ad hoc", "short": "Short pick",
             "recount": "Recount"}
STATUS_TEXT = {"planned": "to count", "counting": "counting now"}
# What became of a counted line.
LINE_STATUS_TEXT = {"open": "counting now", "ok": "matched", "adjusted": "adjusted (tolerance)",
                    "recount": "recount asked", "review": "waiting for review",
                    "approved": "approved", "rejected": "rejected"}

DUE_BIN, DUE_KIND, DUE_STATUS = range(3)
CNT_SKU, CNT_NAME, CNT_LOT, CNT_COUNTED = range(4)
(REV_BIN, REV_SKU, REV_NAME, REV_LOT, REV_EXPECTED, REV_COUNTED, REV_VARIANCE, REV_VALUE,
 REV_DATE) = range(9)
(HIS_WHEN, HIS_BIN, HIS_KIND, HIS_BY, HIS_SKU, HIS_LOT, HIS_EXPECTED, HIS_COUNTED, HIS_ADJUSTED,
 HIS_STATUS) = range(10)
ACC_GROUP, ACC_BINS, ACC_BIN_PCT, ACC_LINES, ACC_LINE_PCT, ACC_VALUE, ACC_DONE = range(7)

LOSS_TEXT = "#a1151c"
GAIN_TEXT = "#1d4f85"


def money(value: Decimal | float, signed: bool = False) -> str:
    return f"{value:+,.2f}" if signed else f"{value:,.2f}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


class DueModel(RecordTableModel):
    """Rows: `DueBin` records in walking order; the bin being counted is highlighted."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("Bin", lambda d: d.code),
            Column("Kind", lambda d: d.kind, text=lambda d: KIND_TEXT.get(d.kind, d.kind)),
            Column("Status", lambda d: d.status,
                   text=lambda d: STATUS_TEXT.get(d.status, d.status)),
        ]
        super().__init__(columns, key=lambda d: d.code, parent=parent)

    def row_style(self, record) -> RowStyle | None:
        if record.status == "counting":
            return RowStyle(theme.HIGHLIGHT_ROW, None, True, "Being counted now")
        if record.kind == "recount":
            return RowStyle(theme.EXPIRING_ROW, theme.EXPIRING_TEXT, False,
                            "The first count differed: count it again")
        return None


class CountedModel(RecordTableModel):
    """Rows: `CountedLine` records of the bin being counted. Blind: no expected column."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("SKU", lambda c: c.sku),
            Column("Item", lambda c: c.name),
            Column("Lot", lambda c: c.lot),
            Column("Counted", lambda c: c.counted, numeric=True),
        ]
        super().__init__(columns, key=lambda c: (c.sku, c.lot), parent=parent)
        self.last: tuple[str, str | None] | None = None  # the line the last scan added to

    def row_style(self, record) -> RowStyle | None:
        if self.last == (record.sku, record.lot):
            return RowStyle(theme.HIGHLIGHT_ROW, None, True, "The last scan")
        return None


class ReviewModel(RecordTableModel):
    """Rows: `ReviewRow` records (app.core.count_views)."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("Bin", lambda r: r.bin),
            Column("SKU", lambda r: r.sku),
            Column("Item", lambda r: r.name),
            Column("Lot", lambda r: r.lot),
            Column("Expected", lambda r: r.expected, numeric=True),
            Column("Counted", lambda r: r.counted, numeric=True),
            Column("Variance", lambda r: r.variance, numeric=True,
                   text=lambda r: f"{r.variance:+d}"),
            Column("Value", lambda r: float(r.value), numeric=True,
                   text=lambda r: money(r.value, signed=True)),
            Column("Counted on", lambda r: r.counted_on,
                   text=lambda r: r.counted_on.isoformat() if r.counted_on else ""),
        ]
        super().__init__(columns, key=lambda r: r.line_id, parent=parent)

    def cell_style(self, record, column: int) -> RowStyle | None:
        if column in (REV_VARIANCE, REV_VALUE):
            return RowStyle(None, LOSS_TEXT if record.variance < 0 else GAIN_TEXT, True)
        return None


class ClassPlanModel(RecordTableModel):
    """Rows: `ClassPlan` records, A to C."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("Class", lambda p: p.klass),
            Column("Items", lambda p: p.items, numeric=True),
            Column("Annual value", lambda p: float(p.value), numeric=True,
                   text=lambda p: money(p.value)),
            Column("Bins", lambda p: p.bins, numeric=True),
            Column("Counted every", lambda p: p.interval, numeric=True,
                   text=lambda p: f"{p.interval} working days"),
            Column("Bins a day", lambda p: p.per_day, numeric=True,
                   text=lambda p: f"about {p.per_day:.1f}"),
            Column("Accepted variance", lambda p: p.tolerance.units,
                   text=lambda p: f"{p.tolerance.units} units or {p.tolerance.percent:g} %"),
        ]
        super().__init__(columns, key=lambda p: p.klass, parent=parent)


def group_text(group: str) -> str:
    # Ad-hoc and short-pick counts have no class of their own.
    return "No class" if group == "-" else group


class AccuracyModel(RecordTableModel):
    """Rows: `AccuracyRow` records grouped by week or by class; the header of the first column
    says which."""

    def __init__(self, group_header: str = "Week", parent=None) -> None:
        columns = [
            Column(group_header, lambda a: a.group, text=lambda a: group_text(a.group)),
            Column("Bins", lambda a: a.bins_counted, numeric=True),
            Column("Bins exact", lambda a: a.bin_accuracy, numeric=True,
                   text=lambda a: percent(a.bin_accuracy)),
            Column("Lines", lambda a: a.lines_counted, numeric=True),
            Column("Lines exact", lambda a: a.line_accuracy, numeric=True,
                   text=lambda a: percent(a.line_accuracy)),
            Column("Adjusted", lambda a: a.adjustment_value, numeric=True,
                   text=lambda a: money(a.adjustment_value)),
            Column("Done / planned", lambda a: a.done, numeric=True,
                   text=lambda a: f"{a.done} / {a.planned}"),
        ]
        super().__init__(columns, key=lambda a: a.group, parent=parent)

    def cell_style(self, record, column: int) -> RowStyle | None:
        if column == ACC_DONE and record.done < record.planned:
            return RowStyle(None, LOSS_TEXT, True, "Some planned counts were not done")
        return None


class HistoryModel(RecordTableModel):
    """Rows: `HistoryLine` records (app.core.counting), newest first."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("When (UTC)", lambda h: h.when),
            Column("Bin", lambda h: h.bin),
            Column("Kind", lambda h: h.kind, text=lambda h: KIND_TEXT.get(h.kind, h.kind)),
            Column("Counted by", lambda h: h.counted_by),
            Column("SKU", lambda h: h.sku),
            Column("Lot", lambda h: h.lot),
            Column("Expected", lambda h: h.expected, numeric=True),
            Column("Counted", lambda h: h.counted, numeric=True),
            Column("Adjusted", lambda h: h.adjusted, numeric=True,
                   text=lambda h: f"{h.adjusted:+d}" if h.adjusted else "0"),
            Column("Status", lambda h: h.status,
                   text=lambda h: LINE_STATUS_TEXT.get(h.status, h.status)),
        ]
        super().__init__(columns, parent=parent)

    def cell_style(self, record, column: int) -> RowStyle | None:
        if column == HIS_ADJUSTED and record.adjusted:
            return RowStyle(None, LOSS_TEXT if record.adjusted < 0 else GAIN_TEXT, True)
        if column == HIS_STATUS and record.status == "review":
            return RowStyle(theme.EXPIRING_ROW, theme.EXPIRING_TEXT, True,
                            "A supervisor decides it on the Review tab (Ctrl+1)")
        return None
