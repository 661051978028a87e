"""Reading barcodes from an image file (a photo or a scanned delivery note) with zbar.

`decode_image(path)` returns the text of every barcode found, shaped like what a wedge scanner
with AIM symbology identifiers would send, so the result goes straight into `decode()`:
GS1 symbols (GS1-128, GS1 QR, GS1 DataBar) come back with their identifier (`]C1`, `]Q3`,
`]e0`) and inner FNC1 as GS; everything else comes back as its plain data.

zbar reads Code 128, EAN/UPC, Code 39, ITF, DataBar and QR, but not DataMatrix.

pyzbar does not expose zbar's symbol modifiers, and the GS1 flag is the only way to tell a
GS1-128 from a plain Code 128 (zbar drops the leading FNC1). So the symbols are walked here
through pyzbar's ctypes bindings, with `zbar_symbol_get_modifiers` bound from the same library.
"""

from __future__ import annotations

import os
from ctypes import POINTER, c_uint, c_void_p, cast, string_at
from functools import cache

from PIL import Image
from pyzbar import wrapper as zbar
from pyzbar.pyzbar_error import PyZbarError

_ZBAR_MOD_GS1 = 0  # zbar.h: enum zbar_modifier_e
_Y800 = 808466521  # zbar's fourcc for 8-bit greyscale ("Y800")

# AIM identifier of each zbar symbol type when it carries GS1 data.
_GS1_SYMBOLOGY = {
    zbar.ZBarSymbol.CODE128: "]C1",
    zbar.ZBarSymbol.QRCODE: "]Q3",
    zbar.ZBarSymbol.DATABAR: "]e0",
    zbar.ZBarSymbol.DATABAR_EXP: "]e0",
}


@cache
def _get_modifiers():
    return zbar.zbar_function(
        "zbar_symbol_get_modifiers", c_uint, POINTER(zbar.zbar_symbol))


def decode_image(path: str | os.PathLike) -> list[str]:
    """All barcodes in the image at `path`, top to bottom, then left to right.

    Raises OSError (FileNotFoundError, PIL's UnidentifiedImageError) when the file cannot be
    read as an image; an image without barcodes gives [].
    """
    with Image.open(path) as image:
        grey = image.convert("L")
    width, height = grey.size
    pixels = grey.tobytes()

    found: list[tuple[int, int, str]] = []
    scanner = zbar.zbar_image_scanner_create()
    if not scanner:
        raise PyZbarError("Could not create a zbar image scanner")
    try:
        img = zbar.zbar_image_create()
        if not img:
            raise PyZbarError("Could not create a zbar image")
        try:
            zbar.zbar_image_set_format(img, _Y800)
            zbar.zbar_image_set_size(img, width, height)
            zbar.zbar_image_set_data(img, cast(pixels, c_void_p), len(pixels), None)
            if zbar.zbar_scan_image(scanner, img) < 0:
                raise PyZbarError("zbar could not scan the image")
            symbol = zbar.zbar_image_first_symbol(img)
            while symbol:
                found.append(_read_symbol(symbol))
                symbol = zbar.zbar_symbol_next(symbol)
        finally:
            zbar.zbar_image_destroy(img)
    finally:
        zbar.zbar_image_scanner_destroy(scanner)
    return [text for _, _, text in sorted(found)]


def _read_symbol(symbol) -> tuple[int, int, str]:
    data = string_at(zbar.zbar_symbol_get_data(symbol), zbar.zbar_symbol_get_data_length(symbol))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # Code 128 carries bytes, not UTF-8
    is_gs1 = bool(_get_modifiers()(symbol) & (1 << _ZBAR_MOD_GS1))
    try:
        prefix = _GS1_SYMBOLOGY.get(zbar.ZBarSymbol(symbol.contents.type), "")
    except ValueError:  # a symbol type newer than pyzbar's table
        prefix = ""
    if is_gs1 and prefix:
        text = prefix + text
    points = [(zbar.zbar_symbol_get_loc_y(symbol, i), zbar.zbar_symbol_get_loc_x(symbol, i))
              for i in range(zbar.zbar_symbol_get_loc_size(symbol))]
    top, left = min(points) if points else (0, 0)
    return top, left, text
