"""Placing a template's fields at a printer's resolution: everything in whole dots.

A `Drawing` is one label as the printer will see it: text lines with their font size and
baseline, barcodes with their module width and quiet zones, QR codes, arrows. Pillow
(`render`), Qt (`pdf`) and ZPL (`zpl`) all draw from the same drawing, so the three outputs
agree on where every bar goes.
"""

from dataclasses import dataclass, field

from app.labels.barcodes import QR_QUIET, Bars, Qr, fit_bars, fit_qr
from app.labels.fonts import fit_text, pil_font
from app.labels.templates import (
    ArrowField,
    BarcodeField,
    Box,
    Field,
    Label,
    LabelSize,
    QrField,
    TextField,
    fields_for,
)

# About 6.3 mil: narrower modules need a high-density scanner.
THIN_MODULE_MM = 0.16
Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 in dots, x1/y1 exclusive
Polygon = tuple[tuple[int, int], ...]


def dots(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


@dataclass(frozen=True)
class PlacedText:
    x: int  # where the text starts, as measured with the label font
    baseline: int
    size: int  # em in dots
    bold: bool
    text: str
    # The box it was fitted to, for printers that align text themselves (ZPL ^FB).
    box_x: int
    box_w: int
    align: str


@dataclass(frozen=True)
class PlacedBars:
    x: int  # left edge of the left quiet zone
    y: int
    height: int
    bars: Bars

    @property
    def first_bar(self) -> int:
        return self.x + self.bars.quiet_left * self.bars.module

    def rects(self) -> list[Rect]:
        x0 = self.first_bar
        return [(x0 + off, self.y, x0 + off + w, self.y + self.height)
                for off, w in self.bars.runs()]


@dataclass(frozen=True)
class PlacedQr:
    x: int  # corner of the quiet zone
    y: int
    qr: Qr

    @property
    def symbol_origin(self) -> tuple[int, int]:
        offset = QR_QUIET * self.qr.module
        return self.x + offset, self.y + offset

    def rects(self) -> list[Rect]:
        m = self.qr.module
        sx, sy = self.symbol_origin
        return [(sx + col * m, sy + row * m, sx + (col + length) * m, sy + (row + 1) * m)
                for row, col, length in self.qr.runs()]


@dataclass(frozen=True)
class Diagonal:
    """A slanted stroke from corner to corner of a box, `thickness` dots measured across
    (the geometry of ZPL's ^GD). "R" rises to the right (/), "L" falls to the right (\\)."""

    x: int
    y: int
    w: int
    h: int
    thickness: int
    orientation: str

    def polygon(self) -> Polygon:
        x, y, w, h, t = self.x, self.y, self.w, self.h, self.thickness
        if self.orientation == "R":
            return ((x, y + h), (x + t, y + h), (x + w, y), (x + w - t, y))
        return ((x, y), (x + t, y), (x + w, y + h), (x + w - t, y + h))


@dataclass(frozen=True)
class PlacedArrow:
    x: int
    y: int
    w: int
    h: int
    direction: str

    @property
    def stroke(self) -> int:
        return max(2, self.w // 5)

    @property
    def shaft(self) -> Rect:
        # Full height: it fills the notch where the two head strokes meet at the tip.
        t = self.stroke
        left = self.x + (self.w - t) // 2
        return (left, self.y, left + t, self.y + self.h)

    @property
    def head(self) -> tuple[Diagonal, Diagonal]:
        t, head = self.stroke, self.w // 2
        left = self.x + (self.w - t) // 2
        right_end = self.x + self.w
        if self.direction == "up":
            return (Diagonal(self.x, self.y, left + t - self.x, head, t, "R"),
                    Diagonal(left, self.y, right_end - left, head, t, "L"))
        top = self.y + self.h - head
        return (Diagonal(self.x, top, left + t - self.x, head, t, "L"),
                Diagonal(left, top, right_end - left, head, t, "R"))


@dataclass
class Drawing:
    width: int
    height: int
    dpi: int
    texts: list[PlacedText] = field(default_factory=list)
    barcodes: list[PlacedBars] = field(default_factory=list)
    qrs: list[PlacedQr] = field(default_factory=list)
    arrows: list[PlacedArrow] = field(default_factory=list)
    # Things a person should know before printing: bars thinner than scanners like.
    warnings: list[str] = field(default_factory=list)

    def rects(self) -> list[Rect]:
        """Every black rectangle: bars, QR modules, arrow shafts."""
        out: list[Rect] = []
        for bars in self.barcodes:
            out += bars.rects()
        for qr in self.qrs:
            out += qr.rects()
        out += [arrow.shaft for arrow in self.arrows]
        return out

    def polygons(self) -> list[Polygon]:
        return [d.polygon() for arrow in self.arrows for d in arrow.head]


@dataclass(frozen=True)
class _Box:
    x: int
    y: int
    w: int
    h: int


def _to_dots(box: Box, dpi: int) -> _Box:
    x, y = dots(box.x, dpi), dots(box.y, dpi)
    return _Box(x, y, dots(box.x + box.w, dpi) - x, dots(box.y + box.h, dpi) - y)


def _text(drawing: Drawing, box: _Box, text: str, bold: bool, align: str, max_lines: int,
          tight: bool) -> None:
    if not text or box.w <= 0 or box.h <= 0:
        return
    fitted = fit_text(text, box.w, box.h, drawing.dpi, bold, max_lines, tight)
    font = pil_font(fitted.size, bold)
    ascent, _ = font.getmetrics()
    centre = box.y + box.h / 2
    if tight and len(fitted.lines) == 1:
        _, top, _, bottom = font.getbbox(fitted.lines[0], anchor="ls")
        baselines = [round(centre - (top + bottom) / 2)]
    else:
        first_top = centre - len(fitted.lines) * fitted.line_height / 2
        baselines = [round(first_top + i * fitted.line_height + ascent)
                     for i in range(len(fitted.lines))]
    for line, baseline in zip(fitted.lines, baselines, strict=True):
        width = font.getlength(line)
        x = box.x if align == "left" else round(box.x + (box.w - width) / 2)
        drawing.texts.append(PlacedText(x, baseline, fitted.size, bold, line, box.x, box.w,
                                        align))


def _barcode(drawing: Drawing, box: _Box, spec: BarcodeField, quiet: int,
             max_module_dots: int | None) -> None:
    dpi = drawing.dpi
    bars = fit_bars(spec.code, box.w, dpi, spec.max_module_mm, max_module_dots, quiet,
                    box.w + 2 * dots(spec.bleed, dpi))
    module_mm = bars.module * 25.4 / dpi
    if module_mm < THIN_MODULE_MM:
        drawing.warnings.append(
            f"The barcode '{spec.code.hri}' has bars of {module_mm:.3f} mm ({bars.module} "
            f"dot{'s' if bars.module > 1 else ''} at {dpi} dpi); scanners read it only up "
            "close. A larger label or another resolution gives wider bars.")
    text_h = min(max(round(box.h * 0.22), dots(1.8, dpi)), dots(3.2, dpi)) if spec.hri else 0
    gap = max(1, dots(0.4, dpi)) if spec.hri else 0
    height = min(box.h - text_h - gap, dots(spec.max_bar_height_mm, dpi))
    top = box.y + (box.h - (height + gap + text_h)) // 2
    x = box.x + (box.w - bars.width) // 2
    placed = PlacedBars(x, top, max(1, height), bars)
    drawing.barcodes.append(placed)
    if spec.hri:
        # As wide as the box, not the bars: a long GS1 line must be printed whole.
        _text(drawing, _Box(box.x, top + height + gap, box.w, text_h), spec.code.hri, False,
              "center", 1, False)


def _qr(drawing: Drawing, box: _Box, data: str, max_module_dots: int | None) -> None:
    qr = fit_qr(data, min(box.w, box.h), drawing.dpi, max_module_dots=max_module_dots)
    drawing.qrs.append(PlacedQr(box.x + (box.w - qr.width) // 2,
                                box.y + (box.h - qr.width) // 2, qr))


def _arrow(drawing: Drawing, box: _Box, direction: str) -> None:
    width = min(box.w, round(box.h * 0.6))
    drawing.arrows.append(PlacedArrow(box.x + (box.w - width) // 2, box.y, width, box.h,
                                      direction))


def place(fields: list[Field], width_mm: float, height_mm: float, dpi: int, quiet: int = 10,
          max_module_dots: int | None = None) -> Drawing:
    """Lay out `fields` on a label at `dpi`. `max_module_dots` caps barcode and QR modules
    (ZPL takes at most 10)."""
    drawing = Drawing(dots(width_mm, dpi), dots(height_mm, dpi), dpi)
    for spec in fields:
        box = _to_dots(spec.box, dpi)
        if isinstance(spec, TextField):
            _text(drawing, box, spec.text, spec.bold, spec.align, spec.max_lines, spec.tight)
        elif isinstance(spec, BarcodeField):
            _barcode(drawing, box, spec, quiet, max_module_dots)
        elif isinstance(spec, QrField):
            _qr(drawing, box, spec.data, max_module_dots)
        elif isinstance(spec, ArrowField):
            _arrow(drawing, box, spec.direction)
    return drawing


def draw_label(label: Label, size: LabelSize, dpi: int, quiet: int = 10,
               max_module_dots: int | None = None) -> Drawing:
    return place(fields_for(label, size), size.width, size.height, dpi, quiet, max_module_dots)
