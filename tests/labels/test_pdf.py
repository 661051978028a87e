"""PDFs through Qt: page count and page size, and the pages read back with zbar once rasterised
(with poppler's pdftoppm when it is installed); the same Qt drawing read from an image."""

import re
import shutil
import subprocess
from collections import Counter

import pytest
from PIL import Image

from app.labels import pdf
from app.labels.layout import draw_label
from app.labels.templates import DPIS, SIZES, BinLabel, ItemLabel
from tests.labels.checks import check_bars, meant, read, read_all
from tests.labels.samples import SAMPLES

POINTS_PER_MM = 72 / 25.4


def pages_and_boxes(path) -> tuple[int, list[tuple[float, float]]]:
    data = path.read_bytes()
    pages = len(re.findall(rb"/Type /Page(?!s)", data))
    boxes = [(float(w), float(h)) for w, h in
             re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)]
    return pages, boxes


def rasterise(path, dpi: int, tmp_path) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path),
                    str(tmp_path / "page")], check=True, timeout=120)
    return [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]


@pytest.mark.parametrize("size", [n for n, s in SIZES.items() if s.sheet is None])
def test_roll_pdf_has_a_page_per_label_of_the_label_size(size, tmp_path):
    labels = [SAMPLES["bin-qr-arrow"], SAMPLES["item-ean13"], SAMPLES["lot-expiry"]]
    drawings = [draw_label(label, SIZES[size], 300) for label in labels]
    path = tmp_path / "labels.pdf"
    assert pdf.write_pdf(path, drawings, SIZES[size]) == 3
    pages, boxes = pages_and_boxes(path)
    assert pages == 3 and len(boxes) == 3
    width, height = SIZES[size].width * POINTS_PER_MM, SIZES[size].height * POINTS_PER_MM
    for w, h in boxes:
        # Qt sizes pages in whole points: within half a point (0.18 mm) of the label.
        assert abs(w - width) <= 0.5 and abs(h - height) <= 0.5


@pytest.mark.parametrize("size, page_points", [
    ("a4-3x8", (595, 842)), ("a4-3x10", (595, 842)), ("letter-3x10", (612, 792))])
def test_sheet_pdf_fills_pages_of_the_sheet(size, page_points, tmp_path):
    per_page = SIZES[size].sheet.per_page
    bins = [BinLabel(f"A-{n // 10:02d}-{n % 10:02d}", "A") for n in range(per_page + 5)]
    path = tmp_path / "sheet.pdf"
    assert pdf.write_pdf(path, [draw_label(b, SIZES[size], 300) for b in bins],
                         SIZES[size]) == 2
    pages, boxes = pages_and_boxes(path)
    assert pages == 2 and set(boxes) == {page_points}
    images = rasterise(path, 300, tmp_path)
    assert Counter(read(images[0])) == Counter(("CODE128", b.code) for b in bins[:per_page])
    assert Counter(read(images[1])) == Counter(("CODE128", b.code) for b in bins[per_page:])


@pytest.mark.parametrize("dpi", DPIS)
def test_pdf_pages_read_back_at_the_printer_resolution(dpi, tmp_path):
    size = SIZES["4x2in"]
    drawings = [draw_label(label, size, dpi) for label in SAMPLES.values()]
    path = tmp_path / "all.pdf"
    pdf.write_pdf(path, drawings, size)
    images = rasterise(path, dpi, tmp_path)
    assert len(images) == len(drawings)
    for image, drawing in zip(images, drawings, strict=True):
        assert read_all(image, drawing) == meant(drawing)
        for placed in drawing.barcodes:
            # Vector bars on whole dots come out of the rasteriser dot for dot.
            check_bars(image, placed)


@pytest.mark.parametrize("sample", list(SAMPLES))
def test_qt_drawing_reads_back_like_pillows(sample):
    drawing = draw_label(SAMPLES[sample], SIZES["100x50mm"], 300)
    image = pdf.to_qimage(drawing)
    as_pil = Image.frombytes("L", (image.width(), image.height()), bytes(image.constBits()),
                             "raw", "L", image.bytesPerLine())
    assert read(as_pil) == meant(drawing)
    for placed in drawing.barcodes:
        check_bars(as_pil, placed)


def test_pdf_text_is_real_text(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "item.pdf"
    pdf.write_pdf(path, [draw_label(ItemLabel("MUG-01", "Mug, blue"), SIZES["4x2in"], 203)],
                  SIZES["4x2in"])
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "MUG-01" in text and "Mug, blue" in text

