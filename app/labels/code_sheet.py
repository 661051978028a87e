"""A sheet of barcodes to stick on a desk: A4 pages with a title, a line on how to use them, and
two columns of entries (a heading, a Code 128, a hint under it), so a station works by scanner
alone. The command sheet and the returns desk's sheet are two of them. Drawn like the demo
sheet: 300 dpi, whole-dot modules, quiet zones kept, stored losslessly in the PDF.
"""

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from app.atomic import atomic_path
from app.labels.sheet_page import DPI, MARGIN, PAGE, Fonts, SheetCode, paste_code

ROW_HEIGHT = 400


@dataclass(frozen=True)
class SheetEntry:
    title: str
    code: str  # the text the barcode holds
    hint: str


def render_code_sheet(title: str, subtitle: str, entries: list[SheetEntry]
                      ) -> tuple[list[Image.Image], list[SheetCode]]:
    """The sheet's pages and the codes drawn on them, in order."""
    fonts = Fonts()
    pages: list[Image.Image] = []
    drawn: list[SheetCode] = []
    per_page = (PAGE[1] - 2 * MARGIN - 300) // ROW_HEIGHT * 2
    column = (PAGE[0] - 2 * MARGIN) // 2
    for start in range(0, len(entries), per_page):
        page = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(page)
        draw.text((MARGIN, MARGIN), title, font=fonts.title, fill=0)
        draw.text((MARGIN, MARGIN + 95), subtitle, font=fonts.small, fill=0)
        for n, entry in enumerate(entries[start:start + per_page]):
            left = MARGIN + (n % 2) * column
            top = MARGIN + 250 + (n // 2) * ROW_HEIGHT
            draw.text((left, top), entry.title, font=fonts.heading, fill=0)
            code = SheetCode("code128", entry.code, entry.code)
            paste_code(page, draw, code, left, top + 70, fonts.code, drawn)
            draw.text((left, top + 330), entry.hint, font=fonts.small, fill=0)
        pages.append(page.convert("1", dither=Image.Dither.NONE))
    return pages, drawn


def write_code_sheet(path: str | Path, title: str, pages: list[Image.Image]) -> Path:
    """Write the pages as an A4 PDF at 300 dpi, whole or not at all; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temp:
        pages[0].save(temp, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                      title=title)
    return path
