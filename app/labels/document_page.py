"""One A4 page for a document that goes to a supplier (a purchase order, a return to
supplier): the seller, a title, the document number as a Code 128 barcode, a few facts, a table
of lines and a total row. Renders what it is handed, black and white at 300 dpi; lines that do
not fit on the page are counted in a last line, so the page is always one.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from app.labels.fonts import pil_font
from app.labels.sheet_page import MARGIN, PAGE, SheetCode, barcode_image, fit

ROW = 56  # dots a line of the table (or a fact) takes


@dataclass(frozen=True)
class Column:
    """A table column: its heading, and where it stands. Text columns start at `x` and are cut
    with an ellipsis to `width` dots; number columns (`right`) end at `x` and are never cut."""

    heading: str
    x: int
    width: int = 0
    right: bool = False


@dataclass(frozen=True)
class DocumentPage:
    seller: str  # empty: no seller line
    title: str
    number: str  # the barcode's data
    facts: Sequence[tuple[str, str]]  # (label, value) lines under the barcode
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]  # a cell per column
    total: Sequence[str]  # the total row, bold, a cell per column ("" for none)


def render_document(doc: DocumentPage) -> Image.Image:
    """The page as a bilevel image at 300 dpi."""
    page = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(page)
    title, body, bold = pil_font(64, bold=True), pil_font(36), pil_font(36, bold=True)
    top = MARGIN
    if doc.seller:
        draw.text((MARGIN, top), fit(draw, doc.seller, bold, PAGE[0] - 2 * MARGIN), font=bold,
                  fill=0)
        top += 70
    draw.text((MARGIN, top), doc.title, font=title, fill=0)
    top += 100
    code = barcode_image(SheetCode("code128", doc.number, doc.number), height=160)
    page.paste(code, (MARGIN, top))
    top += code.height + 40
    for label, value in doc.facts:
        draw.text((MARGIN, top), f"{label}:", font=bold, fill=0)
        draw.text((MARGIN + 260, top), fit(draw, value, body, PAGE[0] - 2 * MARGIN - 260),
                  font=body, fill=0)
        top += ROW
    top += 30
    for column in doc.columns:
        draw.text((column.x, top), column.heading, font=bold, fill=0,
                  anchor="ra" if column.right else "la")
    top += ROW
    draw.line([(MARGIN, top - 8), (PAGE[0] - MARGIN, top - 8)], fill=0, width=3)
    # Room for the lines, keeping two rows for "... and N more" and the total.
    room = (PAGE[1] - MARGIN - top - 2 * ROW) // ROW
    shown = doc.rows if len(doc.rows) <= room else doc.rows[:room - 1]
    for row in shown:
        for column, text in zip(doc.columns, row, strict=True):
            if column.right:
                draw.text((column.x, top), text, font=body, fill=0, anchor="ra")
            else:
                draw.text((column.x, top), fit(draw, text, body, column.width), font=body,
                          fill=0)
        top += ROW
    if len(shown) < len(doc.rows):
        draw.text((doc.columns[0].x, top), f"... and {len(doc.rows) - len(shown)} more lines",
                  font=body, fill=0)
        top += ROW
    draw.line([(MARGIN, top + 4), (PAGE[0] - MARGIN, top + 4)], fill=0, width=3)
    top += 20
    for column, text in zip(doc.columns, doc.total, strict=True):
        if text:
            draw.text((column.x, top), text, font=bold, fill=0,
                      anchor="ra" if column.right else None)
    # Pure black and white: stored losslessly in the PDF, so the barcode stays sharp.
    return page.convert("1", dither=Image.Dither.NONE)
