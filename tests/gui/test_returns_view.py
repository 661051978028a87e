"""The Returns page in the real window: Shift+F2, a return slip scanned, units graded by the
returns sheet's barcodes and by keys, the last one undone."""

import pytest
from PySide6.QtCore import Qt

from app.core.returns import quarantine_id
from app.db.models import Quant
from app.stations.base import Level
from app.ui.returns.returns_model import COL_RETURNED, COL_SKU
from app.ui.returns.returns_view import ReturnsView
from tests.gui.conftest import cell
from tests.returns_world import MUG, build, shipped_order

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot, db, main_window):
    world = build()
    shipped_order("SO-1", [("MUG", 3)], world["user"])
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)
    page = main_window.current_view()
    qtbot.waitUntil(lambda: page.isVisible())
    assert isinstance(page, ReturnsView)
    page.world = world
    return page


def test_before_a_slip(view):
    assert view.order.text() == "Scan a return slip"
    assert "SELLABLE" in view.grade.text()
    assert not view.undo_button.isEnabled()


def test_return_units_by_scanner_and_keys(qtbot, main_window, view, keyboard):
    keyboard.scan(main_window, "SO-1")
    qtbot.waitUntil(lambda: view.order.text() == "SO-1")
    keyboard.scan(main_window, MUG)
    qtbot.waitUntil(lambda: view.banner.level is Level.OK and "returned" in view.banner.message)
    assert (cell(view.lines_model, 0, COL_SKU), cell(view.lines_model, 0, COL_RETURNED)) == (
        "MUG", "1")
    keyboard.scan(main_window, "#CMD:GRADE:DAMAGED")
    qtbot.waitUntil(lambda: "DAMAGED" in view.grade.text())
    keyboard.scan(main_window, MUG)
    qtbot.waitUntil(lambda: cell(view.lines_model, 0, COL_RETURNED) == "2")
    assert sum(q.qty for q in Quant.select().where(Quant.location == quarantine_id())) == 1
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "SCRAP" in view.grade.text())
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Arrived too late" in view.reason.text())
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: cell(view.lines_model, 0, COL_RETURNED) == "1")
    assert sum(q.qty for q in Quant.select().where(Quant.location == quarantine_id())) == 0
    keyboard.scan(main_window, "SO-404")
    qtbot.waitUntil(lambda: view.banner.level is Level.ERROR)
    assert "Unknown code 'SO-404'" in view.banner.message


def _two_damaged_mugs_to_the_supplier(qtbot, main_window, view, keyboard, tmp_path):
    """Two mugs of SO-1 back damaged (quarantined), then Ctrl+T: the To supplier dialog."""
    from app.config import PrintSettings

    keyboard.scan(main_window, "SO-1")
    keyboard.scan(main_window, "#CMD:GRADE:DAMAGED")
    keyboard.scan(main_window, f"{MUG},2")
    qtbot.waitUntil(lambda: cell(view.lines_model, 0, COL_RETURNED) == "2")
    view.printing = PrintSettings(folder=str(tmp_path))
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(view, "supplier_dialog", None) is not None)
    return view.supplier_dialog


def test_quarantined_stock_goes_back_to_its_supplier_from_the_page(
        qtbot, main_window, view, keyboard, tmp_path):
    from app.db.models import Move, Supplier

    Supplier.create(name="Acme")
    dialog = _two_damaged_mugs_to_the_supplier(qtbot, main_window, view, keyboard, tmp_path)
    assert dialog.supplier.currentText() == "Acme"
    dialog.send_back()
    assert "Set how many" in dialog.error.text()
    dialog.choose("MUG", None, 2)
    dialog.send_back()
    qtbot.waitUntil(lambda: "RTS-00001: 2 unit(s) back to Acme" in view.banner.message)
    assert (tmp_path / "RTS-00001.pdf").read_bytes().startswith(b"%PDF")
    assert sum(q.qty for q in Quant.select().where(Quant.location == quarantine_id())) == 0
    assert Move.select().where(Move.doc_type == "supplier_return").count() == 1
    assert view.minimumSizeHint().width() <= 1024


def test_among_several_suppliers_the_goods_go_where_the_item_was_bought(
        qtbot, main_window, view, keyboard, tmp_path):
    from app.db.models import Move, PurchaseOrder, PurchaseOrderLine, Supplier

    Supplier.create(name="Acme")
    brix = Supplier.create(name="Brix")
    po = PurchaseOrder.create(number="PO-9", supplier=brix)
    PurchaseOrderLine.create(po=po, item=view.world["mug"], qty_ordered=10)
    dialog = _two_damaged_mugs_to_the_supplier(qtbot, main_window, view, keyboard, tmp_path)
    # Not the first name in the list: nobody has chosen yet.
    assert dialog.supplier.currentIndex() == -1
    dialog.send_back()
    assert "Choose the supplier" in dialog.error.text()
    assert Move.select().where(Move.doc_type == "supplier_return").count() == 0
    dialog.choose("MUG", None, 2)
    assert dialog.supplier.currentText() == "Brix"
    dialog.choose("MUG", None, 0)  # nothing going back: nothing chosen for the user
    assert dialog.supplier.currentIndex() == -1
    dialog.choose("MUG", None, 2)
    # Chosen by hand, the supplier stays; a line bought elsewhere is said.
    dialog.supplier.setCurrentIndex(dialog.supplier.findText("Acme"))
    dialog.supplier.activated.emit(dialog.supplier.currentIndex())
    dialog.choose("MUG", None, 1)
    assert dialog.supplier.currentText() == "Acme"
    assert dialog.elsewhere.text() == "Bought elsewhere: MUG from Brix."
    dialog.supplier.setCurrentIndex(dialog.supplier.findText("Brix"))
    dialog.supplier.activated.emit(dialog.supplier.currentIndex())
    assert dialog.elsewhere.text() == ""
    dialog.choose("MUG", None, 2)
    dialog.send_back()
    qtbot.waitUntil(lambda: "RTS-00001: 2 unit(s) back to Brix" in view.banner.message)
