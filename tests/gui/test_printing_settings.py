"""The Printing tab of the settings: the slip and label printers, the slip's paper and prices,
saved per station; the seller's name, address and logo saved for the whole warehouse."""

import pytest

from app import config
from app.core import seller
from tests.gui import test_settings_dialog
from tests.gui.test_settings_dialog import open_dialog
from tests.labels.slip_samples import logo_png

pytestmark = pytest.mark.gui
window = test_settings_dialog.window  # fixtures: the window with its settings file
settings_file = test_settings_dialog.settings_file


def test_printers_paper_and_seller_are_saved_and_followed(qtbot, window, keyboard,
                                                           settings_file):
    dialog = open_dialog(qtbot, window, keyboard)
    tab = dialog.printing_tab
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "Printing"
    tab.slip_queue.setText("office")
    tab.label_queue.setText("zebra")
    tab.paper.setCurrentText("4x6")
    tab.gift.setChecked(True)
    tab.seller_name.setText("Acme Coffee")
    tab.seller_address.setPlainText("1 Bean St\n\nLondon E1 6AN")
    tab.set_logo(logo_png())
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    printing = config.load(settings_file).printing
    assert (printing.slip_queue, printing.label_queue, printing.slip_paper,
            printing.slip_gift) == ("office", "zebra", "4x6", True)
    now = seller.load()
    assert (now.name, now.address, now.logo) == ("Acme Coffee", ("1 Bean St", "London E1 6AN"),
                                                 logo_png())
    pack = window.view_of("Pack")
    assert pack.print_settings == printing
    assert (pack.station.slip_paper, pack.station.slip_gift) == ("4x6", True)
    # Opened again, the form shows what was saved.
    dialog = open_dialog(qtbot, window, keyboard)
    assert dialog.printing_tab.seller_name.text() == "Acme Coffee"
    assert dialog.printing_tab.paper.currentText() == "4x6"
    dialog.reject()


def test_a_logo_that_is_no_png_keeps_the_dialog_open(qtbot, window, keyboard, settings_file):
    dialog = open_dialog(qtbot, window, keyboard)
    dialog.printing_tab.set_logo(b"GIF89a not a png")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert "PNG" in dialog.error.text()
    assert dialog.tabs.currentWidget() is dialog.printing_tab
    assert seller.load().logo == b""
    dialog.reject()
