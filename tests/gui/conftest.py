"""GUI test set-up: a keyboard that types like a scanner or a person, the scanner filter on the
application, and a small receiving world in the test database.

Keys go to the window's QWindow with explicit timestamps, as the window system delivers them;
that is the step the scanner filter watches. The offscreen platform comes from tests/conftest.py.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.db import close_database, open_database
from app.db.models import (
    Item,
    ItemBarcode,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Quant,
    Supplier,
    User,
)
from app.ui.scanner.scanner_filter import ScannerFilter
from app.ui.widgets.sounds import Sounds

GTIN = "04012345000016"  # printed as EAN-13 4012345000016
EAN13 = "4012345000016"
SCANNER_GAP_MS = 4
PERSON_GAP_MS = 120

_SPECIAL = {"\r": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}

# The offscreen platform says this whenever a window with a size constraint is shown; real
# platforms support it, so it says nothing about the code under test.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"
HERE = Path(__file__).parent


# The window's tests stay on a SQLite file, also when BINWISE_TEST_PG moves the others.
@pytest.fixture(scope="session")
def _gui_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("gui-template") / "template.sqlite"
    db = open_database(path)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    return path


@pytest.fixture
def db_url(_gui_template, tmp_path):
    path = tmp_path / "warehouse.sqlite"
    shutil.copy(_gui_template, path)
    return path


@pytest.fixture
def db_path(db_url):
    return db_url


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
        upper = char.upper()
        # Qt's key code is the upper-case letter; 'ß' has none of one character (Key_ssharp).
        key = ord(upper) if len(upper) == 1 else ord(char)
        event = QKeyEvent(QEvent.Type.KeyPress, key, mods, char)
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


TEA_GTIN = "04012345000108"  # printed as EAN-13 4012345000108


@dataclass(frozen=True)
class Warehouse:
    """Two zones of bins, an untracked mug and a tea tracked by expiry, stock in bins (one lot
    expired, one expiring soon, one good) and in the dock."""

    user_id: int
    zones: dict
    bins: dict
    mug: Item
    tea: Item
    lots: dict


@pytest.fixture
def warehouse(db) -> Warehouse:
    from datetime import date, datetime, timedelta

    from app.core import ledger
    from app.core.locations import DOCK, SUPPLIER, system_location
    from app.db.models import Location, Lot

    today = date.today()
    user = User.get(User.name == "operator").id
    site = Location.get(Location.code == "WH")
    zones = {code: Location.create(code=code, kind="zone", parent=site, sequence=n)
             for n, code in enumerate(("A", "B"), 1)}
    bins = {code: Location.create(code=code, kind="bin", parent=zones[code[0]], sequence=n)
            for n, code in enumerate(("A-01-01", "A-01-02", "A-01-03", "B-01-01"), 1)}
    mug = Item.create(sku="MUG-01", name="Mug, blue, 300 ml")
    tea = Item.create(sku="TEA-01", name="Green tea 100 g", tracking="expiry", removal="fefo")
    ItemBarcode.create(item=mug, code=GTIN)
    ItemBarcode.create(item=tea, code=TEA_GTIN)
    lots = {code: Lot.create(item=tea, code=code, expiry=today + timedelta(days=days))
            for code, days in (("OLD", -10), ("SOON", 20), ("LATE", 400))}
    supplier, dock = system_location(SUPPLIER).id, system_location(DOCK).id

    def put(item, lot, where, qty, days_ago):
        ledger.post([ledger.MoveRequest(item.id, lots[lot].id if lot else None, supplier,
                                        where, qty, "receipt")], user,
                    at=datetime.now() - timedelta(days=days_ago))

    put(mug, None, bins["A-01-01"].id, 10, 30)
    put(tea, "OLD", bins["A-01-02"].id, 2, 60)
    put(tea, "SOON", bins["A-01-02"].id, 4, 50)
    put(tea, "LATE", bins["A-01-03"].id, 6, 20)
    put(mug, None, dock, 5, 2)
    put(tea, "LATE", dock, 3, 1)
    return Warehouse(user, zones, bins, mug, tea, lots)


@pytest.fixture
def main_window(qtbot, db, db_path, scanner, silent_sounds, show_focused):
    """The real window on the test database, 1366x768, with a function to open a page by its
    key and put the keyboard in its entry box."""
    from app.ui.main_window import MainWindow

    window = MainWindow(db_path, User.get(User.name == "operator").id, "operator",
                        scanner=scanner, sounds=silent_sounds)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    show_focused(window, window.current_view().entry)
    return window


def open_page(qtbot, window, key: Qt.Key):
    """Press the page's function key in the window, as a person would; returns the view."""
    qtbot.keyClick(window.windowHandle(), key)
    view = window.current_view()
    qtbot.waitUntil(lambda: view.isVisible())
    return view


def cell(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    """What a table model shows in one cell."""
    return model.data(model.index(row, column), role)


def in_bin(code, item=None):
    """Units in a location (of one item, when given)."""
    where = Location.code == code
    if item is not None:
        where &= Quant.item == item
    return sum(q.qty for q in Quant.select().join(Location).where(where))
