"""A scale on a serial port (QtSerialPort): its lines in, its last steady weight out.

Serial scales send a line per reading (`ST,GS,+0001.25kg`, `1.250 kg`...), ended by CR, LF
or both, either all the time or when their print key is pressed. Every line is parsed as a
typed one is (app.scanning.weight); the reader keeps the last steady reading, and the Pack
page hands it to its station as if the scale had typed it, when a box closes or on Ctrl+W.
A reading is given once: a scale that fell silent cannot weigh the next box with the last
box's weight.

A scale that sends only when asked (Mettler Toledo's `SI`, the `W` of NCI, Avery and CAS
scales) is given the request set in Settings > Pack; `ask` sends it and hands the next steady
reading on, or says that none came.

A missing, busy or unplugged port is said once in a `message` (the window's status bar), never
raised: packing goes on with typed weights.
"""

import logging
from collections.abc import Callable

from PySide6.QtCore import QIODevice, QObject, QTimer, Signal, Slot

from app.scanning.weight import Weight, parse_weight

log = logging.getLogger(__name__)

# A scale at the wrong baud rate sends noise without line ends: do not let it pile up.
MAX_LINE = 256
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
# How long a scale that was asked has to answer with a steady weight.
ANSWER_MS = 2000


def request_bytes(request: str) -> bytes:
    r"""A request as typed in the settings, `\r` and `\n` written as such, as the scale gets it."""
    return request.replace("\\r", "\r").replace("\\n", "\n").encode("ascii", errors="replace")


