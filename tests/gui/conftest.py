"""GUI test set-up: a keyboard that types like a scanner or a person, the scanner filter on the
application, and a small receiving world in the test database.

Keys go to the window's QWindow with explicit timestamps, as the window system delivers them;
that is the step the scanner filter watches. The offscreen platform comes from tests/conftest.py.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.db.models import Item, ItemBarcode, PurchaseOrder, PurchaseOrderLine, Supplier, User
from app.ui.scanner_filter import ScannerFilter
from app.ui.sounds import Sounds

GTIN = "04012345000016"  # printed as EAN-13 4012345000016
EAN13 = "4012345000016"
SCANNER_GAP_MS = 4
PERSON_GAP_MS = 120

_SPECIAL = {"\r": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}

# The offscreen platform says this whenever a window with a size constraint is shown; real
# platforms support it, so it says nothing about the code under test.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


def key_press(char: str, timestamp: int) -> QKeyEvent:
    """The key press a US keyboard (or a wedge scanner) sends for `char`."""
    if char == "\x1d":
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_BracketRight,
                          Qt.KeyboardModifier.ControlModifier, "\x1d")
    elif char in _SPECIAL:
        event = QKeyEvent(QEvent.Type.KeyPress, _SPECIAL[char], Qt.KeyboardModifier.NoModifier,
                          char)
    else:
        mods = Qt.KeyboardModifier.ShiftModifier if char.isupper() else \
            Qt.KeyboardModifier.NoModifier
        event = QKeyEvent(QEvent.Type.KeyPress, ord(char.upper()), mods, char)
    event.setTimestamp(timestamp)
    return event


@dataclass
class Keyboard:
    """Sends key presses to a window with a clock the test controls."""

    now: int = 100_000

    press = staticmethod(key_press)

    def send(self, window: QWidget, event: QKeyEvent) -> bool:
        handle = window.windowHandle()
        assert handle is not None, "show the window first"
        return QApplication.sendEvent(handle, event)

    def type(self, window: QWidget, text: str, gap_ms: int) -> None:
        for char in text:
            self.now += gap_ms
            self.send(window, key_press(char, self.now))

    def scan(self, window: QWidget, code: str, terminator: str = "\r") -> None:
        """A wedge scanner: a fresh burst after a pause, a few ms a key."""
        self.now += 1000
        self.type(window, code + terminator, SCANNER_GAP_MS)

    def person(self, window: QWidget, text: str) -> None:
        self.now += 1000
        self.type(window, text, PERSON_GAP_MS)

    def key(self, window: QWidget, key: Qt.Key,
            mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, text: str = "") -> bool:
        self.now += PERSON_GAP_MS
        event = QKeyEvent(QEvent.Type.KeyPress, key, mods, text)
        event.setTimestamp(self.now)
        return self.send(window, event)


@pytest.fixture
def keyboard():
    return Keyboard()


@pytest.fixture
def scanner(qapp):
    scanner_filter = ScannerFilter()
    scanner_filter.install(qapp)
    yield scanner_filter
    scanner_filter.uninstall(qapp)


@pytest.fixture
def silent_sounds(qapp):
    sounds = Sounds(enabled=False)
    yield sounds
    sounds.deleteLater()


@pytest.fixture
def show_focused(qtbot):
    """Show a window and put the keyboard focus on one of its widgets, as a click would."""

    def show(window: QWidget, focus: QWidget) -> None:
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        focus.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is focus)

    return show


@dataclass(frozen=True)
class ReceiveWorld:
    user_id: int
    ean13: str  # what the scanner sends for the item's barcode
    po: PurchaseOrder
    item: Item
    line: PurchaseOrderLine


@pytest.fixture
def receive_world(db) -> ReceiveWorld:
    supplier = Supplier.create(name="Acme Mugs")
    item = Item.create(sku="MUG-01", name="Mug, blue, 300 ml")
    ItemBarcode.create(item=item, code=GTIN)
    po = PurchaseOrder.create(number="PO-1001", supplier=supplier)
    line = PurchaseOrderLine.create(po=po, item=item, qty_ordered=3)
    user = User.get(User.name == "operator")
    return ReceiveWorld(user.id, EAN13, po, item, line)
