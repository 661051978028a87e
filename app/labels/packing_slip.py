"""The packing slip PDF of one shipment, drawn by Qt from a `Slip` (app/labels/slip_data.py)
laid out by app/labels/slip_layout.py: vector bars and embedded text, so the order barcode
reads at any printer resolution and the text can be searched. A4, Letter or 4x6 in.
"""

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRect, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from app.labels.pdf import ensure_gui_app, font
from app.labels.slip_data import Slip, paper_named
from app.labels.slip_layout import DPI, Op, Picture, Rect, Text, paginate


def _page_size(paper: str) -> QPageSize:
    if paper == "A4":
        return QPageSize(QPageSize.PageSizeId.A4)
    if paper == "Letter":
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QSizeF(4, 6), QPageSize.Unit.Inch, "4x6in",
                     QPageSize.SizeMatchPolicy.ExactMatch)


def _paint(painter: QPainter, ops: list[Op]) -> None:
    black = QColor(Qt.GlobalColor.black)
    painter.setPen(black)
    for op in ops:
        if isinstance(op, Rect):
            painter.fillRect(QRect(op.x, op.y, op.w, op.h), black)
        elif isinstance(op, Text):
            painter.setFont(font(op.size, op.bold))
            painter.drawText(QPointF(op.x, op.baseline), op.text)
        elif isinstance(op, Picture):
            image = QImage.fromData(op.png)
            if not image.isNull():
                painter.drawImage(QRect(op.x, op.y, op.w, op.h), image)


def render_slip(slip: Slip, paper: str = "A4") -> bytes:
    """The slip as PDF bytes, ready to send to a printer queue or to save."""
    paper = paper_named(paper)
    pages = paginate(slip, paper)
    ensure_gui_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(f"Packing slip {slip.order} ({slip.shipment})")
    writer.setCreator("Binwise")
    writer.setPageLayout(QPageLayout(_page_size(paper), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("Qt could not start painting the packing slip")
    try:
        for index, ops in enumerate(pages):
            if index:
                writer.newPage()
            _paint(painter, ops)
    finally:
        painter.end()
    del writer
    buffer.close()
    return bytes(data)
