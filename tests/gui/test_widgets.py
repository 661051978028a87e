"""The banner, the prompt, the lines table model and the entry box on their own."""

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.stations.base import Level
from app.ui import theme
from app.ui.receive.receive_model import (
    COL_NAME,
    COL_ORDERED,
    COL_RECEIVED,
    COL_REMAINING,
    COL_SKU,
    LINE_ROLE,
    SORT_ROLE,
    ReceiveLinesModel,
)
from app.ui.widgets.entry_box import EntryBox
from app.ui.widgets.feedback_banner import FeedbackBanner, PromptLabel

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Line:
    line_id: int
    sku: str
    name: str
    ordered: int
    received: int

    @property
    def remaining(self) -> int:
        return max(0, self.ordered - self.received)


LINES = [Line(1, "MUG-01", "Mug", 10, 0), Line(2, "TEA-01", "Tea", 4, 4),
         Line(3, "SOAP-01", "Soap", 5, 2)]


def test_banner_colour_and_text_follow_the_level(qtbot):
    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    for level in Level:
        banner.show_feedback(level, f"{level.value} message")
        assert banner.level is level
        assert banner.message == f"{level.value} message"
        assert theme.LEVEL_COLOURS[level].background in banner.styleSheet()
    banner.resize(900, 100)
    banner.show_feedback(Level.ERROR, "Unknown code")
    image = banner.grab().toImage()
    assert image.pixelColor(6, 50) == QColor(theme.LEVEL_COLOURS[Level.ERROR].background)


def test_banner_and_prompt_are_large(qtbot):
    banner, prompt = FeedbackBanner(), PromptLabel("Scan a purchase order")
    qtbot.addWidget(banner)
    qtbot.addWidget(prompt)
    assert banner._message.font().pixelSize() >= 26 and banner._message.font().bold()
    assert prompt.font().pixelSize() >= 34


def test_model_shows_lines_with_native_sort_values(qtmodeltester):
    model = ReceiveLinesModel()
    model.set_lines(LINES, highlight_line_id=3)
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == 5
    index = model.index(0, COL_REMAINING)
    assert model.data(index) == "10"
    assert model.data(index, SORT_ROLE) == 10
    assert model.data(model.index(2, COL_SKU)) == "SOAP-01"
    assert model.data(model.index(1, COL_NAME), LINE_ROLE) == LINES[1]
    assert model.headerData(COL_RECEIVED, Qt.Orientation.Horizontal) == "Received"
    assert model.data(model.index(0, COL_ORDERED), Qt.ItemDataRole.TextAlignmentRole) & \
        Qt.AlignmentFlag.AlignRight


def _background(model, row):
    brush = model.data(model.index(row, COL_SKU), Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if brush else None


def test_model_highlights_the_last_line_and_greys_complete_ones():
    model = ReceiveLinesModel()
    model.set_lines(LINES, highlight_line_id=3)
    assert _background(model, 2) == theme.HIGHLIGHT_ROW
    assert _background(model, 1) == theme.COMPLETE_ROW
    assert _background(model, 0) is None
    fg = model.data(model.index(1, COL_SKU), Qt.ItemDataRole.ForegroundRole)
    assert fg.color().name() == theme.COMPLETE_TEXT
    assert model.data(model.index(2, COL_SKU), Qt.ItemDataRole.FontRole).bold()


def test_model_updates_in_place_with_narrow_data_changed(qtbot):
    model = ReceiveLinesModel()
    model.set_lines(LINES, highlight_line_id=None)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, roles=(): changed.append((a.row(), b.row())))
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_lines([LINES[0], LINES[1], Line(3, "SOAP-01", "Soap", 5, 3)],
                        highlight_line_id=3)
    assert changed == [(2, 2)]
    assert model.data(model.index(2, COL_RECEIVED)) == "3"
    with qtbot.waitSignal(model.modelReset):
        model.set_lines(LINES[:1])
    assert model.rowCount() == 1


def test_entry_box_emits_and_clears(qtbot):
    box = EntryBox("Type here")
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.entered) as signal:
        qtbot.keyClicks(box, "L-2406")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert signal.args == ["L-2406"]
    assert box.text() == ""
    with qtbot.assertNotEmitted(box.entered):
        qtbot.keyClick(box, Qt.Key.Key_Return)  # nothing typed: nothing to enter
    qtbot.keyClicks(box, "oops")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""


