"""The PO sent to the supplier as a one-page PDF: its barcode reads back as the PO number."""

import re
from datetime import date
from decimal import Decimal

from pyzbar import pyzbar

from app.labels.po_pdf import PoSheet, PoSheetLine, render_po, write_po_pdf


def _sheet(lines: int, seller: str = "Acme Shop") -> PoSheet:
    rows = tuple(PoSheetLine(f"SKU-{n:03d}", f"Item number {n} with a long name " * 2, n + 1,
                             Decimal("2.50"), Decimal("2.50") * (n + 1)) for n in range(lines))
    return PoSheet(seller, "RP-20260601-01", "Furniture Ltd", date(2026, 6, 1),
                   date(2026, 6, 15), False, rows, sum((r.value for r in rows), Decimal(0)))


def test_the_po_number_reads_back_from_the_barcode():
    page = render_po(_sheet(3))
    read = [(s.type, s.data.decode()) for s in pyzbar.decode(page)]
    assert read == [("CODE128", "RP-20260601-01")]


def test_one_page_whatever_the_number_of_lines_and_written_whole(tmp_path):
    out = tmp_path / "po.pdf"
    out.write_bytes(b"the previous file")
    write_po_pdf(out, _sheet(200, seller=""))
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["po.pdf"]  # no temporary file left
    assert [s.data.decode() for s in pyzbar.decode(render_po(_sheet(200)))] == [
        "RP-20260601-01"]
