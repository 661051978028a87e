"""Checks shared by the label tests: decode a rendered label with zbar and compare with what
the layout meant, and measure bars and quiet zones in the pixels themselves."""

from collections import Counter

from PIL import Image
from pyzbar.pyzbar import decode

from app.labels.barcodes import QR_QUIET
from app.labels.layout import Drawing, PlacedBars, PlacedQr


def meant(drawing: Drawing) -> Counter:
    """(type, data) of every symbol on the label, as zbar should report them."""
    codes = [placed.bars.code.zbar for placed in drawing.barcodes]
    codes += [("QRCODE", placed.qr.data) for placed in drawing.qrs]
    return Counter(codes)


def read(image: Image.Image) -> Counter:
    return Counter((symbol.type, symbol.data.decode("utf-8")) for symbol in decode(image))


def read_all(image: Image.Image, drawing: Drawing) -> Counter:
    """What zbar reads. zbar's scanner misses symbols whose module is a single pixel, so
    those (and only those) are read from the same image sampled at twice the resolution, as
    a scanner resolving the printer's dots sees them."""
    found = read(image)
    if any(placed.bars.module == 1 for placed in drawing.barcodes):
        twice = read(image.resize((image.width * 2, image.height * 2), Image.Resampling.NEAREST))
        single = {placed.bars.code.zbar for placed in drawing.barcodes
                  if placed.bars.module == 1}
        for code in single:
            found[code] = max(found[code], twice[code])
    return found


def _row(image: Image.Image, x0: int, x1: int, y: int) -> list[int]:
    return [0 if v < 128 else 1 for v in image.convert("L").crop((x0, y, x1, y + 1)).tobytes()]


def _white(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return True
    return image.convert("L").crop(box).getextrema()[0] >= 128


def check_bars(image: Image.Image, placed: PlacedBars) -> None:
    """Every bar and space is its pattern's number of modules times the module in dots, at
    every height of the symbol; the quiet zones on both sides are white and on the label."""
    bars = placed.bars
    module, pattern = bars.module, bars.code.pattern
    start, end = placed.first_bar, placed.first_bar + bars.symbol_width
    expected = [0 if m == "1" else 1 for m in pattern for _ in range(module)]
    for y in (placed.y, placed.y + placed.height // 2, placed.y + placed.height - 1):
        assert _row(image, start, end, y) == expected, f"bars of {bars.code} at y={y}"
    left = start - bars.quiet_left * module
    right = end + bars.quiet_right * module
    assert left >= 0 and right <= image.width, f"quiet zone of {bars.code} off the label"
    top, bottom = placed.y, placed.y + placed.height
    assert _white(image, (left, top, start, bottom)), f"left quiet zone of {bars.code}"
    assert _white(image, (end, top, right, bottom)), f"right quiet zone of {bars.code}"


def check_qr(image: Image.Image, placed: PlacedQr) -> None:
    """Each QR module is a square of whole dots with the matrix's colour; 4 modules of white
    around it."""
    qr, m = placed.qr, placed.qr.module
    sx, sy = placed.symbol_origin
    pixels = image.convert("L").load()
    for row, cells in enumerate(qr.matrix):
        for col, dark in enumerate(cells):
            for dx, dy in ((0, 0), (m - 1, m - 1)):
                assert (pixels[sx + col * m + dx, sy + row * m + dy] < 128) == dark
    size = qr.width
    x0, y0 = placed.x, placed.y
    assert x0 >= 0 and y0 >= 0 and x0 + size <= image.width and y0 + size <= image.height
    quiet = QR_QUIET * m
    for band in ((x0, y0, x0 + size, sy), (x0, sy + qr.size * m, x0 + size, y0 + size),
                 (x0, y0, sx, y0 + size), (sx + qr.size * m, y0, x0 + size, y0 + size)):
        assert _white(image, band), "QR quiet zone"
    assert sx - x0 == quiet
