"""Barcode geometry at a printer's resolution: which symbol, its modules, and a module width
that is a whole number of printer dots.

python-barcode gives the module pattern (Code 128, GS1-128, EAN-13, UPC-A, EAN-8); segno the QR
matrix. Thermal printers print crisp bars only when every bar edge falls on a dot, so a module
is always a whole number of dots: the widest that fits the box, never wider than the field
allows. Quiet zones: at least 10 modules each side of Code 128 / GS1-128, the standard ones for
EAN/UPC (11 left and 7 right for EAN-13, 9 each side for UPC-A, 7 for EAN-8), 4 for QR.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import segno
from barcode import EAN8, EAN13, UPCA, Code128
from barcode.codex import Gs1_128
from barcode.errors import BarcodeError
from biip.checksums import gs1_standard_check_digit as gtin_check_digit

from app.errors import BinwiseError

SYMBOLOGIES = ("code128", "gs1-128", "ean13", "upca", "ean8")
# GS1 character set 82: what AI (10) may carry.
CSET82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
                   "abcdefghijklmnopqrstuvwxyz")
_EAN_QUIET = {"ean13": (11, 7), "upca": (9, 9), "ean8": (7, 7)}
QR_QUIET = 4


@dataclass(frozen=True)
class Code:
    """One linear barcode: its symbology and the data it carries.

    `data` is what is encoded: the digits with check digit for EAN/UPC, the element string
    without brackets for GS1-128 (the leading FNC1 is added when building).
    """

    symbology: str
    data: str

    def __post_init__(self) -> None:
        if self.symbology not in SYMBOLOGIES:
            raise ValueError(f"unknown symbology {self.symbology!r}")

    @property
    def hri(self) -> str:
        """The human-readable interpretation printed under the bars."""
        d = self.data
        if self.symbology == "ean13":
            return f"{d[0]} {d[1:7]} {d[7:]}"
        if self.symbology == "upca":
            return f"{d[0]} {d[1:6]} {d[6:11]} {d[11]}"
        if self.symbology == "ean8":
            return f"{d[:4]} {d[4:]}"
        if self.symbology == "gs1-128":
            return gs1_hri(d)
        return d

    @property
    def zbar(self) -> tuple[str, str]:
        """(type, data) as pyzbar reports this symbol: UPC-A comes back as EAN-13 with a
        leading 0, GS1-128 as CODE128 without its leading FNC1."""
        if self.symbology == "upca":
            return "EAN13", "0" + self.data
        if self.symbology in ("code128", "gs1-128"):
            return "CODE128", self.data
        return self.symbology.upper(), self.data

    @cached_property
    def pattern(self) -> str:
        """The modules, "1" dark and "0" light, without quiet zones."""
        # A fresh python-barcode object each time: build() leaves its charset state behind.
        try:
            if self.symbology == "code128":
                return Code128(self.data).build()[0]
            if self.symbology == "gs1-128":
                return Gs1_128(self.data).build()[0]
            symbol = {"ean13": EAN13, "upca": UPCA, "ean8": EAN8}[self.symbology]
            built = symbol(self.data[:-1])
            if built.get_fullcode() != self.data:
                raise BinwiseError(f"{self.data} has a wrong check digit for {self.symbology}.")
            return built.build()[0]
        except BarcodeError as error:
            raise BinwiseError(f"'{self.data}' cannot be printed as {self.symbology}: "
                               f"{error}") from None

    @cached_property
    def code128_values(self) -> list[int]:
        """The Code 128 symbol values (start code, data, code set changes; no check digit
        or stop), as python-barcode chose them: ZPL output repeats the same choices."""
        cls = Gs1_128 if self.symbology == "gs1-128" else Code128
        return cls(self.data)._build()

    def quiet_zones(self, code128_quiet: int = 10) -> tuple[int, int]:
        return _EAN_QUIET.get(self.symbology, (code128_quiet, code128_quiet))


def gs1_hri(element_string: str) -> str:
    """Brackets around the AIs of our lot strings: (01) 14 digits, (17) 6 digits, (10) rest."""
    out, rest = "", element_string
    while rest:
        ai = rest[:2]
        if ai == "01":
            out, rest = out + f"(01){rest[2:16]}", rest[16:]
        elif ai == "17":
            out, rest = out + f"(17){rest[2:8]}", rest[8:]
        else:
            out, rest = out + f"({ai}){rest[2:]}", ""
    return out


def gtin_code(gtin14: str) -> Code:
    """The symbol an item's GTIN is printed as (see the module docstring of templates)."""
    if len(gtin14) != 14 or not gtin14.isdigit() or \
            gtin_check_digit(gtin14[:-1]) != int(gtin14[-1]):
        raise BinwiseError(f"'{gtin14}' is not a valid GTIN.")
    if gtin14.startswith("000000"):
        return Code("ean8", gtin14[6:])
    if gtin14.startswith("00"):
        return Code("upca", gtin14[2:])
    if gtin14.startswith("0"):
        return Code("ean13", gtin14[1:])
    return Code("gs1-128", "01" + gtin14)


