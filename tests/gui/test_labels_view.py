"""The Labels view: choosing and scanning what to print, the preview, and printing through
mocked dialogs to PDF, a system printer and a ZPL queue; the settings it remembers."""

from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtPrintSupport import QPrinter

from app.config import LabelSettings
from app.core.receiving import receive
from app.db.models import (
    Item,
    ItemBarcode,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    User,
)
from app.labels.templates import BinLabel, ItemLabel, LotLabel
from app.stations.base import Level
from app.ui.labels_view import LabelsView
from tests.labels.checks import read
from tests.labels.test_pdf import pages_and_boxes
from tests.labels.test_zpl import formats

pytestmark = pytest.mark.gui

GTIN = "04012345000016"
COFFEE_GTIN = "04012345000108"


class FakeDialogs:
    """Answers the view's dialogs: a save path, and a print preview that prints to a PDF."""

    def __init__(self, save_to: Path | None = None, print_to: Path | None = None,
                 accept: bool = True) -> None:
        self.save_to, self.print_to, self.accept = save_to, print_to, accept
        self.asked: list[str] = []
        self.printer: QPrinter | None = None

    def save_path(self, parent, suggested, filters):
        self.asked.append(filters)
        return str(self.save_to) if self.save_to else None

    def print_preview(self, parent, printer, paint):
        self.printer = printer
        if not self.accept:
            return False
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.print_to))
        paint(printer)
        return True


@pytest.fixture
def receipt_id(db) -> int:
    zone = Location.create(code="A", kind="zone", parent=Location.get(Location.code == "WH"))
    for rack in (1, 2):
        for level in (1, 2, 3):
            Location.create(code=f"A-{rack:02d}-{level:02d}", kind="bin", parent=zone)
    mug = Item.create(sku="MUG-01", name="Mug, blue")
    ItemBarcode.create(item=mug, code=GTIN)
    coffee = Item.create(sku="COF-1", name="Coffee beans 1 kg", tracking="expiry")
    ItemBarcode.create(item=coffee, code=COFFEE_GTIN)
    po = PurchaseOrder.create(number="PO-1", supplier=Supplier.create(name="Acme"))
    PurchaseOrderLine.create(po=po, item=coffee, qty_ordered=5)
    user = User.get(User.name == "operator")
    done = receive(po, coffee, 2, user.id, lot_code="L1", expiry=date(2027, 5, 31))
    receive(po, coffee, 1, user.id, receipt_id=done.receipt_id, lot_code="L2",
            expiry=date(2027, 6, 30))
    return done.receipt_id


@pytest.fixture
def saved():
    return []


@pytest.fixture
def make_view(qtbot, receipt_id, saved):
    def make(settings=None, dialogs=None):
        view = LabelsView(settings or LabelSettings(), saved.append, dialogs or FakeDialogs())
        qtbot.addWidget(view)
        return view

    return make


def choose(view, kind: str, text: str) -> None:
    view.kind.setCurrentIndex(view.kind.findData(kind))
    view.query.setText(text)
    view.add_button.click()


def test_starts_from_the_remembered_settings(make_view):
    view = make_view(LabelSettings(size="4x2in", dpi=203, output="zpl", printer="zebra"))
    assert (view.size.currentData(), view.dpi.currentData(), view.output.currentData()) == \
        ("4x2in", 203, "zpl")
    assert view.printer_name.text() == "zebra"
    assert view.labels() == [] and not view.print_button.isEnabled()


def test_a_range_fills_the_selection_and_the_preview(make_view, qtbot, tmp_path):
    view = make_view(LabelSettings(dpi=203))
    with qtbot.waitSignal(view.selection_changed) as changed:
        choose(view, "bins-range", "A-01-02..A-02-01")
    assert changed.args == [3]
    assert [label.code for label in view.labels()] == ["A-01-02", "A-01-03", "A-02-01"]
    assert view.selection.count() == 3 and view.count.text() == "3 labels"
    assert view.banner.level == Level.OK and view.query.text() == ""
    image = view.preview.pixmap().toImage()
    assert image.width() == 420  # 100 x 50 mm scaled to the preview
    path = tmp_path / "preview.png"
    image.save(str(path))
    with Image.open(path) as preview:
        assert read(preview) == {("CODE128", "A-01-02"): 1}


def test_a_bad_choice_is_shown_and_changes_nothing(make_view, qtbot):
    view = make_view()
    choose(view, "bins-range", "A-01-01..A-01-02")
    with qtbot.waitSignal(view.feedback_shown) as shown:
        choose(view, "bins-range", "A-09-01..A-01-01")
    assert shown.args == ["error"]
    assert "runs backwards" in view.banner.message
    assert view.selection.count() == 2
    choose(view, "items", "MUG-01 NOPE")
    assert view.banner.message == "Unknown SKU: NOPE."


def test_scans_add_bins_items_and_lots(make_view):
    view = make_view()
    view.handle_scan("A-02-03")
    view.handle_scan("4012345000016")
    view.handle_scan("]C101040123450001081727053110L1")
    assert view.labels() == [
        BinLabel("A-02-03", "A"),
        ItemLabel("MUG-01", "Mug, blue", GTIN),
        LotLabel("COF-1", "Coffee beans 1 kg", COFFEE_GTIN, "L1", date(2027, 5, 31)),
    ]
    assert view.banner.message.startswith("Added Lot L1")
    view.handle_scan("NOTHING-HERE")
    assert view.banner.level == Level.ERROR and len(view.labels()) == 3


