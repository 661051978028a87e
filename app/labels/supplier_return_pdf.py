"""The printout that goes in the parcel back to a supplier: the seller, the document number as
a Code 128 barcode, the supplier, the date, who packed it, and what went back (item, lot,
quantity). One A4 page; renders what it is handed; written whole or not at all.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

from app.atomic import atomic_path
from app.labels.demo_sheet import DPI, MARGIN, PAGE, SheetCode, barcode_image
from app.labels.fonts import pil_font


@dataclass(frozen=True)
class ReturnSheetLine:
    sku: str
    name: str
    lot: str | None
    qty: int


@dataclass(frozen=True)
class ReturnSheet:
    seller: str  # empty: no seller line
    number: str
    supplier: str
    created: date
    user: str
    lines: tuple[ReturnSheetLine, ...]


ROW = 56
SKU_X, NAME_X, LOT_X, QTY_R = MARGIN, MARGIN + 480, 1500, PAGE[0] - MARGIN


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def render_supplier_return(sheet: ReturnSheet) -> Image.Image:
    """The page, black and white at 300 dpi; lines beyond the page are counted in a last line."""
    page = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(page)
    title, body, bold = pil_font(64, bold=True), pil_font(36), pil_font(36, bold=True)
    top = MARGIN
    if sheet.seller:
        draw.text((MARGIN, top), _fit(draw, sheet.seller, bold, PAGE[0] - 2 * MARGIN),
                  font=bold, fill=0)
        top += 70
    draw.text((MARGIN, top), f"Return to supplier {sheet.number}", font=title, fill=0)
    top += 100
    code = barcode_image(SheetCode("code128", sheet.number, sheet.number), height=160)
    page.paste(code, (MARGIN, top))
    top += code.height + 40
    for label, value in (("Supplier", sheet.supplier), ("Date", sheet.created.isoformat()),
                         ("Packed by", sheet.user),
                         ("Reason", "Damaged goods returned by our customers")):
        draw.text((MARGIN, top), f"{label}:", font=bold, fill=0)
        draw.text((MARGIN + 260, top), _fit(draw, value, body, PAGE[0] - 2 * MARGIN - 260),
                  font=body, fill=0)
        top += ROW
    top += 30
    for text, x, anchor in (("SKU", SKU_X, "la"), ("Name", NAME_X, "la"), ("Lot", LOT_X, "la"),
                            ("Qty", QTY_R, "ra")):
        draw.text((x, top), text, font=bold, fill=0, anchor=anchor)
    top += ROW
    draw.line([(MARGIN, top - 8), (PAGE[0] - MARGIN, top - 8)], fill=0, width=3)
    room = (PAGE[1] - MARGIN - top - 2 * ROW) // ROW
    shown = sheet.lines if len(sheet.lines) <= room else sheet.lines[:room - 1]
    for line in shown:
        draw.text((SKU_X, top), _fit(draw, line.sku, body, NAME_X - SKU_X - 20), font=body,
                  fill=0)
        draw.text((NAME_X, top), _fit(draw, line.name, body, LOT_X - NAME_X - 20), font=body,
                  fill=0)
        draw.text((LOT_X, top), _fit(draw, line.lot or "-", body, QTY_R - LOT_X - 160),
                  font=body, fill=0)
        draw.text((QTY_R, top), f"{line.qty:,}", font=body, fill=0, anchor="ra")
        top += ROW
    if len(shown) < len(sheet.lines):
        draw.text((SKU_X, top), f"... and {len(sheet.lines) - len(shown)} more lines",
                  font=body, fill=0)
        top += ROW
    draw.line([(MARGIN, top + 4), (PAGE[0] - MARGIN, top + 4)], fill=0, width=3)
    top += 20
    draw.text((NAME_X, top), f"Total ({len(sheet.lines)} lines)", font=bold, fill=0)
    draw.text((QTY_R, top), f"{sum(x.qty for x in sheet.lines):,}", font=bold, fill=0,
              anchor="ra")
    return page.convert("1", dither=Image.Dither.NONE)


def supplier_return_pdf(sheet: ReturnSheet) -> bytes:
    """The page as PDF bytes (for a print job)."""
    import io

    out = io.BytesIO()
    render_supplier_return(sheet).save(out, "PDF", resolution=DPI,
                                       title=f"Return to supplier {sheet.number}")
    return out.getvalue()


def write_supplier_return_pdf(path: str | Path, sheet: ReturnSheet) -> Path:
    path = Path(path)
    page = render_supplier_return(sheet)
    with atomic_path(path) as temp:
        page.save(temp, "PDF", resolution=DPI, title=f"Return to supplier {sheet.number}")
    return path