def lot_code(gtin14: str, lot: str, expiry: date | None) -> Code | None:
    """GS1-128 (01) GTIN (17) expiry (10) lot; None when the lot code cannot be an AI (10)
    value (more than 20 characters, or characters outside GS1's set)."""
    if not lot or len(lot) > 20 or not set(lot) <= CSET82:
        return None
    data = "01" + gtin14 + (f"17{expiry:%y%m%d}" if expiry else "") + "10" + lot
    return Code("gs1-128", data)


def check_code128(text: str) -> None:
    if not text or not text.isascii() or not text.isprintable():
        raise BinwiseError(f"'{text}' cannot be printed as Code 128: it takes letters, digits "
                           "and ASCII punctuation only.")


@dataclass(frozen=True)
class Bars:
    """A linear symbol at a module width in whole dots, quiet zones included."""

    code: Code
    module: int  # dots
    quiet_left: int  # modules
    quiet_right: int

    @property
    def modules(self) -> int:
        return self.quiet_left + len(self.code.pattern) + self.quiet_right

    @property
    def width(self) -> int:
        """Dots, quiet zones included."""
        return self.modules * self.module

    @property
    def symbol_width(self) -> int:
        """Dots from the first bar to the end of the last, without quiet zones."""
        return len(self.code.pattern) * self.module

    def runs(self) -> list[tuple[int, int]]:
        """The dark bars as (offset, width) in dots from the first bar."""
        out, start = [], None
        pattern = self.code.pattern + "0"
        for index, module in enumerate(pattern):
            if module == "1" and start is None:
                start = index
            elif module == "0" and start is not None:
                out.append((start * self.module, (index - start) * self.module))
                start = None
        return out


def fit_bars(code: Code, width_dots: int, dpi: int, max_module_mm: float = 0.5,
             max_module_dots: int | None = None, quiet: int = 10,
             room_dots: int | None = None) -> Bars:
    """The widest whole-dot module at which the bars of `code` fit `width_dots` and, with
    their quiet zones, `room_dots` (the box plus the blank margin around it)."""
    if code.symbology in ("code128", "gs1-128"):
        check_code128(code.data.replace("\x1d", ""))
    left, right = code.quiet_zones(quiet)
    total = left + len(code.pattern) + right
    room = max(width_dots, room_dots or 0)
    module = min(width_dots // len(code.pattern), room // total,
                 max(1, int(max_module_mm * dpi / 25.4)))
    if max_module_dots:
        module = min(module, max_module_dots)
    if module < 1:
        raise BinwiseError(
            f"The barcode for '{code.hri}' needs {total} dots but the label has room for "
            f"{room} at {dpi} dpi: choose a larger label or a higher resolution.")
    return Bars(code, module, left, right)


@dataclass(frozen=True)
class Qr:
    data: str
    matrix: tuple[tuple[bool, ...], ...]
    module: int  # dots

    @property
    def size(self) -> int:
        """Modules a side, without the quiet zone."""
        return len(self.matrix)

    @property
    def width(self) -> int:
        """Dots a side, quiet zone included."""
        return (self.size + 2 * QR_QUIET) * self.module

    def runs(self) -> list[tuple[int, int, int]]:
        """Dark runs as (row, first column, length) in modules, for drawing as rectangles."""
        out = []
        for row, cells in enumerate(self.matrix):
            start = None
            for column, dark in enumerate((*cells, False)):
                if dark and start is None:
                    start = column
                elif not dark and start is not None:
                    out.append((row, start, column - start))
                    start = None
        return out


def fit_qr(data: str, side_dots: int, dpi: int, max_module_mm: float = 1.5,
           max_module_dots: int | None = None) -> Qr:
    # Error correction M, not boosted: the same version a Zebra picks for ^BQ with "MA,".
    symbol = segno.make_qr(data, error="m", boost_error=False)
    matrix = tuple(tuple(bool(v) for v in row) for row in symbol.matrix)
    module = min(side_dots // (len(matrix) + 2 * QR_QUIET), max(1, int(max_module_mm * dpi / 25.4)))
    if max_module_dots:
        module = min(module, max_module_dots)
    if module < 1:
        raise BinwiseError(f"The QR code for '{data}' does not fit the label at {dpi} dpi.")
    return Qr(data, matrix, module)
