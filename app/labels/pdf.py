"""Labels through Qt: a PDF (one page per label on a roll, A4/Letter pages for sheets), a
system printer, or an image for a preview.

The page's resolution is the label printer's, so every bar drawn as a vector rectangle lies on
whole printer dots. Text is drawn with the same font file the layout measured with. This is one
of the two places outside `app/ui` that imports Qt: without a display it starts Qt on its
offscreen platform, so the command line works headless.
"""

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRect, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPolygon,
)
from PySide6.QtWidgets import QApplication

from app.atomic import atomic_path
from app.labels.fonts import font_file
from app.labels.layout import Drawing, dots
from app.labels.templates import LabelSize

_app: QApplication | None = None
_families: dict[bool, str] = {}


def ensure_gui_app() -> None:
    """Qt needs an application object for fonts and PDFs; start one when none runs yet.

    A QApplication, not only a QGuiApplication: widgets made later in the same process (the
    window, a print dialog) need one, and Qt allows only one application object.
    """
    global _app
    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        # Without a display Qt would abort the whole process.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QApplication(sys.argv[:1])


def _family(bold: bool) -> str:
    if bold not in _families:
        path = font_file(bold)
        family = ""
        if path:
            loaded = QFontDatabase.addApplicationFont(path)
            names = QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
            family = names[0] if names else ""
        _families[bold] = family or "Sans Serif"
    return _families[bold]


def _font(size: int, bold: bool) -> QFont:
    font = QFont(_family(bold))
    font.setPixelSize(max(1, size))
    font.setBold(bold)
    # Unhinted outlines: the glyphs keep the advance widths Pillow measured.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def paint_drawing(painter: QPainter, drawing: Drawing, x: int = 0, y: int = 0) -> None:
    """Draw one label with its top-left corner at (x, y), in the painter's dot units."""
    black = QColor(Qt.GlobalColor.black)
    for x0, y0, x1, y1 in drawing.rects():
        painter.fillRect(QRect(x + x0, y + y0, x1 - x0, y1 - y0), black)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(black)
    for polygon in drawing.polygons():
        painter.drawPolygon(QPolygon([QPointF(x + px, y + py).toPoint() for px, py in polygon]))
    painter.setPen(black)
    for text in drawing.texts:
        painter.setFont(_font(text.size, text.bold))
        painter.drawText(QPointF(x + text.x, y + text.baseline), text.text)


def page_size(size: LabelSize) -> QPageSize:
    if size.sheet:
        standard = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
        return QPageSize(standard[size.sheet.page])
    return QPageSize(QSizeF(size.width, size.height), QPageSize.Unit.Millimeter,
                     size.name, QPageSize.SizeMatchPolicy.ExactMatch)


def setup_device(device: QPagedPaintDevice, size: LabelSize) -> None:
    """Page size of the label (roll) or the sheet, no margins: the layout has its own."""
    device.setPageLayout(QPageLayout(page_size(size), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))


def paint_pages(device: QPagedPaintDevice, drawings: Sequence[Drawing],
                size: LabelSize) -> int:
    """Paint every label on `device` (a QPdfWriter or QPrinter set up with `setup_device`),
    a page per label on a roll, as many per page as the sheet holds; returns the pages."""
    if not drawings:
        return 0
    dpi = drawings[0].dpi
    per_page = size.sheet.per_page if size.sheet else 1
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("Qt could not start painting on the printer or PDF file")
    try:
        # Scale only if the device refused our resolution (a printer driver may).
        scale = device.logicalDpiX() / dpi
        if abs(scale - 1) > 1e-6:
            painter.scale(scale, device.logicalDpiY() / dpi)
        for index, drawing in enumerate(drawings):
            if index and index % per_page == 0:
                device.newPage()
            x = y = 0
            if size.sheet:
                x_mm, y_mm = size.sheet.origin(index)
                x, y = dots(x_mm, dpi), dots(y_mm, dpi)
            paint_drawing(painter, drawing, x, y)
    finally:
        painter.end()
    return -(-len(drawings) // per_page)


def write_pdf(path: str | Path, drawings: Sequence[Drawing], size: LabelSize,
              title: str = "Binwise labels") -> int:
    """Write the labels to a PDF; returns the number of pages."""
    if not drawings:
        raise ValueError("no labels to write")
    ensure_gui_app()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Whole or not at all: a failure half way keeps the previous file of that name.
    with atomic_path(path) as temp:
        # Qt only says it "could not start painting"; opening the file first raises the real
        # reason (no permission, no space) with the file's name.
        with temp.open("wb"):
            pass
        writer = QPdfWriter(str(temp))
        writer.setResolution(drawings[0].dpi)
        writer.setTitle(title)
        writer.setCreator("Binwise")
        setup_device(writer, size)
        pages = paint_pages(writer, drawings, size)
        del writer  # closes the file before it is renamed
    return pages


def to_qimage(drawing: Drawing) -> QImage:
    """The label as Qt paints it, one pixel a dot (for previews, and to check that the Qt
    drawing reads back like the Pillow one)."""
    ensure_gui_app()
    image = QImage(drawing.width, drawing.height, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        paint_drawing(painter, drawing)
    finally:
        painter.end()
    return image


def font(size: int, bold: bool) -> QFont:
    """The label font at `size` dots, as app/labels/fonts.py measures it."""
    return _font(size, bold)
