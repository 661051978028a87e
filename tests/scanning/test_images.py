"""Reading barcodes back from rendered images with zbar."""

from datetime import date

import pytest
from barcode import EAN13, Code128, Gs1_128
from barcode.writer import ImageWriter
from PIL import Image

from app.scanning.decode import DecodeConfig, decode
from app.scanning.images import decode_image


def render(symbol_class, data, path, **options):
    # write_text=False: ImageWriter's text layout fails on control characters (FNC1).
    options.setdefault("write_text", False)
    return symbol_class(data, writer=ImageWriter()).save(str(path), options=options)


def test_code128(tmp_path):
    png = render(Code128, "PO-1001", tmp_path / "po")
    assert decode_image(png) == ["PO-1001"]


def test_code128_with_human_text(tmp_path):
    png = render(Code128, "A-01-02", tmp_path / "bin", write_text=True, text="A-01-02")
    assert decode_image(png) == ["A-01-02"]


def test_ean13(tmp_path):
    png = render(EAN13, "401234500001", tmp_path / "ean")  # check digit 6 is added
    assert decode_image(png) == ["4012345000016"]
    assert decode(decode_image(png)[0]).gtin == "04012345000016"


def test_gs1_128_comes_back_with_its_symbology_identifier(tmp_path):
    png = render(Gs1_128, "010401234500001610L2406A\xf117261231", tmp_path / "gs1")
    texts = decode_image(png)
    assert texts == ["]C1010401234500001610L2406A\x1d17261231"]
    reading = decode(texts[0], DecodeConfig(today=date(2026, 6, 1)))
    assert reading.lot == "L2406A"
    assert reading.expiry == date(2026, 12, 31)


def test_plain_code128_with_digits_is_not_gs1(tmp_path):
    png = render(Code128, "0104012345000016", tmp_path / "plain")
    assert decode_image(png) == ["0104012345000016"]


def test_several_barcodes_top_to_bottom(tmp_path):
    first = Image.open(render(Code128, "PO-1001", tmp_path / "a")).convert("L")
    second = Image.open(render(EAN13, "401234500001", tmp_path / "b")).convert("L")
    sheet = Image.new("L", (max(first.width, second.width), first.height + second.height), 255)
    sheet.paste(second, (0, 0))
    sheet.paste(first, (0, second.height))
    sheet.save(tmp_path / "sheet.png")
    assert decode_image(tmp_path / "sheet.png") == ["4012345000016", "PO-1001"]


def test_image_without_barcodes(tmp_path):
    Image.new("RGB", (200, 100), "white").save(tmp_path / "blank.png")
    assert decode_image(tmp_path / "blank.png") == []


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        decode_image(tmp_path / "nope.png")
