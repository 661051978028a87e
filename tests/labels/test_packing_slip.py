"""The packing slip PDF: the order barcode reads back at label-printer and office resolutions,
the paper sizes, the gift version without a single price, long orders flowing onto further
pages with the header repeated."""

import re

import pytest
from pyzbar.pyzbar import decode

from app.labels.packing_slip import render_slip
from app.labels.slip_data import paper_named, slip_file_name
from tests.labels.slip_samples import Pdf, sample_slip

PAPER_POINTS = {"A4": (595, 842), "Letter": (612, 792), "4x6": (288, 432)}


@pytest.mark.parametrize("paper", list(PAPER_POINTS))
@pytest.mark.parametrize("dpi", [203, 300])
def test_the_order_barcode_reads_back_at_printer_resolutions(paper, dpi):
    pdf = Pdf(render_slip(sample_slip(order="#1001-B"), paper))
    found = {(s.type, s.data.decode()) for s in decode(pdf.image(0, dpi))}
    assert ("CODE128", "#1001-B") in found


@pytest.mark.parametrize("paper", list(PAPER_POINTS))
def test_the_page_is_the_paper_asked_for(paper):
    pdf = Pdf(render_slip(sample_slip(), paper))
    assert pdf.pages == 1
    w, h = pdf.points()
    assert abs(w - PAPER_POINTS[paper][0]) <= 1 and abs(h - PAPER_POINTS[paper][1]) <= 1


def test_the_slip_shows_seller_ship_to_lines_lots_prices_total_note_and_follow_up():
    text = Pdf(render_slip(sample_slip(lines=3))).flat()
    for expected in ("AcmeCoffeeLtd", "1BeanStreet", "AdaLovelace", "LondonSW1Y4JH",
                     "Order#1001", "2026-11-20", "Shipment1of2", "SKU-000", "Item2",
                     "LotL0exp2027-01-31", "12.50", "Total", "43.50",
                     "Leavewiththeneighbour", "MUG-01"):
        assert expected in text, expected
    # 1 × 12.50 + 2 × 13.50 + 3 × 14.50
    assert "83.00" in text


def test_the_gift_version_has_no_price_anywhere():
    slip = sample_slip(lines=3, gift=True, gift_message="Happy birthday, Grace!")
    assert not slip.priced and slip.total is None
    text = Pdf(render_slip(slip)).flat()
    assert "Happybirthday,Grace!" in text and "SKU-002" in text
    assert not re.search(r"\d+\.\d\d", text), text
    assert "Price" not in text and "Total" not in text and "GBP" not in text


@pytest.mark.parametrize("paper", ["A4", "4x6"])
def test_many_lines_flow_onto_more_pages_with_the_header_on_each(paper):
    slip = sample_slip(lines=80, gift_message="Enjoy!")
    pdf = Pdf(render_slip(slip, paper))
    assert pdf.pages >= 2
    texts = [re.sub(r"\s+", "", pdf.text(p)) for p in range(pdf.pages)]
    for number, text in enumerate(texts, start=1):
        assert "Packingslip" in text and "AdaLovelace" in text
        assert f"page{number}of{pdf.pages}" in text
    everything = "\n".join(texts)
    assert all(everything.count(f"SKU-{i:03d}") == 1 for i in range(80))
    assert "Enjoy!" in texts[-1]
    for page in range(pdf.pages):
        found = {s.data.decode() for s in decode(pdf.image(page, 203))}
        assert "#1001" in found


def test_paper_names_and_file_names():
    assert paper_named("letter") == "Letter" and paper_named("4x6in") == "4x6"
    assert paper_named("A5") == "A4"
    assert slip_file_name("#1001", 2) == "slip-1001-2.pdf"
    assert slip_file_name("../x y", 1) == "slip-..xy-1.pdf"
