"""The printout that goes in the parcel back to a supplier: the seller, the document number as
a Code 128 barcode, the supplier, the date, who packed it, and what went back (item, lot,
quantity). One A4 page; renders what it is handed; written whole or not at all.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image

from app.atomic import atomic_path
from app.labels.document_page import Column, DocumentPage, render_document
from app.labels.sheet_page import DPI, MARGIN, PAGE


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


SKU_X, NAME_X, LOT_X, QTY_R = MARGIN, MARGIN + 480, 1500, PAGE[0] - MARGIN
COLUMNS = (Column("SKU", SKU_X, NAME_X - SKU_X - 20), Column("Name", NAME_X, LOT_X - NAME_X - 20),
           Column("Lot", LOT_X, QTY_R - LOT_X - 160), Column("Qty", QTY_R, right=True))


def render_supplier_return(sheet: ReturnSheet) -> Image.Image:
    """The page, black and white at 300 dpi; lines beyond the page are counted in a last line."""
    return render_document(DocumentPage(
        sheet.seller, f"Return to supplier {sheet.number}", sheet.number,
        [("Supplier", sheet.supplier), ("Date", sheet.created.isoformat()),
         ("Packed by", sheet.user), ("Reason", "Damaged goods returned by our customers")],
        COLUMNS,
        [(line.sku, line.name, line.lot or "-", f"{line.qty:,}") for line in sheet.lines],
        ("", f"Total ({len(sheet.lines)} lines)", "", f"{sum(x.qty for x in sheet.lines):,}")))


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
