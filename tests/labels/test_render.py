"""Every template at every size and resolution: rendered, decoded back with zbar, bars and quiet
zones measured in the pixels."""

import pytest
from PIL import Image

from app.labels.layout import draw_label
from app.labels.render import sheet_pages, to_image, write_pngs
from app.labels.templates import DPIS, SIZES, BinLabel, ItemLabel
from tests.labels.checks import check_bars, check_qr, meant, read, read_all
from tests.labels.samples import SAMPLES


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_every_barcode_reads_back_as_meant(sample, size, dpi):
    label = SAMPLES[sample]
    drawing = draw_label(label, SIZES[size], dpi)
    image = to_image(drawing)
    assert image.size == (drawing.width, drawing.height)
    assert drawing.barcodes, "every label has a barcode"

    assert read_all(image, drawing) == meant(drawing)
    for placed in drawing.barcodes:
        check_bars(image, placed)
        if placed.bars.code.symbology in ("code128", "gs1-128"):
            assert placed.bars.quiet_left >= 10 and placed.bars.quiet_right >= 10
        if placed.bars.module == 1:
            # Only ever with a warning that says so.
            assert drawing.warnings
    for placed in drawing.qrs:
        check_qr(image, placed)


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("size", list(SIZES))
def test_nothing_leaves_the_label(size, dpi):
    for label in SAMPLES.values():
        drawing = draw_label(label, SIZES[size], dpi)
        for x0, y0, x1, y1 in drawing.rects():
            assert 0 <= x0 < x1 <= drawing.width and 0 <= y0 < y1 <= drawing.height
        for text in drawing.texts:
            assert 0 <= text.x and text.baseline <= drawing.height
        image = to_image(drawing)
        # A white frame: nothing printed in the outermost millimetre.
        edge = round(dpi / 25.4)
        pixels = image.convert("L")
        for box in ((0, 0, image.width, edge), (0, image.height - edge, image.width, image.height),
                    (0, 0, edge, image.height), (image.width - edge, 0, image.width, image.height)):
            assert pixels.crop(box).getextrema()[0] == 255, f"{label} touches the edge at {box}"


def test_the_bin_code_is_the_largest_text():
    drawing = draw_label(SAMPLES["bin"], SIZES["100x50mm"], 203)
    code = next(t for t in drawing.texts if t.text == "A-01-01")
    assert code.bold and code.size == max(t.size for t in drawing.texts)
    assert code.size >= round(14 / 25.4 * 203)  # an em of 14 mm or more, readable from afar


def test_module_widths_are_whole_dots_and_grow_with_resolution():
    modules = {dpi: draw_label(SAMPLES["item-ean13"], SIZES["4x2in"], dpi).barcodes[0].bars.module
               for dpi in DPIS}
    assert all(isinstance(m, int) for m in modules.values())
    assert modules[203] < modules[300] < modules[600]
    # Same physical size within a dot at each resolution: 0.66 mm at most (EAN at 200 %).
    for dpi, module in modules.items():
        assert 0.66 - 25.4 / dpi < module * 25.4 / dpi <= 0.66


def test_thin_bars_come_with_a_warning():
    drawing = draw_label(SAMPLES["lot-expiry"], SIZES["2x1in"], 203)
    assert drawing.barcodes[0].bars.module == 1
    assert "0.125 mm" in drawing.warnings[0]
    assert not draw_label(SAMPLES["lot-expiry"], SIZES["4x2in"], 203).warnings


def test_a_sheet_page_holds_its_labels_in_rows():
    size = SIZES["a4-3x8"]
    bins = [BinLabel(f"A-01-{n:02d}", "A") for n in range(1, 27)]
    pages = sheet_pages([draw_label(b, size, 300) for b in bins], size)
    assert len(pages) == 2
    assert pages[0].size == (2480, 3508)  # A4 at 300 dpi
    assert sorted(data for _, data in read(pages[0])) == sorted(b.code for b in bins[:24])
    assert sorted(data for _, data in read(pages[1])) == ["A-01-25", "A-01-26"]


def test_letter_sheet_keeps_avery_5160_margins():
    size = SIZES["letter-3x10"]
    items = [ItemLabel(f"FILT-{n:02d}", "Paper filters") for n in range(30)]
    pages = sheet_pages([draw_label(item, size, 300) for item in items], size)
    page = pages[0].convert("L")
    assert page.size == (2550, 3300)
    # Half an inch at the top and 3/16 in at the sides stay blank.
    assert page.crop((0, 0, 2550, 150)).getextrema()[0] == 255
    assert page.crop((0, 0, 56, 3300)).getextrema()[0] == 255
    # zbar reports each distinct symbol once, so every label carries its own SKU.
    assert read(pages[0]) == {("CODE128", item.sku): 1 for item in items}


def test_png_files_one_per_label_or_per_page(tmp_path):
    drawings = [draw_label(SAMPLES["bin"], SIZES["2x1in"], 300)] * 3
    files = write_pngs(drawings, SIZES["2x1in"], tmp_path / "roll")
    assert [f.name for f in files] == ["label-0001.png", "label-0002.png", "label-0003.png"]
    with Image.open(files[0]) as image:
        assert image.size == (600, 300)
        assert round(image.info["dpi"][0]) == 300
    sheet = write_pngs([draw_label(SAMPLES["bin"], SIZES["a4-3x10"], 300)] * 31,
                       SIZES["a4-3x10"], tmp_path / "sheet")
    assert [f.name for f in sheet] == ["page-01.png", "page-02.png"]
