"""A purchase order on one A4 page for the supplier: the seller, the PO number as a Code 128
barcode (their goods-in scans it back), the supplier, the dates, the lines and the total.
Renders what it is handed (a PoSheet); written whole or not at all.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw

from app.atomic import atomic_path
from app.labels.demo_sheet import DPI, MARGIN, PAGE, SheetCode, barcode_image
from app.labels.fonts import pil_font


@dataclass(frozen=True)
class PoSheetLine:
    sku: str
    name: str
    qty: int
    unit_cost: Decimal
    value: Decimal


@dataclass(frozen=True)
class PoSheet:
    seller: str  # empty: no seller line
    number: str
    supplier: str
    created: date
    expected: date | None
    dropship: bool
    lines: tuple[PoSheetLine, ...]
    total: Decimal


ROW = 56  # dots a line of the table takes
# Columns: left edge of SKU, name; right edges of qty, unit cost, value.
SKU_X, NAME_X = MARGIN, MARGIN + 520
QTY_R, COST_R, VALUE_R = 1620, 1950, PAGE[0] - MARGIN


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def render_po(po: PoSheet) -> Image.Image:
    """The page, in black and white at 300 dpi. Lines that do not fit on the page are counted
    in a last line (the total still includes them; the CSV export has them all)."""
    page = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(page)
    title, body, bold = pil_font(64, bold=True), pil_font(36), pil_font(36, bold=True)
    top = MARGIN
    if po.seller:
        draw.text((MARGIN, top), _fit(draw, po.seller, bold, PAGE[0] - 2 * MARGIN), font=bold,
                  fill=0)
        top += 70
    kind = "Dropship purchase order" if po.dropship else "Purchase order"
    draw.text((MARGIN, top), f"{kind} {po.number}", font=title, fill=0)
    top += 100
    code = barcode_image(SheetCode("code128", po.number, po.number), height=160)
    page.paste(code, (MARGIN, top))
    top += code.height + 40
    facts = [("Supplier", po.supplier), ("Date", po.created.isoformat()),
             ("Expected", po.expected.isoformat() if po.expected else "-")]
    for label, value in facts:
        draw.text((MARGIN, top), f"{label}:", font=bold, fill=0)
        draw.text((MARGIN + 260, top), _fit(draw, value, body, PAGE[0] - 2 * MARGIN - 260),
                  font=body, fill=0)
        top += ROW
    top += 30
    headings = (("SKU", SKU_X, "la"), ("Name", NAME_X, "la"), ("Qty", QTY_R, "ra"),
                ("Unit cost", COST_R, "ra"), ("Value", VALUE_R, "ra"))
    for text, x, anchor in headings:
        draw.text((x, top), text, font=bold, fill=0, anchor=anchor)
    top += ROW
    draw.line([(MARGIN, top - 8), (PAGE[0] - MARGIN, top - 8)], fill=0, width=3)
    room = (PAGE[1] - MARGIN - top - 2 * ROW) // ROW
    shown = po.lines if len(po.lines) <= room else po.lines[:room - 1]
    for line in shown:
        draw.text((SKU_X, top), _fit(draw, line.sku, body, NAME_X - SKU_X - 20), font=body,
                  fill=0)
        draw.text((NAME_X, top), _fit(draw, line.name, body, QTY_R - NAME_X - 160), font=body,
                  fill=0)
        for value, x in ((f"{line.qty:,}", QTY_R), (f"{line.unit_cost:,.2f}", COST_R),
                         (f"{line.value:,.2f}", VALUE_R)):
            draw.text((x, top), value, font=body, fill=0, anchor="ra")
        top += ROW
    if len(shown) < len(po.lines):
        draw.text((SKU_X, top), f"... and {len(po.lines) - len(shown)} more lines",
                  font=body, fill=0)
        top += ROW
    draw.line([(MARGIN, top + 4), (PAGE[0] - MARGIN, top + 4)], fill=0, width=3)
    top += 20
    units = sum(line.qty for line in po.lines)
    draw.text((NAME_X, top), f"Total ({len(po.lines)} lines)", font=bold, fill=0)
    draw.text((QTY_R, top), f"{units:,}", font=bold, fill=0, anchor="ra")
    draw.text((VALUE_R, top), f"{po.total:,.2f}", font=bold, fill=0, anchor="ra")
    # Pure black and white: stored losslessly in the PDF, so the barcode stays sharp.
    return page.convert("1", dither=Image.Dither.NONE)


def write_po_pdf(path: str | Path, po: PoSheet) -> Path:
    """Write the PO as a one-page A4 PDF; returns the path."""
    path = Path(path)
    page = render_po(po)
    with atomic_path(path) as temp:
        page.save(temp, "PDF", resolution=DPI, title=f"Purchase order {po.number}")
    return path
