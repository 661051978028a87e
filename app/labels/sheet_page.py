"""A4 pages drawn at 300 dpi with Pillow, for the barcode sheets and printouts: the page and
its margin, the fonts, barcodes with every bar on a whole dot (so they read back as printed),
and text cut to fit.
"""

from dataclasses import dataclass
from pathlib import Path

import barcode
from barcode.codex import Gs1_128
from barcode.writer import ImageWriter, mm2px
from PIL import Image, ImageDraw, ImageFont

DPI = 300
PAGE = (2480, 3508)  # A4 at 300 dpi
MARGIN = 150
BAR_HEIGHT = 190  # dots, about 16 mm
# 4 dots = 0.34 mm per module: nominal EAN size, easy for a phone camera.
MODULE_DOTS = 4

@dataclass(frozen=True)
class SheetCode:
    """One barcode on the sheet: its symbology, the data a scanner reads back, and the text
    printed under it."""

    symbology: str  # "code128", "ean13", "ean8" or "gs1-128"
    data: str
    text: str

    @property
    def zbar_type(self) -> str:
        """The symbology name pyzbar reports for it."""
        return {"code128": "CODE128", "gs1-128": "CODE128", "ean13": "EAN13",
                "ean8": "EAN8"}[self.symbology]


# --- barcode images ----------------------------------------------------------------------------


class DotWriter(ImageWriter):
    """python-barcode's ImageWriter with every bar edge on a whole dot.

    The writer works in millimetres; a module of 4 dots is 0.3386.. mm, and the float sums drift
    by a hair, which the stock writer truncates into bars one dot too thin. Rounding keeps
    every bar an exact multiple of the module.
    """

    def _init(self, code: list[str]) -> None:
        width, height = self.calculate_size(len(code[0]), 1)
        self._image = Image.new(self.mode, (round(mm2px(width, self.dpi)),
                                            round(mm2px(height, self.dpi))), self.background)
        self._draw = ImageDraw.Draw(self._image)

    def _paint_module(self, xpos: float, ypos: float, width: float, color) -> None:
        x0, x1 = round(mm2px(xpos, self.dpi)), round(mm2px(xpos + width, self.dpi))
        y0 = round(mm2px(ypos, self.dpi))
        y1 = round(mm2px(ypos + self.module_height, self.dpi))
        if x1 > x0 and color != self.background:
            self._draw.rectangle([(x0, y0), (x1 - 1, y1 - 1)], fill=color)


def dots_to_mm(dots: float) -> float:
    return dots * 25.4 / DPI


def barcode_image(code: SheetCode, module_dots: int = MODULE_DOTS,
                  height: int = BAR_HEIGHT) -> Image.Image:
    """The bars of `code` with their quiet zones (white), no text, in mode L."""
    if code.symbology == "gs1-128":
        # Gs1_128 adds FNC1 in first position; the data is the AI string without brackets.
        symbol = Gs1_128(code.data, writer=DotWriter(mode="L", dpi=DPI))
        quiet = 10
    else:
        cls = barcode.get_barcode_class(code.symbology)
        symbol = cls(code.data, writer=DotWriter(mode="L", dpi=DPI))
        quiet = 11 if code.symbology.startswith("ean") else 10
        if code.symbology.startswith("ean") and symbol.get_fullcode() != code.data:
            raise ValueError(f"{code.data} is not a valid {code.symbology} number")
    module = dots_to_mm(module_dots)
    return symbol.render({
        "module_width": module, "module_height": dots_to_mm(height),
        "quiet_zone": quiet * module, "margin_top": 0, "margin_bottom": 0,
        "write_text": False, "background": "white", "foreground": "black",
    })


def font(size: int, bold: bool = False, mono: bool = False) -> ImageFont.ImageFont:
    names = (["DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"] if mono else
             ["DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"])
    names += [str(Path(barcode.__file__).parent / "fonts" / "DejaVuSansMono.ttf")]
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


class Fonts:
    """The sizes the sheets use."""

    def __init__(self) -> None:
        self.title = font(72, bold=True)
        self.heading = font(50, bold=True)
        self.body = font(38)
        self.bold = font(38, bold=True)
        self.small = font(32)
        self.code = font(34, mono=True)


def fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    """`text` shortened with an ellipsis to fit `width` dots."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def paste_code(page: Image.Image, draw: ImageDraw.ImageDraw, code: SheetCode, left: int,
                top: int, font, codes: list[SheetCode], module_dots: int = MODULE_DOTS) -> int:
    """Draw a barcode with its text centred below; returns its width."""
    image = barcode_image(code, module_dots)
    page.paste(image, (left, top))
    draw.text((left + image.width // 2, top + image.height + 10), code.text, font=font,
              fill=0, anchor="ma")
    codes.append(code)
    return image.width
