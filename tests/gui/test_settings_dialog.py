"""The settings dialog: opened with F12 or Ctrl+,, saved with config.save, followed at once by
the scanner filter, the stations and the sounds; the scanner test tab fed by real scans."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app import config
from app.config import ScannerSettings, Settings
from app.db.models import User
from app.stations.base import Level
from app.ui.main_window import MainWindow
from app.ui.scanner.scanner_check import GS
from app.ui.settings.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui

GS1_SCAN = "]C1" "0104012345000016" "10TEST-LOT" + GS + "17271231"


@pytest.fixture
def settings_file(tmp_path):
    return tmp_path / "settings.json"


@pytest.fixture
def window(qtbot, db, db_path, scanner, silent_sounds, show_focused, settings_file):
    settings = Settings(scanner=ScannerSettings(gs_substitutes="#"))
    main = MainWindow(db_path, User.get(User.name == "operator").id, "operator",
                      scanner=scanner, sounds=silent_sounds, settings=settings,
                      save_settings=lambda s: config.save(s, settings_file))
    qtbot.addWidget(main)
    main.resize(1366, 768)
    show_focused(main, main.current_view().entry)
    return main


def open_dialog(qtbot, window, keyboard, key=Qt.Key.Key_F12,
                mods=Qt.KeyboardModifier.NoModifier) -> SettingsDialog:
    keyboard.key(window, key, mods)
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_f12_and_ctrl_comma_open_it(qtbot, window, keyboard):
    dialog = open_dialog(qtbot, window, keyboard)
    assert dialog.gap.value() == 50 and dialog.gs_substitutes.text() == "#"
    dialog.reject()
    dialog = open_dialog(qtbot, window, keyboard, Qt.Key.Key_Comma,
                         Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.tabText(2) == "Scanner test"


def test_saving_stores_the_settings_and_everything_follows_them(qtbot, window, keyboard,
                                                                settings_file):
    dialog = open_dialog(qtbot, window, keyboard)
    dialog.gap.setValue(80)
    dialog.min_length.setValue(6)
    dialog.no_terminator.setChecked(True)
    dialog.flush_after.setValue(150)
    dialog.prefix.setText("*")
    dialog.gs_substitutes.setText("#$")
    dialog.sounds_on.setChecked(False)
    dialog.day_first.setChecked(True)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    saved = config.load(settings_file)
    assert saved.scanner == replace(ScannerSettings(), max_gap_ms=80, min_length=6,
                                    accept_without_terminator=True, flush_after_ms=150,
                                    prefix="*", gs_substitutes="#$", day_first_dates=True)
    assert saved.sounds is False
    assert window.settings == saved
    assert window.scanner.settings == saved.scanner.wedge()
    assert window.scanner.detector.settings.max_gap_ms == 80
    assert not window.sounds.enabled
    lookup = window.view_of("Lookup")
    assert lookup.station.decode_config.gs_substitutes == ("#", "$")
    assert lookup.station.decode_config.prefix == "*"
    assert window.view_of("Receive").station.decode_config.day_first_dates
    assert window.view_of("Orders").decode_config.prefix == "*"
    assert window.view_of("Labels").decode_config.prefix == "*"
    assert "Settings saved" in window.statusBar().currentMessage()


def test_the_new_prefix_is_stripped_from_the_next_scan(qtbot, window, keyboard, warehouse):
    dialog = open_dialog(qtbot, window, keyboard)
    dialog.prefix.setText("*")
    dialog.save()
    keyboard.scan(window, "*A-01-01")
    assert window.current_view().heading.text() == "Bin A-01-01"


def test_a_gs_substitute_that_can_be_data_is_refused(qtbot, window, keyboard, settings_file):
    dialog = open_dialog(qtbot, window, keyboard)
    dialog.gs_substitutes.setText("#-")
    dialog.save()
    assert dialog.isVisible()
    assert "'-' can be part of a code" in dialog.error.text()
    assert not settings_file.exists()


def test_a_failed_save_keeps_the_dialog_open(qtbot, window, keyboard):
    def full_disk(settings):
        raise OSError("No space left on device")

    window._save_settings = full_disk
    dialog = open_dialog(qtbot, window, keyboard)
    dialog.gap.setValue(70)
    dialog.save()
    assert dialog.isVisible()
    assert "No space left on device" in dialog.error.text()
    assert window.settings.scanner.max_gap_ms == 50


def test_scanner_test_reports_a_missing_gs(qtbot, window, keyboard):
    heard: list[str] = []
    window.sounds.played.connect(heard.append)
    dialog = open_dialog(qtbot, window, keyboard)
    lookup = window.current_view()
    # A scanner that drops GS: the lot runs into the expiry date.
    keyboard.scan(dialog, GS1_SCAN.replace(GS, ""))
    assert dialog.tabs.currentWidget() is dialog.test_tab
    tab = dialog.test_tab
    assert tab.banner.level is Level.ERROR
    assert tab.banner.message.endswith("Scanner test only: nothing was booked.")
    assert "GS separator after the lot did not arrive" in tab.findings.text()
    assert "Arrived:  ]C1010401234500001610TEST-LOT17271231" in tab.compare.text()
    assert "Expected: ]C1010401234500001610TEST-LOT<GS>17271231" in tab.compare.text()
    assert heard == ["error"]
    # The scan went to the dialog, not to the page behind it.
    assert lookup.heading.text() == "Nothing looked up yet"
    keyboard.scan(dialog, GS1_SCAN)
    assert tab.banner.level is Level.OK
    assert heard == ["error", "ok"]


def test_scanner_test_names_layout_caps_lock_and_missing_aim(qtbot, window, keyboard):
    dialog = open_dialog(qtbot, window, keyboard)
    tab = dialog.test_tab
    keyboard.scan(dialog, "BINWISEßTESTß0123")
    assert "German (QWERTZ)" in tab.findings.text()
    keyboard.scan(dialog, "]c0binwise-test-0123")
    assert "Caps Lock is on" in tab.findings.text()
    keyboard.scan(dialog, "BINWISE-TEST-0123")
    assert tab.banner.level is Level.WARNING
    assert "No AIM identifier" in tab.findings.text()


def test_a_scanner_too_slow_arrives_as_typing(qtbot, window, keyboard):
    dialog = open_dialog(qtbot, window, keyboard)
    dialog.tabs.setCurrentWidget(dialog.test_tab)
    dialog.test_tab.typed.setFocus()
    qtbot.waitUntil(dialog.test_tab.typed.hasFocus)
    keyboard.person(dialog, "]C0BINWISE-TEST-0123\r")
    qtbot.waitUntil(lambda: dialog.test_tab.last is not None, timeout=3000)
    assert "arrived as typing" in dialog.test_tab.findings.text()
    assert "now 50 ms" in dialog.test_tab.findings.text()
    assert dialog.isVisible()  # Enter there does not press Save


def test_unsaved_gs_substitute_counts_in_the_test(qtbot, window, keyboard):
    dialog = open_dialog(qtbot, window, keyboard)
    keyboard.scan(dialog, GS1_SCAN.replace(GS, "$"))
    assert "Add '$' to GS substitutes" in dialog.test_tab.findings.text()
    dialog.gs_substitutes.setText("#$")
    keyboard.scan(dialog, GS1_SCAN.replace(GS, "$"))
    assert dialog.test_tab.banner.level is Level.OK


def test_scans_while_another_dialog_is_open_wait_for_the_page(qtbot, window, keyboard,
                                                              warehouse):
    heard: list[str] = []
    window.sounds.played.connect(heard.append)
    other = QDialog(window)
    other.open()
    qtbot.waitUntil(other.isVisible)
    keyboard.scan(other, "A-01-01")
    assert heard == ["warning"]
    assert "1 scan(s) held: they go to Lookup" in window.statusBar().currentMessage()
    assert window.current_view().heading.text() == "Nothing looked up yet"
    assert other.isVisible()
    other.reject()
    qtbot.waitUntil(lambda: window.current_view().heading.text() == "Bin A-01-01",
                    timeout=2000)
    assert heard == ["warning", "ok"]


def test_scanner_test_tells_a_real_label_from_a_setup_problem(qtbot, window, keyboard,
                                                             receive_world):
    heard: list[str] = []
    window.sounds.played.connect(heard.append)
    dialog = open_dialog(qtbot, window, keyboard)
    tab = dialog.test_tab
    keyboard.scan(dialog, "]E04012345000016")  # the mug's EAN-13, AIM identifier on
    assert tab.banner.level is Level.OK, tab.banner.message
    assert tab.banner.message == ("That is the barcode of item MUG-01 (Mug, blue, 300 ml): the "
                                  "scanner reads real labels correctly. Scanner test only: "
                                  "nothing was booked.")
    assert "scan the two test codes above" in tab.findings.text()
    keyboard.scan(dialog, "4012345000017")  # a digit changed on the way
    assert tab.banner.level is Level.ERROR
    assert tab.banner.message.startswith("That label arrived damaged: ")
    assert "missing GS separator" in tab.findings.text()
    keyboard.scan(dialog, "XQ-55-ZZ")
    assert tab.banner.level is Level.ERROR
    assert tab.banner.message == ("'XQ-55-ZZ' is not a test code, and no item, bin, lot or "
                                  "order here has that code. Scanner test only: nothing was "
                                  "booked.")
    assert heard == ["ok", "error", "error"]
