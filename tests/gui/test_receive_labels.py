"""After Finish (F10) on the Receive page, the lots just received are named and offered for
printing: the Labels page (F9) has them selected."""

import pytest
from PySide6.QtCore import Qt

from app.db.models import Item, ItemBarcode, PurchaseOrder, PurchaseOrderLine, Supplier, User
from app.stations.base import Level
from app.ui.labels.labels_view import LabelsView
from app.ui.main_window import MainWindow
from app.ui.pages import PAGES
from tests.gui.conftest import EAN13, GTIN, open_page

pytestmark = pytest.mark.gui

SOAP_GTIN = "04012345000115"


@pytest.fixture
def delivery(db):
    supplier = Supplier.create(name="Acme")
    mug = Item.create(sku="MUG-01", name="Mug")
    soap = Item.create(sku="SOAP-01", name="Olive soap", tracking="lot")
    ItemBarcode.create(item=mug, code=GTIN)
    ItemBarcode.create(item=soap, code=SOAP_GTIN)
    po = PurchaseOrder.create(number="PO-2001", supplier=supplier)
    PurchaseOrderLine.create(po=po, item=soap, qty_ordered=4)
    PurchaseOrderLine.create(po=po, item=mug, qty_ordered=2)
    return po


def soap_lot(lot: str) -> str:
    return f"]C101{SOAP_GTIN}10{lot}"


@pytest.fixture
def receive(qtbot, delivery, main_window):
    return open_page(qtbot, main_window, Qt.Key.Key_F2)


def test_finish_names_the_lots_and_the_labels_page_has_them(qtbot, main_window, receive,
                                                           keyboard):
    for code in ("PO-2001", soap_lot("L-77"), soap_lot("L-77"), soap_lot("L-78"), EAN13):
        keyboard.scan(main_window, code)
        assert receive.banner.level is Level.OK, receive.banner.message
    assert not receive.labels_button.isVisible()
    keyboard.key(main_window, Qt.Key.Key_F10)
    assert receive.banner.level is Level.OK
    assert receive.banner.message.endswith(
        "Lots received: SOAP-01 lot L-77 (2), SOAP-01 lot L-78 (1). Press F9 to print their "
        "labels.")
    assert receive.labels_button.isVisible()
    assert receive.labels_button.text() == "Print lot labels\nF9"
    labels = main_window.view_of("Labels")
    assert isinstance(labels, LabelsView)
    chosen = [labels.selection.item(i).text() for i in range(labels.selection.count())]
    assert len(chosen) == 2 and "L-77" in chosen[0] and "L-78" in chosen[1]
    receive.labels_button.click()
    assert main_window.current_view() is labels
    # The next PO starts clean.
    open_page(qtbot, main_window, Qt.Key.Key_F2)
    keyboard.scan(main_window, "PO-2001")
    assert not receive.labels_button.isVisible()


def test_an_undone_lot_is_not_offered(main_window, receive, keyboard):
    for code in ("PO-2001", soap_lot("L-77"), soap_lot("L-99")):
        keyboard.scan(main_window, code)
    keyboard.key(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    keyboard.key(main_window, Qt.Key.Key_F10)
    assert "Lots received: SOAP-01 lot L-77 (1)." in receive.banner.message
    assert "L-99" not in receive.banner.message


def test_nothing_tracked_nothing_offered(main_window, receive, keyboard):
    keyboard.scan(main_window, "PO-2001")
    keyboard.scan(main_window, EAN13)
    keyboard.key(main_window, Qt.Key.Key_F10)
    assert receive.banner.message == "PO-2001 partly received: 0 of 2 lines complete, 5 " \
        "units still open."
    assert not receive.labels_button.isVisible()


def test_without_a_labels_page_the_lots_are_still_named(qtbot, db_path, delivery, scanner,
                                                        silent_sounds, keyboard, show_focused):
    pages = [page for page in PAGES if page.title != "Labels"]
    window = MainWindow(db_path, User.get(User.name == "operator").id, "operator",
                        scanner=scanner, sounds=silent_sounds, pages=pages)
    qtbot.addWidget(window)
    show_focused(window, window.current_view().entry)
    receive = open_page(qtbot, window, Qt.Key.Key_F2)
    for code in ("PO-2001", soap_lot("B1")):
        keyboard.scan(window, code)
    receive.finish()
    assert receive.banner.message.endswith("Lots received: SOAP-01 lot B1 (1).")
    assert not receive.labels_button.isVisible()
