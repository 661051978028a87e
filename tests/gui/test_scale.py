"""A serial scale at Pack: lines read from a pseudo-terminal standing in for the scale's port
(QSerialPort opens a pty like a USB serial adapter), the last steady weight kept, and given to
the station when a box closes or on Ctrl+W; a port that is missing or goes away is one
status-bar line."""

import os
import select

import pytest
from PySide6.QtCore import Qt

from app.config import ScaleSettings, Settings
from app.core import orders, picking
from app.core.orders import OrderLineInput
from app.db.models import PackBox, SalesOrder, User
from app.scanning.commands import code_of
from app.stations.base import Level
from app.ui.pack import scale_reader
from app.ui.pack.pack_view import NOT_WEIGHED, PackView
from app.ui.pack.scale_reader import ScaleReader, request_bytes
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

    def received(qtbot) -> bytes:
        """What the page sent the scale (waiting for it in Qt's event loop)."""
        got = bytearray()

        def arrived() -> bool:
            while select.select([master], [], [], 0)[0]:
                got.extend(os.read(master, 64))
            return bool(got)

        qtbot.waitUntil(arrived, timeout=3000)
        return bytes(got)

    def unplug() -> None:
        while open_fds:
            os.close(open_fds.pop())

    send.unplug = unplug
    send.received = received
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


def test_a_scale_that_is_asked_answers_the_one_who_asked(qtbot, reader, fake_scale,
                                                          monkeypatch):
    name, send = fake_scale
    assert request_bytes(r"SI\r\n") == b"SI\r\n" and request_bytes("W") == b"W"
    assert reader.set_port(name, 9600, r"W\r") and reader.asks
    answers, silences = [], []
    send(b"ST,GS,+0009.99kg\r\n")
    qtbot.waitUntil(lambda: reader.last is not None)
    reader.ask(answers.append, silences.append)
    assert reader.last is None  # a reading before the question is not its answer
    assert send.received(qtbot) == b"W\r"
    send(b"US,GS,+0001.10kg\r\nST,GS,+0001.25kg\r\n")
    qtbot.waitUntil(lambda: answers == ["ST,GS,+0001.25kg"])
    assert reader.take() is None  # given once
    # No answer in time: said once, to the one who asked and in the status bar.
    monkeypatch.setattr(scale_reader, "ANSWER_MS", 50)
    reader.ask(answers.append, silences.append)
    assert send.received(qtbot) == b"W\r"
    qtbot.waitUntil(lambda: len(silences) == 1)
    assert "no steady weight came" in silences[0] and reader.messages[-1] == silences[0]
    send(b"ST,GS,+0002.00kg\r\n")  # too late: given to nobody
    qtbot.waitUntil(lambda: reader.last is not None)
    assert len(answers) == 1 and not reader.cancel_ask()


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


def test_a_scale_that_is_asked_weighs_each_closed_box_and_never_the_next_one(
        qtbot, main_window, pack, keyboard, fake_scale):
    name, send = fake_scale
    main_window.apply_settings(Settings(scale=ScaleSettings(port=name, request=r"SI\r\n")))
    assert main_window.scale.asks
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, EAN13)
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert send.received(qtbot) == b"SI\r\n"  # the closed box is weighed: asked at once
    send(b"S S      1.250 kg\r\n")
    qtbot.waitUntil(lambda: "weighs 1.250 kg" in pack.banner.message)
    assert PackBox.get(PackBox.number == 1).weight_g == 1250
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert send.received(qtbot) == b"SI\r\n"
    send(b"S S      1.300 kg\r\n")
    qtbot.waitUntil(lambda: "weighs 1.300 kg" in pack.banner.message)
    # The last unit closes box 2 and asks; a scan before the answer means the box moved on.
    keyboard.scan(main_window, EAN13)
    qtbot.waitUntil(lambda: SalesOrder.get(SalesOrder.number == "ORD-1").status == "packed")
    assert send.received(qtbot) == b"SI\r\n"
    keyboard.scan(main_window, "ORD-1")
    assert "was not weighed: the next scan came first" in main_window.statusBar().currentMessage()
    send(b"S S      0.700 kg\r\n")
    qtbot.waitUntil(lambda: main_window.scale.last is not None)
    assert PackBox.get(PackBox.number == 2).weight_g is None


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


class LateWorker:
    """Answers when told, as the station's thread does while it is still busy."""

    busy = False

    def __init__(self) -> None:
        self.queue = []

    def submit(self, work, done, failed=None) -> None:
        self.queue.append((work, done))

    def answer_all(self) -> None:
        while self.queue:
            work, done = self.queue.pop(0)
            done(work())

    def call_soon(self, callback, *args) -> None:
        callback(*args)

    def shutdown(self) -> None:
        pass


@pytest.mark.parametrize("request_text", ["", r"SI\r\n"], ids=["sends", "asked"])
def test_a_box_closed_while_the_next_scan_waits_is_not_weighed_with_the_next_boxs_weight(
        qtbot, main_window, pack, keyboard, fake_scale, request_text):
    name, send = fake_scale
    main_window.apply_settings(Settings(scale=ScaleSettings(port=name, request=request_text)))
    worker = LateWorker()
    pack.set_worker(worker)
    said = []
    main_window.scale.message.connect(said.append)
    keyboard.scan(main_window, "ORD-1")
    keyboard.scan(main_window, EAN13)
    worker.answer_all()
    if not request_text:
        with qtbot.waitSignal(main_window.scale.weighed, timeout=3000):
            send(b"1.250 kg\n")
    # Ctrl+B, and the order's last unit scanned before the station has answered it: box 1
    # closes, then box 2 (the order is packed).
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    keyboard.scan(main_window, EAN13)
    worker.answer_all()
    assert SalesOrder.get(SalesOrder.number == "ORD-1").status == "packed"
    assert NOT_WEIGHED in said
    if request_text:
        # Asked once, for box 2 only: its answer weighs box 2.
        assert send.received(qtbot) == b"SI\r\n"
        send(b"S S      0.700 kg\r\n")
        qtbot.waitUntil(lambda: bool(worker.queue))
        worker.answer_all()
        assert {box.number: box.weight_g for box in PackBox.select()} == {1: None, 2: 700}
    else:
        # Box 1's reading weighs neither box 1 (the scan came first) nor box 2.
        assert {box.number: box.weight_g for box in PackBox.select()} == {1: None, 2: None}
        assert "no new weight" in main_window.statusBar().currentMessage()