def test_entry_box_leaves_ctrl_z_to_the_window(qtbot):
    window = QWidget()
    box = EntryBox("Type here")
    QVBoxLayout(window).addWidget(box)
    qtbot.addWidget(window)
    event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z,
                      Qt.KeyboardModifier.ControlModifier, "\x1a")
    box.event(event)
    assert not event.isAccepted()
    fired: list[bool] = []
    QShortcut(QKeySequence("Ctrl+Z"), window).activated.connect(lambda: fired.append(True))
    window.show()
    qtbot.waitExposed(window)
    box.setFocus()
    qtbot.keyClicks(box, "12")
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True]
    assert box.text() == "12"


def test_a_long_message_shrinks_to_fit_instead_of_being_cut(qtbot):
    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    banner.resize(900, 96)
    banner.show()
    qtbot.waitExposed(banner)
    banner.show_feedback(Level.OK, "+1 MUG-01. 1 of 6 received.")
    short_px = banner._message.font().pixelSize()
    long = ("Lot L2406A17261231 of TEA-GREEN ends in what looks like an expiry date: the "
            "scanner may have lost a GS separator. Type the lot as printed on the label.")
    banner.show_feedback(Level.ERROR, long)
    long_px = banner._message.font().pixelSize()
    assert short_px == theme.BANNER_FONT_PX
    assert long_px < short_px
    label = banner._message
    assert label.heightForWidth(label.width()) <= label.height()
    assert banner.height() == 96  # the window below does not jump


def test_recent_scans_newest_first_and_capped(qtbot):
    from app.ui.widgets.recent_scans import MAX_ENTRIES, RecentScans

    recent = RecentScans()
    qtbot.addWidget(recent)
    for n in range(MAX_ENTRIES + 3):
        recent.add(Level.OK, f"CODE-{n}", "ok")
    recent.add(Level.ERROR, "]C10104012345000016172612311OL2406AAAAAAAAAAAAAAAA", "bad")
    entries = recent.entries()
    assert len(entries) == MAX_ENTRIES
    assert entries[0][0] == "error" and "…" in entries[0][1]
    assert f"CODE-{MAX_ENTRIES + 2}" in entries[1][1]


def test_recent_scans_keep_the_shift_in_readable_text(qtbot):
    from app.ui.widgets.recent_scans import RecentScans

    recent = RecentScans()
    qtbot.addWidget(recent)
    recent.resize(300, 400)
    recent.show()
    for n in range(600):  # an hour and a half of steady scanning
        recent.add(Level.OK, f"CODE-{n}", "ok")
    assert len(recent.entries()) == 600
    assert "CODE-0" in recent.entries()[-1][1]
    assert recent.font().pixelSize() >= theme.BASE_FONT_PX
    bar = recent.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # scrollable
    assert bar.value() == 0  # the newest in view
    bar.setValue(bar.maximum() // 2)
    recent.add(Level.OK, "CODE-600", "ok")
    assert bar.value() > 0  # reading back through the shift is not interrupted


def test_fit_label_shrinks_a_long_code_to_its_width_and_keeps_its_height(qtbot):
    from PySide6.QtGui import QFontMetrics

    from app.ui.widgets.cards import MIN_FIT_PX, fit_label

    label = fit_label(120, bold=True)
    qtbot.addWidget(label)
    label.resize(300, label.sizeHint().height())
    label.show()
    label.setText("A-18-04")
    height = label.sizeHint().height()
    shrunk = label.shown_font()
    assert shrunk.pixelSize() < 120 and label.is_shrunk()
    assert QFontMetrics(shrunk).horizontalAdvance("A-18-04") <= label.contentsRect().width()
    assert label.shown_text() == "A-18-04" and label.toolTip() == ""
    label.setText("A-1")
    assert label.shown_font().pixelSize() == 120 and label.sizeHint().height() == height
    # Past the smallest readable size it ends in "…", with the whole code as its tooltip.
    label.setText("X" * 200)
    assert label.shown_font().pixelSize() == MIN_FIT_PX
    assert label.shown_text().endswith("…") and label.toolTip() == "X" * 200


def test_clamped_label_keeps_a_long_name_to_its_lines(qtbot):
    from app.ui.widgets.cards import name_label

    label = name_label(22, max_lines=2)
    qtbot.addWidget(label)
    label.resize(300, 100)
    label.show()
    label.setText("Mug")
    assert label.shown_lines() == ["Mug"] and label.toolTip() == ""
    long = "Guatemala Antigua Single-Origin Whole Bean Coffee, Medium-Dark Roast, " * 3
    label.setText(long.strip())
    lines = label.shown_lines()
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert label.toolTip() == long.strip() and label.text() == long.strip()
    assert label.heightForWidth(300) == 2 * label.fontMetrics().lineSpacing()
