"""The Labels view: choosing and scanning what to print, the preview, and printing through
mocked dialogs to PDF, a system printer and a ZPL queue; the settings it remembers."""

from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

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
from app.ui.labels.labels_view import LabelsView
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


def test_the_command_barcode_sheet_is_saved_from_the_page(make_view, tmp_path):
    out = tmp_path / "commands.pdf"
    view = make_view(dialogs=FakeDialogs(save_to=out))
    view.commands_button.click()
    assert view.banner.level is Level.OK and str(out) in view.banner.message
    assert out.read_bytes().startswith(b"%PDF")


def test_the_returns_sheet_is_saved_from_the_page(make_view, tmp_path):
    out = tmp_path / "returns.pdf"
    view = make_view(dialogs=FakeDialogs(save_to=out))
    view.returns_sheet_button.click()
    assert view.banner.level is Level.OK and str(out) in view.banner.message
    assert out.read_bytes().startswith(b"%PDF")


@pytest.fixture
def shown_view(make_view, qtbot, tmp_path):
    """The page in a window with the keyboard in its entry field, saving PDFs to tmp_path."""
    view = make_view(dialogs=FakeDialogs(save_to=tmp_path / "labels.pdf"))
    view.resize(1000, 640)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    view.query.setFocus()
    qtbot.waitUntil(lambda: view.query.hasFocus())
    return view


def press(qtbot, view, key, mods=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget() or view, key, mods)


def test_every_field_and_action_has_a_key_printed_beside_it(qtbot, shown_view):
    view = shown_view
    alt = Qt.KeyboardModifier.AltModifier
    view.output.setCurrentIndex(view.output.findData("zpl"))  # the printer's name counts then
    for key, field in ((Qt.Key.Key_S, view.size), (Qt.Key.Key_R, view.dpi),
                       (Qt.Key.Key_C, view.copies), (Qt.Key.Key_O, view.output),
                       (Qt.Key.Key_N, view.printer_name), (Qt.Key.Key_L, view.selection),
                       (Qt.Key.Key_W, view.kind), (Qt.Key.Key_T, view.query)):
        press(qtbot, view, key, alt)
        assert QApplication.focusWidget() is field, key
    press(qtbot, view, Qt.Key.Key_Q, alt)
    press(qtbot, view, Qt.Key.Key_A, alt)
    assert view.qr.isChecked() and view.arrows.isChecked()
    assert "(Alt+Q)" in view.qr.text() and "(Alt+A)" in view.arrows.text()
    assert [b.text() for b in (view.add_button, view.remove_button, view.clear_button,
                               view.save_button, view.print_button)] == \
        ["Add\nEnter", "Remove\nDel", "Clear\nCtrl+L", "Save…\nCtrl+S", "Print\nCtrl+P"]


def test_typed_choice_then_ctrl_p_saves_and_the_place_stays_shown(qtbot, shown_view,
                                                                  tmp_path):
    view = shown_view
    assert view.prompt.text() == "Scan or type what to print"
    view.kind.setCurrentIndex(view.kind.findData("bins-zone"))
    qtbot.keyClicks(view.query, "A")
    press(qtbot, view, Qt.Key.Key_Return)
    assert len(view.labels()) == 6
    assert view.prompt.text() == "6 labels: Ctrl+P saves the PDF"
    with qtbot.waitSignal(view.labels_printed):
        press(qtbot, view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "labels.pdf").is_file()
    # The next scan takes the banner; where the labels went stays on the page.
    view.handle_scan("A-02-03")
    assert view.banner.message.startswith("Added")
    assert str(tmp_path / "labels.pdf") in view.last_output.text()
    assert view.last_output.isVisible()
    # Delete in the list removes the chosen line; Ctrl+L clears them all.
    view.selection.setFocus()
    view.selection.setCurrentRow(0)
    press(qtbot, view, Qt.Key.Key_Delete)
    assert len(view.labels()) == 6
    press(qtbot, view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert view.labels() == [] and view.prompt.text() == "Scan or type what to print"


@pytest.mark.parametrize("fmt", ["pdf", "zpl"])
def test_saving_onto_a_folder_says_so(make_view, tmp_path, saved, fmt):
    folder = tmp_path / f"labels.{fmt}"
    folder.mkdir()
    view = make_view(LabelSettings(output=fmt, size="2x1in"), FakeDialogs(save_to=folder))
    choose(view, "items", "MUG-01")
    view.save_button.click()
    assert view.banner.message == f"{folder} is a folder: give a file's name."
    assert list(folder.iterdir()) == []


def test_a_label_batch_is_drawn_off_the_main_thread(make_view, qtbot, tmp_path, monkeypatch):
    """200 labels at 600 dpi can take seconds to draw on a slow PC, and a printer queue may not
    answer for a while: the window keeps answering meanwhile."""
    import time

    from PySide6.QtCore import QTimer

    from app.labels import pdf
    from app.ui.tasks.worker import ThreadWorker

    real_write = pdf.write_pdf

    def slow_write(*args, **kwargs):
        time.sleep(0.6)  # a slow disk or a busy PC: the work lasts well beyond one frame
        return real_write(*args, **kwargs)

    monkeypatch.setattr(pdf, "write_pdf", slow_write)

    out = tmp_path / "many.pdf"
    view = make_view(dialogs=FakeDialogs(save_to=out))
    worker = ThreadWorker("labels")
    view.set_task_worker(worker)
    view.add_labels([BinLabel(f"A-{n:02d}-{level:02d}", "A", qr=True)
                     for n in range(40) for level in range(1, 6)])
    view.dpi.setCurrentIndex(view.dpi.findData(600))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    try:
        with qtbot.waitSignal(view.labels_printed, timeout=120_000) as printed:
            view.print_button.click()
            assert view.banner.message == "Preparing 200 labels..."
            assert not view.print_button.isEnabled()
    finally:
        timer.stop()
        worker.shutdown()
    assert printed.args == [str(out), 200]
    assert pages_and_boxes(out)[0] == 200
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 20 and max(gaps) < 0.5, "the window froze while the labels were drawn"
    assert view.print_button.isEnabled()


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
