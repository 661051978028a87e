"""The returns desk's sheet and the supplier return printout: their barcodes read back."""

import re
from datetime import date

from pyzbar import pyzbar

from app.labels.returns_sheet import render_returns_sheet, write_returns_sheet
from app.labels.supplier_return_pdf import (
    ReturnSheet,
    ReturnSheetLine,
    render_supplier_return,
    write_supplier_return_pdf,
)


def _sheet(lines: int) -> ReturnSheet:
    return ReturnSheet("Acme Shop", "RTS-00042", "Furniture Ltd", date(2026, 6, 1), "ana",
                       tuple(ReturnSheetLine(f"SKU-{n:03d}", "A long item name " * 4,
                                             f"L{n}" if n % 2 else None, n + 1)
                             for n in range(lines)))


def test_the_supplier_return_number_reads_back_on_one_page(tmp_path):
    assert [(s.type, s.data.decode()) for s in pyzbar.decode(render_supplier_return(
        _sheet(3)))] == [("CODE128", "RTS-00042")]
    out = write_supplier_return_pdf(tmp_path / "rts.pdf", _sheet(200))
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1


def test_every_reason_and_grade_on_the_returns_sheet_reads_back(tmp_path):
    reasons = [(f"r{n}", f"Reason number {n}") for n in range(12)]
    pages, drawn = render_returns_sheet(reasons)
    assert len(pages) > 1
    read = [s.data.decode() for page in pages for s in pyzbar.decode(page)]
    assert sorted(read) == sorted(c.data for c in drawn)
    assert {f"#CMD:REASON:R{n}" for n in range(12)} <= set(read)
    assert write_returns_sheet(tmp_path / "s.pdf", reasons).read_bytes().startswith(b"%PDF")
