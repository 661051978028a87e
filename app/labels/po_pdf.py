"""A purchase order on one A4 page for the supplier: the seller, the PO number as a Code 128
barcode (their goods-in scans it back), the supplier, the dates, the lines and the total.
Renders what it is handed (a PoSheet); written whole or not at all.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from PIL import Image

from app.atomic import atomic_path
from app.labels.document_page import Column, DocumentPage, render_document
from app.labels.sheet_page import DPI, MARGIN, PAGE


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


# Columns: left edge of SKU, name; right edges of qty, unit cost, value.
SKU_X, NAME_X = MARGIN, MARGIN + 520
QTY_R, COST_R, VALUE_R = 1620, 1950, PAGE[0] - MARGIN
COLUMNS = (Column("SKU", SKU_X, NAME_X - SKU_X - 20), Column("Name", NAME_X, QTY_R - NAME_X - 160),
           Column("Qty", QTY_R, right=True), Column("Unit cost", COST_R, right=True),
           Column("Value", VALUE_R, right=True))


def render_po(po: PoSheet) -> Image.Image:
    """The page, in black and white at 300 dpi. Lines that do not fit on the page are counted
    in a last line (the total still includes them; the CSV export has them all)."""
    kind = "Dropship purchase order" if po.dropship else "Purchase order"
    units = sum(line.qty for line in po.lines)
    return render_document(DocumentPage(
        po.seller, f"{kind} {po.number}", po.number,
        [("Supplier", po.supplier), ("Date", po.created.isoformat()),
         ("Expected", po.expected.isoformat() if po.expected else "-")],
        COLUMNS,
        [(line.sku, line.name, f"{line.qty:,}", f"{line.unit_cost:,.2f}", f"{line.value:,.2f}")
         for line in po.lines],
        ("", f"Total ({len(po.lines)} lines)", f"{units:,}", "", f"{po.total:,.2f}")))


def write_po_pdf(path: str | Path, po: PoSheet) -> Path:
    """Write the PO as a one-page A4 PDF; returns the path."""
    path = Path(path)
    page = render_po(po)
    with atomic_path(path) as temp:
        page.save(temp, "PDF", resolution=DPI, title=f"Purchase order {po.number}")
    return path
