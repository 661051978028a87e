"""Editing a kit from the Lookup page by keyboard and scanner: Ctrl+K on an item, scan a
component, type how many, Enter; Delete removes; a kit inside itself is refused in the dialog."""

import pytest
from PySide6.QtCore import Qt

from app.core import kits
from app.db.models import Item, ItemBarcode
from app.ui.lookup.lookup_view import LookupView

pytestmark = pytest.mark.gui

GIFT_GTIN = "04012345000023"


@pytest.fixture
def view(warehouse, main_window):
    gift = Item.create(sku="GIFT-01", name="Gift box")
    ItemBarcode.create(item=gift, code=GIFT_GTIN)
    lookup = main_window.current_view()
    assert isinstance(lookup, LookupView)
    return lookup


def test_ctrl_k_builds_a_kit_by_scanning_its_components(qtbot, main_window, view, keyboard):
    keyboard.scan(main_window, "GIFT-01")
    qtbot.waitUntil(lambda: view.heading.text() == "GIFT-01", timeout=2000)
    assert view.kit_button.isEnabled()
    keyboard.key(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = view.kit_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.shown() == []
    # A scanned barcode (the mug's EAN-13) names the component; the quantity is next.
    keyboard.scan(dialog, "4012345000016")
    assert dialog.component.text() == "MUG-01"
    assert dialog.focusWidget() in (dialog.qty, dialog.qty.lineEdit())
    dialog.qty.lineEdit().selectAll()
    qtbot.keyClicks(dialog.qty.lineEdit(), "2")
    qtbot.keyClick(dialog.qty.lineEdit(), Qt.Key.Key_Return)
    assert dialog.shown() == [("MUG-01", 2)]
    assert dialog.focusWidget() is dialog.component and dialog.component.text() == ""
    # Typed, then Enter twice: one of the tea in each kit.
    qtbot.keyClicks(dialog.component, "TEA-01")
    qtbot.keyClick(dialog.component, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.qty.lineEdit(), Qt.Key.Key_Return)
    assert dialog.shown() == [("MUG-01", 2), ("TEA-01", 1)]
    # A barcode's number typed by hand names its item: the mug, now three a kit.
    qtbot.keyClicks(dialog.component, "4012345000016")
    qtbot.keyClick(dialog.component, Qt.Key.Key_Return)
    assert dialog.component.text() == "MUG-01" and dialog.qty.value() == 2
    dialog.qty.lineEdit().selectAll()
    qtbot.keyClicks(dialog.qty.lineEdit(), "3")
    qtbot.keyClick(dialog.qty.lineEdit(), Qt.Key.Key_Return)
    assert dialog.shown() == [("MUG-01", 3), ("TEA-01", 1)]
    # `CODE,QTY` typed: how many per kit too.
    qtbot.keyClicks(dialog.component, "MUG-01,2")
    qtbot.keyClick(dialog.component, Qt.Key.Key_Return)
    assert dialog.component.text() == "MUG-01" and dialog.qty.value() == 2
    qtbot.keyClick(dialog.qty.lineEdit(), Qt.Key.Key_Return)
    assert dialog.shown() == [("MUG-01", 2), ("TEA-01", 1)]
    assert [(c.sku, c.qty) for c in kits.components_of("GIFT-01")] == [("MUG-01", 2),
                                                                       ("TEA-01", 1)]
    # The kit itself is refused, in words, and nothing changes.
    qtbot.keyClicks(dialog.component, "GIFT-01")
    qtbot.keyClick(dialog.component, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.qty.lineEdit(), Qt.Key.Key_Return)
    assert "cannot contain itself" in dialog.error.text()
    assert len(dialog.shown()) == 2
    # Select the tea, Delete: it is no longer part of the kit.
    dialog.table.setFocus()
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.shown() == [("MUG-01", 2)]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.message == "TEA-01 is no longer part of GIFT-01."
    # The page shows the kit again, as it is now.
    qtbot.waitUntil(lambda: "Kit of 2 × MUG-01;" in view.subtitle.text(), timeout=2000)
    # 10 mugs in bin A-01-01 and 5 on the dock are free: 7 kits can be made.
    assert "7 more can be made" in view.subtitle.text()


def test_a_kit_by_scanner_alone(qtbot, main_window, view, keyboard):
    view.handle_scan("GIFT-01")
    view.edit_kit()
    dialog = view.kit_dialog
    qtbot.waitUntil(dialog.isVisible)
    # Two teas and a mug in each kit; the next component's scan saves the one before.
    for code in ("TEA-01", "04012345000108", "MUG-01"):
        keyboard.scan(dialog, code)
    assert dialog.shown() == [("TEA-01", 2)]
    assert (dialog.component.text(), dialog.qty.value()) == ("MUG-01", 1)
    keyboard.scan(dialog, "#CMD:NEWBOX")
    assert "not NEWBOX" in dialog.error.text()
    keyboard.scan(dialog, "#CMD:FINISH")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [(c.sku, c.qty) for c in kits.components_of("GIFT-01")] == [("MUG-01", 1),
                                                                       ("TEA-01", 2)]
    # Cancel drops a component scanned and not saved yet.
    view.edit_kit()
    dialog = view.kit_dialog
    keyboard.scan(dialog, "TEA-01")
    keyboard.scan(dialog, "#CMD:CANCEL")
    keyboard.scan(dialog, "#CMD:FINISH")
    assert [(c.sku, c.qty) for c in kits.components_of("GIFT-01")] == [("MUG-01", 1),
                                                                       ("TEA-01", 2)]


def test_ctrl_k_without_an_item_explains(view):
    view.handle_scan("A-01-01")
    view.edit_kit()
    assert view.kit_dialog is None
    assert "Scan an item first" in view.banner.message