class ScaleReader(QObject):
    # One line for the status bar: the port opened, failed, or what a weighing found.
    message = Signal(str)
    # A steady reading arrived (the scale's text as sent, and the weight).
    weighed = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.port_name = ""
        self._port = None  # QSerialPort while open
        self._buffer = bytearray()
        self.last: tuple[str, Weight] | None = None  # the last steady reading, not yet given
        self.settling = False  # the latest line was a reading still settling
        self.request = b""  # sent to ask for a weight (empty: the scale sends by itself)
        # Asked and not answered yet: what to do with the reading, and with none.
        self._waiting: tuple[Callable[[str], None], Callable[[str], None]] | None = None
        self._answer_time = QTimer(self)
        self._answer_time.setSingleShot(True)
        self._answer_time.timeout.connect(self._on_no_answer)

    # -- the port -----------------------------------------------------------------------------

    def set_port(self, name: str, baud: int = 9600, request: str = "") -> bool:
        """Read the scale on `name` from now on (empty: no scale), asking it for each weight
        with `request` when it has one; False when it cannot be opened (said in
        `message`)."""
        name = name.strip()
        wanted = request_bytes(request)
        if self._port is not None and name == self.port_name \
                and self._port.baudRate() == baud and wanted == self.request:
            return True
        self.close()
        self.port_name = name
        self.request = wanted
        if not name:
            return False
        from PySide6.QtSerialPort import QSerialPort  # only a station with a scale needs it

        port = QSerialPort(self)
        port.setPortName(name)
        mode = (QIODevice.OpenModeFlag.ReadWrite if self.request
                else QIODevice.OpenModeFlag.ReadOnly)
        if not port.setBaudRate(baud) or not port.open(mode):
            self.message.emit(f"Scale: {name} cannot be opened ({port.errorString()}). Check "
                              f"the cable and the port in Settings > Pack; type W 1.25 meanwhile.")
            port.deleteLater()
            return False
        port.readyRead.connect(self._on_ready_read)
        port.errorOccurred.connect(self._on_error_occurred)
        self._port = port
        self.message.emit(f"Scale on {name} ({baud} baud) ready.")
        return True

    @property
    def is_open(self) -> bool:
        return self._port is not None

    @property
    def asks(self) -> bool:
        """The scale is open and sends a weight only when asked."""
        return self._port is not None and bool(self.request)

    def ask(self, weighed: Callable[[str], None], silent: Callable[[str], None]) -> None:
        """Send the request: the next steady reading goes to `weighed` (as the scale sent it),
        or, when none comes in time, why not to `silent`. An earlier request still waiting is
        answered by this one."""
        if self._port is None:
            silent(self.why_none())
            return
        self.last = None
        self._waiting = (weighed, silent)
        self._answer_time.start(ANSWER_MS)
        port = self._port
        if port.write(self.request) < 0:
            # An unplugged port may have been closed by its error signal during the write.
            self.cancel_ask()
            silent(f"Scale: {self.port_name} could not be asked ({port.errorString()}); "
                   f"type W 1.25.")

    def cancel_ask(self) -> bool:
        """Forget a request still waiting (the box it was for is no longer the one in work);
        True when there was one."""
        waiting, self._waiting = self._waiting, None
        self._answer_time.stop()
        return waiting is not None

    @Slot()
    def _on_no_answer(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            why = (f"Scale: no steady weight came from {self.port_name} after it was asked. "
                   f"Check the box sits still on it, then Ctrl+W; or type W 1.25.")
            self.message.emit(why)
            waiting[1](why)

    def close(self) -> None:
        port, self._port = self._port, None
        self._buffer.clear()
        self.last, self.settling = None, False
        self.cancel_ask()
        if port is not None:
            port.readyRead.disconnect(self._on_ready_read)
            port.errorOccurred.disconnect(self._on_error_occurred)
            port.close()
            port.deleteLater()

    @Slot()
    def _on_ready_read(self) -> None:
        if self._port is None:
            return
        self._buffer += bytes(self._port.readAll().data())
        *lines, rest = self._buffer.replace(b"\r", b"\n").split(b"\n")
        self._buffer = bytearray(rest[-MAX_LINE:])
        for line in lines:
            self.handle_line(line.decode("ascii", errors="replace"))

    @Slot(object)
    def _on_error_occurred(self, error) -> None:
        from PySide6.QtSerialPort import QSerialPort

        if error == QSerialPort.SerialPortError.NoError or self._port is None:
            return
        text = self._port.errorString()
        fatal = error in (QSerialPort.SerialPortError.ResourceError,
                          QSerialPort.SerialPortError.DeviceNotFoundError,
                          QSerialPort.SerialPortError.PermissionError)
        if fatal:
            # Unplugged: stop reading (no error storm); Settings > Save opens it again.
            name = self.port_name
            self.close()
            self.port_name = name
            self.message.emit(f"Scale: {name} stopped ({text}). Plug it in again and save "
                              f"the settings (F12); type W 1.25 meanwhile.")
        else:
            log.warning("Scale %s: %s", self.port_name, text)

    # -- readings -----------------------------------------------------------------------------

    @Slot(str)
    def handle_line(self, line: str) -> None:
        """One line from the scale: a steady weight is kept, anything else is passed over."""
        line = line.strip()
        weight = parse_weight(line) if line else None
        if weight is None:
            return
        self.settling = not weight.stable
        if weight.stable:
            self.last = (line, weight)
            self.weighed.emit(line, weight)
            waiting, self._waiting = self._waiting, None
            if waiting is not None:
                self._answer_time.stop()
                waiting[0](self.take())

    def take(self) -> str | None:
        """The last steady reading as the scale sent it, once; None when there is none."""
        if self.last is None:
            return None
        line, self.last = self.last[0], None
        return line

    def why_none(self) -> str:
        """Why `take` has nothing, for the status bar."""
        if not self.port_name:
            return "No scale is set: choose its port in Settings > Pack (F12), or type W 1.25."
        if self._port is None:
            return f"Scale: {self.port_name} is not open: check the cable, then save the settings."
        if self.settling:
            return "Scale: still settling. Wait for a steady weight, then press Ctrl+W."
        return ("Scale: no new weight. Put the box on the scale (or press its print key), "
                "then Ctrl+W.")
