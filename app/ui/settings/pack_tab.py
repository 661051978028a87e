"""The Pack tab of the settings (F12): the serial port and baud rate of a scale that weighs the
boxes. A scale that types like a keyboard needs no setting; neither does a station without one.
"""

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.config import ScaleSettings
from app.ui.pack.scale_reader import BAUD_RATES


def serial_ports() -> list[str]:
    """The serial ports this computer has now (a USB scale's adapter among them)."""
    try:
        from PySide6.QtSerialPort import QSerialPortInfo

        return sorted(info.systemLocation() for info in QSerialPortInfo.availablePorts())
    except Exception:  # no serial support: the port is typed
        return []


class PackTab(QWidget):
    def __init__(self, scale: ScaleSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = scale
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(form)
        outer.addStretch(1)
        self.port = QComboBox()
        self.port.setObjectName("scalePort")
        self.port.setEditable(True)
        self.port.addItems(["", *[p for p in serial_ports() if p != scale.port]])
        if scale.port:
            self.port.addItem(scale.port)
        self.port.setCurrentText(scale.port)
        self.port.lineEdit().setPlaceholderText("e.g. /dev/ttyUSB0 or COM3 (empty: no serial "
                                                "scale)")
        self.baud = QComboBox()
        self.baud.setObjectName("scaleBaud")
        self.baud.addItems([str(rate) for rate in BAUD_RATES])
        if scale.baud not in BAUD_RATES:
            self.baud.addItem(str(scale.baud))
        self.baud.setCurrentText(str(scale.baud))
        # Line ends shown as typed (a hand-edited settings file may hold them as such).
        self.request = QLineEdit(scale.request.replace("\r", "\\r").replace("\n", "\\n"))
        self.request.setObjectName("scaleRequest")
        self.request.setPlaceholderText(r"empty: it sends by itself; e.g. SI\r\n or W\r")
        form.addRow("Scale port", self.port)
        form.addRow("Baud rate", self.baud)
        form.addRow("Ask for a weight with", self.request)
        note = QLabel("A scale on a serial port weighs the box when it closes (New box, or the "
                      "order's last unit) and on Ctrl+W. One that sends only when asked gets "
                      r"the text above then (\r and \n as typed: SI\r\n for Mettler Toledo, "
                      r"W\r for NCI, Avery and CAS; see its manual). A USB scale that types its "
                      "weight, like 1.25 kg, needs no setting: its reading weighs the box as "
                      "it arrives. Without a scale, type W 1.25.")
        note.setWordWrap(True)
        form.addRow(note)

    def scale_from_form(self) -> ScaleSettings:
        return replace(self._scale, port=self.port.currentText().strip(),
                       baud=int(self.baud.currentText()), request=self.request.text())
