"""Code 128 and GS1-128 barcodes drawn for the screen: whole pixels per module and a full quiet
zone, so a scanner can read them off the monitor (the scanner test, a new pick list number).
"""

from barcode.codex import Code128, Gs1_128
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

FNC1 = "\xf1"
GS = "\x1d"
QUIET_MODULES = 10


def modules(data: str, gs1: bool = False) -> str:
    """The code as modules, '1' for a bar; for GS1-128 a GS in `data` becomes FNC1."""
    if gs1:
        return Gs1_128(data.replace(GS, FNC1)).build()[0]
    return Code128(data).build()[0]


def barcode_pixmap(data: str, gs1: bool = False, module_px: int = 3,
                   height_px: int = 110) -> QPixmap:
    bars = modules(data, gs1)
    width = (len(bars) + 2 * QUIET_MODULES) * module_px
    image = QImage(width, height_px, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    x = QUIET_MODULES * module_px
    for module in bars:
        if module == "1":
            painter.drawRect(x, 0, module_px, height_px)
        x += module_px
    painter.end()
    return QPixmap.fromImage(image)
