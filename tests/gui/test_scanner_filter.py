"""The application-wide scanner filter: bursts become scans whatever has focus, typing reaches
the focused widget unchanged and in order."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.scanning.wedge import WedgeSettings
from app.ui.scanner.scanner_filter import GS, ScannerFilter, key_event_for, scan_char

pytestmark = pytest.mark.gui


class Form(QWidget):
    """A window with two text fields, like any dialog a scan may land in."""

    def __init__(self) -> None:
        super().__init__()
        self.first = QLineEdit()
        self.second = QLineEdit()
        self.returns: list[str] = []
        self.first.returnPressed.connect(lambda: self.returns.append(self.first.text()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.first)
        layout.addWidget(self.second)


@pytest.fixture
def form(qtbot, show_focused):
    window = Form()
    qtbot.addWidget(window)
    show_focused(window, window.first)
    return window


def test_fast_burst_is_a_scan_and_never_reaches_the_text_field(qtbot, scanner, keyboard, form):
    with qtbot.waitSignal(scanner.scan_received, timeout=1000) as signal:
        keyboard.scan(form, "4012345000016")
    assert signal.args == ["4012345000016"]
    qtbot.wait(150)  # past any flush: nothing may arrive late
    assert form.first.text() == ""
    assert form.returns == []  # the terminator was swallowed with the scan


def test_tab_terminated_scan_does_not_move_focus(qtbot, scanner, keyboard, form):
    with qtbot.waitSignal(scanner.scan_received, timeout=1000) as signal:
        keyboard.scan(form, "PO-1001", terminator="\t")
    assert signal.args == ["PO-1001"]
    qtbot.wait(100)
    assert form.first.hasFocus()
    assert form.first.text() == form.second.text() == ""


def test_slow_typing_lands_in_the_focused_field(qtbot, scanner, keyboard, form):
    with qtbot.assertNotEmitted(scanner.scan_received, wait=200):
        keyboard.type(form, "Lot a7", 100)
    qtbot.waitUntil(lambda: form.first.text() == "Lot a7", timeout=1000)
    assert scanner.detector.pending == ""


def test_slow_enter_reaches_the_field_as_return(qtbot, scanner, keyboard, form):
    keyboard.person(form, "12\r")
    qtbot.waitUntil(lambda: form.returns == ["12"], timeout=1000)


def test_slow_tab_moves_focus_like_a_person_expects(qtbot, scanner, keyboard, form):
    keyboard.person(form, "ab\tc")
    qtbot.waitUntil(lambda: form.second.text() == "c", timeout=1000)
    assert form.first.text() == "ab"


def test_group_separator_is_kept_inside_the_scan(qtbot, scanner, keyboard, form):
    code = "]C1010401234500001610L2406A" + GS + "17261231"
    with qtbot.waitSignal(scanner.scan_received, timeout=1000) as signal:
        keyboard.scan(form, code)
    assert signal.args == [code]
    assert form.first.text() == ""


def test_gs_as_ctrl_bracket_key_event_is_kept(qtbot, scanner, keyboard, form):
    # Exactly what a scanner sends for GS on a US layout.
    keyboard.now += 1000
    start = keyboard.now
    for i, char in enumerate("10AB"):
        keyboard.send(form, keyboard.press(char, start + i * 3))
    gs = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_BracketRight,
                   Qt.KeyboardModifier.ControlModifier, "\x1d")
    gs.setTimestamp(start + 12)
    keyboard.send(form, gs)
    with qtbot.waitSignal(scanner.scan_received, timeout=1000) as signal:
        for i, char in enumerate("21X\r"):
            keyboard.send(form, keyboard.press(char, start + 15 + i * 3))
    assert signal.args == ["10AB\x1d21X"]


def test_back_to_back_scans_are_neither_lost_nor_merged(qtbot, scanner, keyboard, form):
    got: list[str] = []
    scanner.scan_received.connect(got.append)
    codes = [f"BIN-{n:02d}" for n in range(10)]
    for code in codes:
        keyboard.now += 2  # scans only 2 ms apart
        keyboard.type(form, code + "\r", 3)
    assert got == codes
    qtbot.wait(100)
    assert form.first.text() == ""


def test_scan_right_after_typing_keeps_both_apart(qtbot, scanner, keyboard, form):
    got: list[str] = []
    scanner.scan_received.connect(got.append)
    keyboard.person(form, "5")
    keyboard.now += 200
    keyboard.type(form, "4012345000016\r", 4)
    assert got == ["4012345000016"]
    qtbot.waitUntil(lambda: form.first.text() == "5", timeout=1000)
    qtbot.wait(100)
    assert form.first.text() == "5"


def test_each_key_is_fed_once_although_the_filter_sees_it_at_every_step(
        qtbot, scanner, keyboard, form):
    keyboard.person(form, "xy")
    qtbot.waitUntil(lambda: form.first.text() == "xy", timeout=1000)
    qtbot.wait(100)
    assert form.first.text() == "xy"


def test_keys_without_text_pass_through_after_held_characters(qtbot, scanner, keyboard, form):
    keyboard.person(form, "ab")
    # Left arrow while "b" may still be held: "b" must be typed before the cursor moves.
    keyboard.now += 5
    keyboard.key(form, Qt.Key.Key_Left)
    keyboard.person(form, "c")
    qtbot.waitUntil(lambda: form.first.text() == "acb", timeout=1000)


def test_ctrl_shortcuts_pass_through(qtbot, scanner, keyboard, form):
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence("Ctrl+K"), form)
    shortcut.activated.connect(lambda: fired.append(True))
    # Through the window system's path, so the shortcut map gets its turn.
    QTest.keyClick(form.windowHandle(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True]
    assert form.first.text() == ""


def _system_keys(window, keys):
    """Keys through the window system's path (shortcut handling included); QTest stamps them
    one ms apart, like a fast scanner."""
    for key, text, mods in keys:
        for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
            QTest.sendKeyEvent(action, window, key, text, mods)


def test_a_ctrl_bracket_shortcut_cannot_eat_the_gs_of_a_scan(qtbot, scanner, form):
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence("Ctrl+]"), form)
    shortcut.activated.connect(lambda: fired.append(True))
    plain = Qt.KeyboardModifier.NoModifier
    keys = [(Qt.Key(ord(c)), c, plain) for c in "10AB"]
    keys.append((Qt.Key.Key_BracketRight, "\x1d", Qt.KeyboardModifier.ControlModifier))
    keys += [(Qt.Key(ord(c)), c, plain) for c in "21X"]
    keys.append((Qt.Key.Key_Return, "\r", plain))
    with qtbot.waitSignal(scanner.scan_received, timeout=1000) as signal:
        _system_keys(form.windowHandle(), keys)
    assert signal.args == ["10AB\x1d21X"]
    assert fired == []


def test_without_the_filter_that_shortcut_would_fire(qtbot, form):
    # The other half of the test above: the shortcut is live, so the filter is what saved GS.
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence("Ctrl+]"), form)
    shortcut.activated.connect(lambda: fired.append(True))
    _system_keys(form.windowHandle(), [(Qt.Key.Key_BracketRight, "\x1d",
                                        Qt.KeyboardModifier.ControlModifier)])
    assert fired == [True]


def test_autorepeat_is_typing_not_a_burst(qtbot, scanner, keyboard, form):
    # A held key repeats every few ms: it must not turn into a scan.
    keyboard.now += 1000
    got: list[str] = []
    scanner.scan_received.connect(got.append)
    for i in range(6):
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier,
                          "a", i > 0)
        event.setTimestamp(keyboard.now + i * 5)
        keyboard.send(form, event)
    keyboard.now += 30
    keyboard.send(form, keyboard.press("\r", keyboard.now))
    qtbot.waitUntil(lambda: form.returns == ["aaaaaa"], timeout=1000)
    assert got == []


def test_shift_alone_does_not_break_a_burst(qtbot, scanner, keyboard, form):
    keyboard.now += 1000
    with qtbot.waitSignal(scanner.scan_received, timeout=1000) as signal:
        for char in "AB-12\r":
            if char.isupper():
                keyboard.now += 2
                shift = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift,
                                  Qt.KeyboardModifier.ShiftModifier, "")
                shift.setTimestamp(keyboard.now)
                keyboard.send(form, shift)
            keyboard.now += 3
            keyboard.send(form, keyboard.press(char, keyboard.now))
    assert signal.args == ["AB-12"]


def test_terminator_less_scanner_is_flushed_after_silence(qtbot, qapp, keyboard, form):
    settings = WedgeSettings(accept_without_terminator=True, flush_after_ms=100)
    scanner_filter = ScannerFilter(settings)
    scanner_filter.install(qapp)
    try:
        with qtbot.waitSignal(scanner_filter.scan_received, timeout=1000) as signal:
            keyboard.now += 1000
            keyboard.type(form, "4012345000016", 4)
        assert signal.args == ["4012345000016"]
        assert form.first.text() == ""
    finally:
        scanner_filter.uninstall(qapp)


def test_scan_char_rules(qapp):
    def char(key, mods=Qt.KeyboardModifier.NoModifier, text=""):
        return scan_char(QKeyEvent(QEvent.Type.KeyPress, key, mods, text))

    ctrl = Qt.KeyboardModifier.ControlModifier
    alt = Qt.KeyboardModifier.AltModifier
    assert char(Qt.Key.Key_A, text="a") == "a"
    assert char(Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier, "A") == "A"
    assert char(Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier, "\r") == "\r"
    assert char(Qt.Key.Key_BracketRight, ctrl, "\x1d") == GS
    assert char(Qt.Key.Key_BracketRight, ctrl) == GS  # platforms that give no text
    assert char(Qt.Key(0x0A), text="\n") == "\r"  # Linefeed ends a scan like Enter
    assert char(Qt.Key.Key_F2) is None
    assert char(Qt.Key.Key_Left) is None
    assert char(Qt.Key.Key_Z, ctrl, "\x1a") is None
    assert char(Qt.Key.Key_Return, ctrl, "\r") is None
    assert char(Qt.Key.Key_A, alt, "a") is None
    # AltGr on Windows arrives as Ctrl+Alt with the character it makes.
    assert char(Qt.Key.Key_At, ctrl | alt, "@") == "@"


def test_key_event_for_round_trips(qapp):
    for text in ("a", "Z", "7", "-", "\r", "\t", GS):
        assert scan_char(key_event_for(text)) == text


@pytest.mark.parametrize("code", ["4000123456789", "00012345678905", "PO-1001", "A-01-100"])
def test_an_auto_repeat_flag_on_a_doubled_character_does_not_split_a_scan(
        qtbot, scanner, keyboard, form, code):
    # X11 flags the second key of a doubled pair as auto-repeat when the machine is busy.
    got: list[str] = []
    scanner.scan_received.connect(got.append)
    keyboard.now += 1000
    for i, char in enumerate(code + "\r"):
        keyboard.now += 3
        repeat = i > 0 and char == code[i - 1]
        event = QKeyEvent(QEvent.Type.KeyPress, key_event_for(char).key(),
                          Qt.KeyboardModifier.NoModifier, char, repeat)
        event.setTimestamp(keyboard.now)
        keyboard.send(form, event)
    qtbot.waitUntil(lambda: got == [code], timeout=1000)
    qtbot.wait(120)
    assert got == [code] and form.first.text() == "" and form.returns == []
