"""The Pack tab of the settings: the serial scale's port, baud rate and what asks it for a
weight, saved per station and followed by the window at once."""

import pytest

from app import config
from app.ui.pack.scale_reader import request_bytes
from tests.gui import test_settings_dialog
from tests.gui.test_settings_dialog import open_dialog

pytestmark = pytest.mark.gui
window = test_settings_dialog.window  # fixtures: the window with its settings file
settings_file = test_settings_dialog.settings_file


def test_the_scale_port_is_saved_and_opened(qtbot, window, keyboard, settings_file):
    dialog = open_dialog(qtbot, window, keyboard)
    tab = dialog.pack_tab
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "Pack"
    tab.port.setCurrentText("/dev/no-such-scale")
    tab.baud.setCurrentText("4800")
    tab.request.setText(r"SI\r\n")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    scale = config.load(settings_file).scale
    assert (scale.port, scale.baud, scale.request) == ("/dev/no-such-scale", 4800, r"SI\r\n")
    assert window.scale.port_name == "/dev/no-such-scale" and not window.scale.is_open
    assert window.scale.request == b"SI\r\n"
    # Opened again, the form shows what was saved.
    dialog = open_dialog(qtbot, window, keyboard)
    tab = dialog.pack_tab
    assert (tab.port.currentText(), tab.baud.currentText(), tab.request.text()) == (
        "/dev/no-such-scale", "4800", r"SI\r\n")
    dialog.reject()


def test_a_hand_edited_baud_rate_survives_loading(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"scale": {"port": "COM3", "baud": "fast"}}', encoding="utf-8")
    assert config.load(path).scale == config.ScaleSettings(port="COM3", baud=9600)


def test_a_request_with_real_line_ends_in_the_file_survives_saving(qtbot, window, keyboard,
                                                                    settings_file):
    settings_file.write_text('{"scale": {"port": "COM3", "request": "SI\\r\\n"}}',
                             encoding="utf-8")
    window.apply_settings(config.load(settings_file))
    dialog = open_dialog(qtbot, window, keyboard)
    assert dialog.pack_tab.request.text() == r"SI\r\n"
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    saved = config.load(settings_file).scale.request
    assert request_bytes(saved) == b"SI\r\n"
