"""A serial scale at Pack: lines read from a pseudo-terminal standing in for the scale's port
(QSerialPort opens a pty like a USB serial adapter), the last steady weight kept, and given to
the station when a box closes or on Ctrl+W; a port that is missing or goes away is one
status-bar line."""

import os

import pytest
from PySide6.QtCore import Qt

from app.config import ScaleSettings, Settings
from app.core import orders, picking
from app.core.orders import OrderLineInput
from app.db.models import PackBox, SalesOrder, User
from app.scanning.commands import code_of
from app.stations.base import Level
from app.ui.pack.pack_view import PackView
from app.ui.pack.scale_reader import ScaleReader
from tests.gui.conftest import EAN13

pytestmark = pytest.mark.gui


@pytest.fixture
def fake_scale():
    """(the port's name, a function that sends bytes as the scale would)."""
    master, slave = os.openpty()
    name = os.ttyname(slave)
    open_fds = [master, slave]

    def send(data: bytes) -> None:
        os.write(master, data)

    def unplug() -> None:
        while open_fds:
            os.close(open_fds.pop())

    send.unplug = unplug
    yield name, send
    unplug()


@pytest.fixture
def reader(qtbot, qapp):
    reader = ScaleReader()
    messages = []
    reader.message.connect(messages.append)
    reader.messages = messages
    yield reader
    reader.close()


def test_the_last_steady_reading_is_kept_and_given_once(qtbot, reader, fake_scale):
    name, send = fake_scale
    assert reader.set_port(name, 9600)
    assert reader.is_open and "ready" in reader.messages[-1]
    with qtbot.waitSignal(reader.weighed, timeout=3000):
        send(b"US,GS,+0001.31kg\r\nnoise\r\nST,GS,+0001.25kg\r\n")
    assert reader.last[1].grams == 1250
    send(b"US,GS,+0002.00kg\r")
    qtbot.waitUntil(lambda: reader.settling)
    assert reader.take() == "ST,GS,+0001.25kg"  # the steady one, not the one settling
    assert reader.take() is None
    assert "settling" in reader.why_none()


def test_lines_split_over_reads_and_bare_cr_endings(reader):
    reader.handle_line("  0.840kg")
    assert reader.take() == "0.840kg"
    reader.handle_line("12 boxes")
    assert reader.take() is None


def test_an_unplugged_scale_stops_with_one_message(qtbot, reader, fake_scale):
    name, send = fake_scale
    unplug = send.unplug
    assert reader.set_port(name, 9600)
    with qtbot.waitSignal(reader.message, timeout=3000):
        unplug()
    assert not reader.is_open
    assert "stopped" in reader.messages[-1]
    assert reader.take() is None


def test_a_missing_port_is_a_message_not_a_traceback(reader):
    assert not reader.set_port("/dev/no-such-scale", 9600)
    assert not reader.is_open
    assert reader.messages[-1].startswith("Scale: /dev/no-such-scale cannot be opened")
    assert "not open" in reader.why_none()
    assert not reader.set_port("", 9600)
    assert "No scale is set" in reader.why_none()


@pytest.fixture
def picked(warehouse):
    order = orders.create_order("ORD-1", [OrderLineInput("MUG-01", 2)])
    user = User.get(User.name == "operator").id
    for task in picking.tasks(picking.pick_list_for_order(order).id):
        picking.pick(task, task.qty, user)
    return order


@pytest.fixture
def pack(qtbot, picked, main_window):
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    page = main_window.current_view()
    qtbot.waitUntil(lambda: page.isVisible())
    assert isinstance(page, PackView)
    return page


def test_a_closed_box_takes_the_scales_weight_and_ctrl_w_weighs_again(
        qtbot, main_window, pack, keyboard, fake_scale):
    name, send = fake_scale
    main_window.apply_settings(Settings(scale=ScaleSettings(port=name, baud=9600)))
    assert pack.scale is main_window.scale and main_window.scale.is_open
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, EAN13)
    with qtbot.waitSignal(main_window.scale.weighed, timeout=3000):
        send(b"ST,GS,+0001.25kg\r\n")
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "weighs 1.250 kg" in pack.banner.message)
    assert PackBox.get(PackBox.number == 1).weight_g == 1250
    # Nothing new from the scale: Ctrl+W says why, in the status bar too.
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert pack.banner.level is Level.WARNING
    assert "no new weight" in main_window.statusBar().currentMessage()
    with qtbot.waitSignal(main_window.scale.weighed, timeout=3000):
        send(b"1300 g\n")
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "weighs 1.300 kg" in pack.banner.message)
    assert PackBox.get(PackBox.number == 1).weight_g == 1300
    # The last unit packs the order and closes its box: the scale's reading weighs it.
    with qtbot.waitSignal(main_window.scale.weighed, timeout=3000):
        send(b"0.700 kg\n")
    keyboard.scan(main_window, EAN13)
    qtbot.waitUntil(lambda: "weighs 0.700 kg" in pack.banner.message)
    assert SalesOrder.get(SalesOrder.number == "ORD-1").status == "packed"
    assert PackBox.get(PackBox.number == 2).weight_g == 700


def test_the_weigh_command_barcode_weighs_the_open_box(qtbot, main_window, pack, keyboard,
                                                        fake_scale):
    """A scanner-only bench: the command barcode does what Ctrl+W does."""
    name, send = fake_scale
    main_window.apply_settings(Settings(scale=ScaleSettings(port=name, baud=9600)))
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, EAN13)
    with qtbot.waitSignal(main_window.scale.weighed, timeout=3000):
        send(b"0.950 kg\n")
    keyboard.scan(main_window, code_of("WEIGH"))
    qtbot.waitUntil(lambda: "weighs 0.950 kg" in pack.banner.message)
    assert PackBox.get(PackBox.number == 1).weight_g == 950
    keyboard.scan(main_window, code_of("WEIGH"))  # nothing new from the scale: says why
    assert pack.banner.level is Level.WARNING and "no new weight" in pack.banner.message


def test_a_scale_port_that_cannot_open_is_one_status_bar_line(qtbot, main_window, pack):
    main_window.apply_settings(Settings(scale=ScaleSettings(port="/dev/no-such-scale")))
    assert "cannot be opened" in main_window.statusBar().currentMessage()
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert "not open" in pack.banner.message