def test_bin_options_and_copies_apply_to_what_prints(make_view):
    view = make_view()
    choose(view, "bins-range", "A-01-01..A-01-02")
    choose(view, "items", "MUG-01")
    view.qr.setChecked(True)
    view.arrows.setChecked(True)
    view.copies.setValue(2)
    assert view.labels() == [BinLabel("A-01-01", "A", "down", True)] * 2 + \
        [BinLabel("A-01-02", "A", "up", True)] * 2 + [ItemLabel("MUG-01", "Mug, blue", GTIN)] * 2
    assert view.count.text() == "6 labels"


def test_remove_and_clear(make_view):
    view = make_view()
    choose(view, "bins-zone", "A")
    view.selection.setCurrentRow(0)
    view.remove_button.click()
    assert [label.code for label in view.labels()][:1] == ["A-01-02"]
    assert view.selection.count() == 5
    view.clear_button.click()
    assert view.labels() == [] and view.preview.text() == "Nothing chosen yet"


def test_the_lots_just_received_are_offered(make_view, receipt_id):
    view = make_view()
    view.show_receipt(receipt_id)
    assert [label.lot for label in view.labels()] == ["L1", "L2"]
    assert view.kind.currentData() == "receipt"


def test_save_pdf_remembers_the_choice(make_view, qtbot, tmp_path, saved):
    out = tmp_path / "bins.pdf"
    view = make_view(dialogs=FakeDialogs(save_to=out))
    choose(view, "bins-zone", "A")
    view.size.setCurrentIndex(view.size.findData("a4-3x8"))
    view.dpi.setCurrentIndex(view.dpi.findData(600))
    with qtbot.waitSignal(view.labels_printed) as printed:
        view.print_button.click()
    assert printed.args == [str(out), 6]
    pages, boxes = pages_and_boxes(out)
    assert pages == 1 and boxes == [(595.0, 842.0)]
    assert saved == [LabelSettings(size="a4-3x8", dpi=600, output="pdf", printer="")]


def test_cancelled_save_does_nothing(make_view, qtbot, saved):
    view = make_view(dialogs=FakeDialogs(save_to=None))
    choose(view, "items", "MUG-01")
    with qtbot.assertNotEmitted(view.labels_printed):
        view.save_button.click()
    assert saved == []


def test_system_printer_prints_page_by_page(make_view, qtbot, tmp_path, saved):
    dialogs = FakeDialogs(print_to=tmp_path / "printed.pdf")
    view = make_view(LabelSettings(output="printer", dpi=203), dialogs)
    view.size.setCurrentIndex(view.size.findData("4x2in"))
    choose(view, "items", "MUG-01")
    view.handle_scan("A-01-01")
    with qtbot.waitSignal(view.labels_printed) as printed:
        view.print_button.click()
    assert printed.args[1] == 2
    assert dialogs.printer.resolution() == 203
    pages, boxes = pages_and_boxes(tmp_path / "printed.pdf")
    assert pages == 2 and set(boxes) == {(288.0, 144.0)}  # 4 x 2 in
    assert saved == [LabelSettings(size="4x2in", dpi=203, output="printer")]


def test_print_preview_cancelled(make_view, qtbot, tmp_path, saved):
    view = make_view(LabelSettings(output="printer"), FakeDialogs(accept=False))
    choose(view, "items", "MUG-01")
    with qtbot.assertNotEmitted(view.labels_printed):
        view.print_button.click()
    assert saved == []


def test_zpl_goes_raw_to_the_queue(make_view, qtbot, monkeypatch, saved):
    sent = []
    monkeypatch.setattr("app.labels.zpl.send_raw", lambda text, queue: sent.append((text, queue)))
    view = make_view(LabelSettings(output="zpl", size="4x6in", dpi=203))
    choose(view, "lots-sku", "COF-1")
    view.printer_name.setText("zebra-dock")
    with qtbot.waitSignal(view.labels_printed) as printed:
        view.print_button.click()
    assert printed.args == ["zebra-dock", 2]
    ((text, queue),) = sent
    assert queue == "zebra-dock" and len(formats(text)) == 2
    assert ("PW", "812") in formats(text)[0]
    assert saved == [LabelSettings(size="4x6in", dpi=203, output="zpl", printer="zebra-dock")]


def test_zpl_needs_a_roll_and_a_queue(make_view, monkeypatch):
    view = make_view(LabelSettings(output="zpl", size="a4-3x8"))
    choose(view, "items", "MUG-01")
    view.print_button.click()
    assert "ZPL is for label rolls" in view.banner.message
    view.size.setCurrentIndex(view.size.findData("2x1in"))
    view.print_button.click()
    assert "Name the printer's CUPS queue" in view.banner.message


def test_save_zpl_file(make_view, tmp_path):
    out = tmp_path / "labels.zpl"
    dialogs = FakeDialogs(save_to=out)
    view = make_view(LabelSettings(output="zpl", size="2x1in"), dialogs)
    choose(view, "items", "MUG-01")
    view.save_button.click()
    assert dialogs.asked == ["ZPL files (*.zpl)"]
    (label,) = formats(out.read_text())
    data = [params for command, params in label if command == "FD"]
    assert any(command == "BE" for command, _ in label) and "401234500001" in data


def test_badges_by_name_or_by_scan(make_view):
    from app.core import users
    from app.labels.templates import BadgeLabel

    admin = users.add_user("alex", "admin", "9999", None, badge="BADGE-ALEX")
    users.add_user("ana", "operator", "1111", admin.id, badge="BADGE-ANA")
    view = make_view()
    choose(view, "badges", "ana")
    view.handle_scan("BADGE-ALEX")
    assert view.labels() == [BadgeLabel("ana", "operator", "BADGE-ANA"),
                             BadgeLabel("alex", "admin", "BADGE-ALEX")]
    view.clear()
    choose(view, "badges", "*")
    assert [label.name for label in view.labels()] == ["alex", "ana"]
    choose(view, "badges", "nobody")
    assert view.banner.message == "No user 'nobody' with a badge."
