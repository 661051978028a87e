"""The application-wide scanner event filter: keystrokes in, scans out.

Installed on the QApplication, it sees every key whatever has focus. Key presses are fed with
their window-system timestamps into `BurstDetector`, which decides scan or typing; the filter
only does the Qt side of that:

- It looks at a key press once, at the QWindow delivery step (the first one); the later steps
  (focus widget, its parents) would otherwise feed each character again.
- It holds (swallows) the characters the detector holds. A scan is emitted as `scan_received`
  and never reaches a text field; typing is given back to the focused widget as key events, in
  order, as soon as the detector says it was a person.
- Keys without text (arrows, F-keys) and Ctrl/Alt shortcuts pass through, after any held
  characters were given back, so nothing changes order.
- GS (ASCII 29, often sent as Ctrl+]) is part of GS1 scans: its ShortcutOverride is accepted so
  no shortcut eats it.
"""

from collections import deque

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from app.scanning.wedge import BurstDetector, WedgeEvent, WedgeSettings

GS = "\x1d"

# Pressed alone these change no text; scanners send Shift around capitals, so they must not
# break a burst either.
MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_ScrollLock, Qt.Key.Key_Mode_switch,
})

_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
_META = Qt.KeyboardModifier.MetaModifier

# How a held character is given back as a key.
_SPECIAL_KEYS = {"\r": Qt.Key.Key_Return, "\n": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}


def _is_gs(event: QKeyEvent) -> bool:
    if event.text() == GS:
        return True
    return (event.key() == Qt.Key.Key_BracketRight
            and bool(event.modifiers() & _CTRL) and not event.modifiers() & _ALT)


def scan_char(event: QKeyEvent) -> str | None:
    """The characters this key press adds to a possible scan, or None for keys that pass
    through (no text, or a Ctrl/Alt shortcut)."""
    if _is_gs(event):
        return GS
    mods = event.modifiers()
    key = event.key()
    command = bool(mods & (_CTRL | _ALT | _META))
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return None if command else "\r"
    if key == Qt.Key.Key_Tab:
        return None if command else "\t"
    text = event.text()
    if text == "\n":
        # Linefeed: some scanners (and xdotool) end a code with LF instead of CR.
        return None if command else "\r"
    if not text or not text.isprintable():
        return None
    # Windows reports AltGr as Ctrl+Alt: with printable text that is a character, not a shortcut.
    altgr = bool(mods & _CTRL) and bool(mods & _ALT)
    if command and not altgr:
        return None
    return text


def key_event_for(char: str) -> QKeyEvent:
    """A key press that types `char` into a widget."""
    if char in _SPECIAL_KEYS:
        return QKeyEvent(QEvent.Type.KeyPress, _SPECIAL_KEYS[char],
                         Qt.KeyboardModifier.NoModifier, char)
    if char == GS:
        return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_BracketRight, _CTRL, char)
    upper = char.upper()
    # Qt's key codes for Latin characters are their upper-case code points.
    key = ord(upper) if len(upper) == 1 and ord(upper) < 0x01000000 else Qt.Key.Key_unknown
    mods = Qt.KeyboardModifier.ShiftModifier if char != char.lower() else \
        Qt.KeyboardModifier.NoModifier
    return QKeyEvent(QEvent.Type.KeyPress, key, mods, char)


def _typing_target() -> QWidget | None:
    """The widget a person's keystrokes are meant for: an open popup takes the keyboard."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        return popup.focusWidget() or popup
    return QApplication.focusWidget() or QApplication.activeWindow()


class ScannerFilter(QObject):
    """Turns scanner bursts into `scan_received(code)`, whatever widget has focus."""

    scan_received = Signal(str)

    def __init__(self, settings: WedgeSettings | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or WedgeSettings()
        self.detector = BurstDetector(self.settings)
        self._last_ts = 0
        self._since_last = QElapsedTimer()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        # A coarse timer may fire a little early, before the detector counts the input as
        # quiet, which would cost a second full wait.
        self._flush_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._flush_timer.setInterval(self.settings.max_gap_ms + 1)
        self._flush_timer.timeout.connect(self._on_flush_timeout)
        self._scans: deque[str] = deque()
        self._emitting = False

    def set_settings(self, settings: WedgeSettings) -> None:
        """Use new timings from now on; anything held is given back as typing first."""
        self.flush_pending()
        self.settings = settings
        self.detector = BurstDetector(settings)
        self._flush_timer.setInterval(settings.max_gap_ms + 1)

    def install(self, app: QApplication | None = None) -> None:
        (app or QApplication.instance()).installEventFilter(self)

    def uninstall(self, app: QApplication | None = None) -> None:
        app = app or QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._flush_timer.stop()

    # -- the filter --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            # Accepting the override hands the key to the key-press path instead of the
            # shortcut map, where GS and scanned characters would be lost.
            if scan_char(event) is not None and (not event.isAutoRepeat()
                                                 or self.detector.pending):
                event.accept()
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(watched, QWindow):
            return False
        if event.key() in MODIFIER_KEYS:
            return False
        repeat = event.isAutoRepeat()
        # An auto-repeat inside a burst may be a scanner's doubled character (X11 flags the
        # second "0" of "00" when the machine is busy); the detector tells it from a held key.
        # Outside a burst it is a person holding a key down: it passes through.
        char = None if repeat and not self.detector.pending else scan_char(event)
        if char is None:
            # Held characters were typed before this key: give them back first.
            self.flush_pending()
            return False
        self._feed(char, event.timestamp(), repeat)
        return True

    def _feed(self, char: str, timestamp: int, repeat: bool = False) -> None:
        self._last_ts = timestamp
        self._since_last.start()
        events: list[WedgeEvent] = []
        for c in char:
            events.extend(self.detector.feed(c, timestamp, repeat))
        self._dispatch(events)
        self._arm_timer()

    def _arm_timer(self) -> None:
        if self.detector.pending:
            self._flush_timer.start()
        else:
            self._flush_timer.stop()

    def now_ms(self) -> int:
        """The current time in the clock of the key events' timestamps."""
        if not self._since_last.isValid():
            return self._last_ts
        return self._last_ts + self._since_last.elapsed()

    @Slot()
    def _on_flush_timeout(self) -> None:
        self._dispatch(self.detector.flush(self.now_ms()))
        self._arm_timer()

    def flush_pending(self) -> None:
        """Give back whatever is held as typing, now (before a key that passes through)."""
        self._flush_timer.stop()
        held = self.detector.pending
        if not held:
            return
        self.detector.reset()
        self._dispatch([WedgeEvent("typed", held)])

    # -- results -----------------------------------------------------------------------------

    def _dispatch(self, events: list[WedgeEvent]) -> None:
        for event in events:
            if event.kind == "scan":
                self._scans.append(event.text)
            else:
                self._retype(event.text)
        self._emit_scans()

    def _emit_scans(self) -> None:
        # A slot may spin an event loop (a dialog) and more scans may arrive meanwhile: they
        # wait in the queue and go out in order from the outermost call, never interleaved.
        if self._emitting:
            return
        self._emitting = True
        try:
            while self._scans:
                self.scan_received.emit(self._scans.popleft())
        finally:
            self._emitting = False

    def _retype(self, text: str) -> None:
        for char in text:
            target = _typing_target()
            if target is None:
                return
            # Sent to the widget, not its window: the filter ignores it and Qt still lets an
            # ignored key (Enter in a line edit) travel up to the parents.
            QApplication.sendEvent(target, key_event_for(char))
