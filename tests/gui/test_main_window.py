"""The main window: stations on function keys, scans routed to the active one, the status bar."""

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.ui.main_window import MainWindow, describe_since
from app.ui.pages import PAGES, StationPage

pytestmark = pytest.mark.gui


class Page(QLabel):
    """A station view stand-in that remembers its scans."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.scans: list[str] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def handle_scan(self, code: str) -> None:
        self.scans.append(code)


def _page(key: str, title: str) -> StationPage:
    return StationPage(key, title, lambda context: Page(title))


@pytest.fixture
def window(qtbot, db_path, scanner, silent_sounds):
    pages = [_page("F4", "Pick"), _page("F2", "Receive"), _page("F1", "Lookup")]
    main = MainWindow(db_path, 1, "operator", scanner=scanner, sounds=silent_sounds,
                      pages=pages)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def titles(window: MainWindow) -> list[str]:
    return [page.title for page in window.pages]


def test_pages_in_key_order_first_one_open(window):
    assert titles(window) == ["Lookup", "Receive", "Pick"]
    assert window.current_view().text() == "Lookup"
    buttons = window.station_buttons.buttons()
    assert [b.text() for b in buttons] == ["F1\nLookup", "F2\nReceive", "F4\nPick"]
    assert buttons[0].isChecked()


def test_function_keys_switch_stations(qtbot, window):
    handle = window.windowHandle()
    qtbot.keyClick(handle, Qt.Key.Key_F4)
    assert window.current_view().text() == "Pick"
    assert window.station_buttons.checkedButton().text() == "F4\nPick"
    qtbot.keyClick(handle, Qt.Key.Key_F2)
    assert window.current_view().text() == "Receive"
    qtbot.keyClick(handle, Qt.Key.Key_F3)  # no such station yet: nothing happens
    assert window.current_view().text() == "Receive"


def test_station_bar_click_switches(qtbot, window):
    qtbot.mouseClick(window.station_buttons.buttons()[2], Qt.MouseButton.LeftButton)
    assert window.current_view().text() == "Pick"


def test_scans_go_to_the_active_station_only(qtbot, window, keyboard):
    keyboard.scan(window, "PO-1001")
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F2)
    keyboard.scan(window, "4012345000016")
    lookup, receive, pick = window.views
    assert lookup.scans == ["PO-1001"]
    assert receive.scans == ["4012345000016"]
    assert pick.scans == []


@pytest.mark.parametrize("kind", ["window-modal", "application-modal"])
def test_scans_during_a_dialog_are_held_and_delivered_in_order(qtbot, window, keyboard, kind):
    lookup = window.views[0]
    box = QMessageBox(QMessageBox.Icon.Question, "Binwise", "Cancel the order?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    if kind == "window-modal":
        box.open()
    else:
        box.setModal(True)
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.show()
    qtbot.waitExposed(box)
    codes = [f"A-{n:02d}" for n in range(40)]
    for code in codes:
        keyboard.scan(box, code)
    assert lookup.scans == []  # never behind the dialog's back
    assert box.isVisible()  # and no scan's Enter answered it
    assert "40 scan(s) held" in window.statusBar().currentMessage()
    box.done(QMessageBox.StandardButton.No)
    qtbot.waitUntil(lambda: lookup.scans == codes, timeout=2000)
    keyboard.scan(window, "AFTER")
    assert lookup.scans == [*codes, "AFTER"]


def test_status_bar_shows_database_user_and_scanner(qtbot, window, keyboard, db_path):
    assert str(db_path) in window.db_label.text()
    assert window.windowTitle() == f"Binwise — {db_path.name}"
    assert "operator" in window.user_label.text()
    assert window.scanner_label.text() == "Scanner: no scan yet"
    keyboard.scan(window, "PO-1001")
    assert window.scanner_label.text().startswith("Scanner: last scan 0.")
    qtbot.waitUntil(lambda: window.scanner_label.text().endswith(" s ago"), timeout=1000)


def test_describe_since():
    assert describe_since(400) == "0.4 s ago"
    assert describe_since(12_500) == "12 s ago"
    assert describe_since(185_000) == "3 min ago"
    assert describe_since(3_900_000) == "1 h 5 min ago"


def test_the_stations_and_their_keys():
    assert [(p.key, p.title) for p in PAGES] == [
        ("F1", "Lookup"), ("F2", "Receive"), ("Shift+F2", "Returns"), ("F3", "Put away"),
        ("F4", "Pick"), ("Shift+F4", "Pack"), ("F5", "Count"), ("F6", "Transfer"), ("F7", "Orders"),
        ("Shift+F7", "Replenish"),
        ("F9", "Labels"), ("F11", "Counts"), ("Shift+F11", "Reports"), ("Ctrl+H", "Audit")]


def test_real_pages_build_and_lookup_opens_first(qtbot, db, silent_sounds, db_path):
    main = MainWindow(db_path, 1, "operator", sounds=silent_sounds)
    qtbot.addWidget(main)
    assert all(isinstance(v, QWidget) for v in main.views)
    assert main.current_view().title == "Lookup"
    assert [v.title for v in main.views] == [p.title for p in PAGES]


def test_every_station_on_its_function_key(qtbot, main_window):
    handle = main_window.windowHandle()
    keys = {Qt.Key.Key_F1: "Lookup", Qt.Key.Key_F2: "Receive", Qt.Key.Key_F3: "Put away",
            Qt.Key.Key_F4: "Pick", Qt.Key.Key_F6: "Transfer", Qt.Key.Key_F7: "Orders",
            Qt.Key.Key_F9: "Labels", Qt.Key.Key_F5: "Count", Qt.Key.Key_F11: "Counts"}
    for key, title in [*keys.items(), (Qt.Key.Key_F1, "Lookup")]:
        qtbot.keyClick(handle, key)
        assert main_window.current_view().title == title
        assert main_window.station_buttons.checkedButton().text().endswith(title)
    qtbot.keyClick(handle, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert main_window.current_view().title == "Replenish"
    qtbot.keyClick(handle, Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert main_window.current_view().title == "Reports"


def test_stations_decode_with_the_settings(qtbot, db, db_path, silent_sounds):
    from app.config import ScannerSettings, Settings

    settings = Settings(scanner=ScannerSettings(prefix="*", gs_substitutes="$"), sounds=False)
    main = MainWindow(db_path, 1, "operator", sounds=silent_sounds, settings=settings)
    qtbot.addWidget(main)
    for view in main.views:
        station = getattr(view, "station", view)
        assert station.decode_config.prefix == "*", view.title
        assert station.decode_config.gs_substitutes == ("$",)


def test_sounds_follow_the_settings(qtbot, db, db_path):
    from app.config import Settings

    main = MainWindow(db_path, 1, "operator", settings=Settings(sounds=False))
    qtbot.addWidget(main)
    assert not main.sounds.enabled and not main.sounds.audible


class BadgePage(Page):
    badge_changed = Signal(str)


def test_pages_are_built_when_first_opened_and_badges_soon_after_start(qtbot, db_path,
                                                                       silent_sounds):
    built: list[str] = []

    def page(key: str, title: str, kind=Page, preload: bool = False) -> StationPage:
        return StationPage(key, title, lambda context: built.append(title) or kind(title),
                           preload)

    main = MainWindow(db_path, 1, "operator", sounds=silent_sounds, preload_after_ms=50,
                      pages=[page("F1", "Lookup"), page("F2", "Receive"),
                             page("F7", "Replenish", BadgePage, preload=True)])
    qtbot.addWidget(main)
    assert built == ["Lookup"]  # only the page open at start
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: built == ["Lookup", "Replenish"], timeout=2000)
    main.view_of("Replenish").badge_changed.emit("3")
    assert main.badges["Replenish"].text() == "3"
    assert main.current_view().text() == "Lookup"
    qtbot.keyClick(main.windowHandle(), Qt.Key.Key_F2)
    assert built == ["Lookup", "Replenish", "Receive"]
    assert main.current_view().text() == "Receive"
    main.switch_to(0)
    main.switch_to(1)
    assert built == ["Lookup", "Replenish", "Receive"]  # built once


def test_the_station_bar_is_dark_with_light_keys(main_window):
    """The side bar paints its own dark background (a white bar hides the white keys)."""
    image = main_window.grab().toImage()
    bar = main_window.bar.geometry()
    below_the_keys = image.pixelColor(bar.center().x(), bar.bottom() - 4)
    assert below_the_keys.lightness() < 80


def test_a_page_low_in_a_short_window_s_bar_is_scrolled_into_sight(qtbot, main_window):
    """At 768 pixels high the bar scrolls: the marked button of a page opened by its key is
    in sight, not below the fold."""
    main_window.resize(1024, 700)
    qtbot.wait(10)
    last = len(main_window.pages) - 1
    main_window.switch_to(last)
    button = main_window.station_buttons.button(last)
    viewport = main_window.bar.scroller.viewport()
    top_left = button.mapTo(viewport, button.rect().topLeft())
    assert button.isChecked()
    assert 0 <= top_left.y() and top_left.y() + button.height() <= viewport.height()
