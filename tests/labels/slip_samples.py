"""Packing slips to render in tests, and reading a rendered PDF back: pages rasterised with
Qt's own PDF renderer (QtPdf) at a printer's resolution, their text, their page sizes."""

import io
import re
from datetime import date
from decimal import Decimal

from PIL import Image, ImageDraw
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtPdf import QPdfDocument

from app.labels.pdf import ensure_gui_app
from app.labels.slip_data import FollowLine, Slip, SlipLine


def logo_png() -> bytes:
    image = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill="navy")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def sample_slip(lines: int = 3, gift: bool = False, gift_message: str = "",
                order: str = "#1001") -> Slip:
    items = tuple(SlipLine(f"SKU-{i:03d}", f"Item {i}", i % 3 + 1,
                           (f"Lot L{i} exp 2027-01-31",) if i % 2 == 0 else (),
                           Decimal("12.50") + i) for i in range(lines))
    return Slip(order, date(2026, 11, 20), 1, 2, 1, "Acme Coffee Ltd",
                ("1 Bean Street", "London E1 6AN"), logo_png(), "Ada Lovelace",
                ("12 St James Sq", "London SW1Y 4JH", "UK"), "GBP", items,
                (FollowLine("MUG-01", "Mug", 2),), "Leave with the neighbour", gift_message,
                gift)


class Pdf:
    def __init__(self, data: bytes) -> None:
        ensure_gui_app()
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.doc = QPdfDocument()
        self.doc.load(self._buffer)
        assert self.doc.status() == QPdfDocument.Status.Ready

    @property
    def pages(self) -> int:
        return self.doc.pageCount()

    def points(self, page: int = 0) -> tuple[int, int]:
        size = self.doc.pagePointSize(page)
        return round(size.width()), round(size.height())

    def text(self, page: int) -> str:
        return self.doc.getAllText(page).text()

    def all_text(self) -> str:
        return "\n".join(self.text(p) for p in range(self.pages))

    def flat(self) -> str:
        """All the text without white space: PDFium's text extraction guesses word and line
        breaks from glyph positions and sometimes breaks inside words."""
        return re.sub(r"\s+", "", self.all_text())

    def image(self, page: int, dpi: int) -> Image.Image:
        w, h = self.points(page)
        rendered = self.doc.render(page, QSize(round(w * dpi / 72), round(h * dpi / 72)))
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        rendered.save(buffer, "PNG")
        buffer.close()
        # QtPdf leaves the page transparent: put it on white paper.
        page = Image.open(io.BytesIO(bytes(data))).convert("RGBA")
        paper = Image.new("RGBA", page.size, "white")
        return Image.alpha_composite(paper, page).convert("L")
