"""The Transfer page in the real window: source bin and its contents, what is being moved, the
destination scan; refusals in red; Ctrl+Z."""

import pytest
from PySide6.QtCore import Qt

from app.stations.base import Level
from app.ui import theme
from app.ui.lookup.lookup_model import COL_LOT, COL_SKU
from app.ui.transfer.transfer_view import TransferView
from tests.gui.conftest import EAN13, TEA_GTIN, cell, in_bin, open_page

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot, warehouse, main_window):
    page = open_page(qtbot, main_window, Qt.Key.Key_F6)
    assert isinstance(page, TransferView)
    return page




def test_source_item_quantity_destination(qtbot, main_window, view, keyboard, warehouse):
    assert view.next_step.text() == "Scan the bin to take stock from"
    keyboard.scan(main_window, "A-01-01")
    assert view.source.text() == "A-01-01"
    assert view.contents_title.text() == "In A-01-01"
    assert view.model.rowCount() == 1 and cell(view.model, 0, COL_SKU) == "MUG-01"
    keyboard.scan(main_window, EAN13)
    assert view.moving.text() == "10 × MUG-01"
    assert view.next_step.text() == "Scan the destination bin"
    brush = cell(view.model, 0, COL_SKU, Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == theme.HIGHLIGHT_ROW
    keyboard.person(main_window, "4\r")
    qtbot.waitUntil(lambda: view.moving.text() == "4 × MUG-01", timeout=2000)
    keyboard.scan(main_window, "B-01-01")
    assert view.banner.level is Level.OK, view.banner.message
    assert "Moved 4 × MUG-01 from A-01-01 to B-01-01" in view.banner.message
    assert in_bin("B-01-01", warehouse.mug) == 4
    assert cell(view.model, 0, COL_SKU) == "MUG-01"
    assert view.model.data(view.model.index(0, 5)) == "6"  # left in the source
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.banner.level is Level.WARNING
    assert in_bin("B-01-01", warehouse.mug) == 0


def test_a_bin_with_two_lots_asks_for_the_lot(main_window, view, keyboard):
    keyboard.scan(main_window, "A-01-02")
    keyboard.scan(main_window, TEA_GTIN)
    assert view.next_step.text() == "Scan or type the lot"
    # Both lots of the item are highlighted as the choices.
    for row in range(2):
        brush = cell(view.model, row, COL_SKU, Qt.ItemDataRole.BackgroundRole)
        assert brush.color().name() == theme.HIGHLIGHT_ROW
    keyboard.scan(main_window, "SOON")
    assert view.lot.text() == "Lot SOON"
    assert view.moving.text() == "4 × TEA-01"
    assert [cell(view.model, r, COL_LOT) for r in range(2)] == ["OLD", "SOON"]


def test_refusals_are_red(main_window, view, keyboard):
    heard: list[str] = []
    view.sounds.played.connect(heard.append)
    keyboard.scan(main_window, "B-01-01")
    assert view.banner.level is Level.ERROR and "empty" in view.banner.message
    keyboard.scan(main_window, "A-01-01")
    keyboard.scan(main_window, "TEA-01")
    assert view.banner.level is Level.ERROR
    assert "TEA-01 is not in A-01-01" in view.banner.message
    keyboard.scan(main_window, "MUG-01")
    keyboard.scan(main_window, "A-01-01")
    assert "That is A-01-01 itself" in view.banner.message
    assert heard == ["error", "error", "error"]
