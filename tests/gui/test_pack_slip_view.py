"""The packing slip from the Pack page in the real window: printed on the last unit through the
station worker, the banner saying where it went; Ctrl+P prints it again; a printer that fails
says so and leaves the order packed."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from app.config import PrintSettings, Settings
from app.db.models import SalesOrder, User
from app.stations.base import Level
from app.ui.pack.pack_view import PackView
from tests.gui import test_pack_view
from tests.gui.conftest import EAN13
from tests.labels import test_printing
from tests.labels.slip_samples import Pdf

pytestmark = pytest.mark.gui
picked = test_pack_view.picked  # a fixture: ORD-1, two mugs picked
fake_lp = test_printing.fake_lp


def _pack_page(qtbot, main_window, printing: PrintSettings) -> PackView:
    main_window.apply_settings(replace(main_window.settings, printing=printing))
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    page = main_window.current_view()
    qtbot.waitUntil(lambda: page.isVisible())
    assert isinstance(page, PackView)
    return page


def test_the_last_unit_saves_the_slip_and_ctrl_p_prints_it_again(qtbot, main_window, picked,
                                                                  keyboard, tmp_path):
    folder = tmp_path / "printed"
    view = _pack_page(qtbot, main_window, PrintSettings(folder=str(folder), slip_paper="4x6"))
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, EAN13)
    keyboard.scan(main_window, EAN13)
    qtbot.waitUntil(lambda: "is packed" in view.banner.message)
    slip = folder / "slip-ORD-1-1.pdf"
    assert view.banner.level is Level.OK
    assert f"Packing slip saved as {folder.name}/{slip.name}." in view.banner.message
    pdf = Pdf(slip.read_bytes())
    assert pdf.points() == (288, 432) and "ORD-1" in pdf.flat()
    slip.unlink()
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Packing slip of ORD-1 again." in view.banner.message)
    assert f"saved as {folder.name}/{slip.name}." in view.banner.message
    assert slip.exists()
    assert SalesOrder.get(SalesOrder.number == "ORD-1").status == "packed"


def test_a_printer_that_fails_is_a_warning_and_the_order_stays_packed(
        qtbot, main_window, picked, keyboard, tmp_path, monkeypatch):
    lp = tmp_path / "bin" / "lp"
    lp.parent.mkdir()
    lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{lp.parent}:/usr/bin:/bin")
    view = _pack_page(qtbot, main_window, PrintSettings(slip_queue="office"))
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, f"{EAN13},2")
    qtbot.waitUntil(lambda: "is packed" in view.banner.message)
    assert view.banner.level is Level.WARNING
    assert "Packing slip NOT printed" in view.banner.message
    assert "does not exist" in view.banner.message
    assert SalesOrder.get(SalesOrder.number == "ORD-1").status == "packed"


def test_the_slip_goes_to_the_printer_queue(qtbot, main_window, picked, keyboard, fake_lp):
    view = _pack_page(qtbot, main_window, PrintSettings(slip_queue="office"))
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, f"{EAN13},2")
    qtbot.waitUntil(lambda: "is packed" in view.banner.message)
    assert "Packing slip sent to printer office." in view.banner.message
    [args] = fake_lp.glob("*.args")
    assert args.read_text().split() == ["-d", "office", "-t", "slip-ORD-1-1.pdf"]


def test_the_slip_is_drawn_and_saved_on_the_station_worker(qtbot, db_path, picked, scanner,
                                                          silent_sounds, show_focused,
                                                          keyboard, tmp_path, monkeypatch):
    """The window as the app opens it (threaded): the slip is drawn with Qt off the main
    thread, its font loaded there the first time, and saved before the answer is shown."""
    from app.labels import pdf
    from app.ui.main_window import MainWindow

    monkeypatch.setattr(pdf, "_families", {})
    user = User.get(User.name == "operator").id
    window = MainWindow(db_path, user, "operator", scanner=scanner,
                        sounds=silent_sounds, threaded=True,
                        settings=Settings(printing=PrintSettings(folder=str(tmp_path / "p"))))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.switch_to(window.page_index("Pack"))
    view = window.current_view()
    show_focused(window, view.entry)
    try:
        keyboard.scan(window, "ORD-1")
        keyboard.scan(window, f"{EAN13},2")
        qtbot.waitUntil(lambda: "is packed" in view.banner.message, timeout=10_000)
    finally:
        window.shutdown_workers()
    assert view.banner.level is Level.OK, view.banner.message
    assert "ORD-1" in Pdf((tmp_path / "p" / "slip-ORD-1-1.pdf").read_bytes()).flat()
