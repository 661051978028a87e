"""Label sizes and the three label templates (bin, item, lot), laid out in millimetres.

A template turns a label's content into fields (text boxes, barcode boxes, a QR code, an
arrow) for one label size; `app.labels.layout` places them at a printer's resolution. Sheets
(A4, Letter) are pages of many labels of one size at fixed positions.

Barcode choices, item labels: an item with a GTIN gets the symbol its pack would carry: EAN-8
for a GTIN-8, UPC-A for a GTIN-12, EAN-13 for a GTIN-13, and GS1-128 with AI (01) for a GTIN-14
(a case code with an indicator digit, which has no retail form). Without a GTIN: Code 128 of
the SKU.

Lot labels: GS1-128 with (01) GTIN, (17) expiry and (10) lot, fixed-length AIs first and the lot
last, so no separator is needed. An item without a GTIN (or a lot code GS1 cannot carry) gets
two Code 128 symbols instead, the SKU and the lot code, each of which the scanner resolves on
its own (a SKU names the item, a lot code names the lot and its item).

Barcode modules (python-barcode, segno) load only when a template is laid out, so the command
line can offer the sizes without loading them.

Bin arrows (with --arrows): the level is the last part of a code of three or more parts
(A-03-02 is level 02). Level 01 stands on the floor, so its label sits on the beam above and
points down; every higher level's label sits on the beam carrying it and points up. Codes of
fewer parts (BULK-01) get no arrow.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from app.errors import BinwiseError

if TYPE_CHECKING:
    from app.labels.barcodes import Code

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Sheet:
    """A page of labels: where the first label sits and the pitch to the next."""

    page: str  # "A4" or "Letter"
    page_w: float
    page_h: float
    columns: int
    rows: int
    left: float
    top: float
    pitch_x: float
    pitch_y: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """Top-left corner (mm) of the label at `index` on its page, row by row."""
        row, column = divmod(index % self.per_page, self.columns)
        return self.left + column * self.pitch_x, self.top + row * self.pitch_y


@dataclass(frozen=True)
class LabelSize:
    name: str
    title: str
    width: float  # mm
    height: float  # mm
    sheet: Sheet | None = None

    @property
    def portrait(self) -> bool:
        return self.height > self.width * 1.2

    @property
    def page_mm(self) -> tuple[float, float]:
        """The size of one PDF page: the label itself on a roll, the sheet otherwise."""
        if self.sheet:
            return self.sheet.page_w, self.sheet.page_h
        return self.width, self.height


def _inch(value: float) -> float:
    return value * MM_PER_INCH


A4 = (210.0, 297.0)
LETTER = (_inch(8.5), _inch(11))

SIZES: dict[str, LabelSize] = {size.name: size for size in (
    LabelSize("100x50mm", "100 × 50 mm roll", 100, 50),
    LabelSize("4x2in", "4 × 2 in roll", _inch(4), _inch(2)),
    LabelSize("2x1in", "2 × 1 in roll", _inch(2), _inch(1)),
    LabelSize("4x6in", "4 × 6 in roll", _inch(4), _inch(6)),
    # Avery 3474: 24 labels of 70 x 37 mm, edge to edge, 0.5 mm above and below.
    LabelSize("a4-3x8", "A4 sheet, 3 × 8 (70 × 37 mm)", 70, 37,
              Sheet("A4", *A4, 3, 8, 0, 0.5, 70, 37)),
    # Avery 3489: 30 labels of 70 x 29.7 mm, edge to edge.
    LabelSize("a4-3x10", "A4 sheet, 3 × 10 (70 × 29.7 mm)", 70, 29.7,
              Sheet("A4", *A4, 3, 10, 0, 0, 70, 29.7)),
    # Avery 5160: 2 5/8 x 1 in, 3/16 in side margin, 1/8 in gutter, 1/2 in top margin.
    LabelSize("letter-3x10", "Letter sheet, 3 × 10 (2⅝ × 1 in)", _inch(2.625), _inch(1),
              Sheet("Letter", *LETTER, 3, 10, _inch(0.1875), _inch(0.5), _inch(2.75),
                    _inch(1))),
)}
DPIS = (203, 300, 600)


def get_size(name: str) -> LabelSize:
    size = SIZES.get(name.strip().lower())
    if size is None:
        raise BinwiseError(f"Unknown label size '{name}'. Choose one of: {', '.join(SIZES)}.")
    return size


# --- what a label shows ------------------------------------------------------------------------

Arrow = Literal["up", "down"]


@dataclass(frozen=True)
class BinLabel:
    code: str
    zone: str | None = None
    arrow: Arrow | None = None
    qr: bool = False


@dataclass(frozen=True)
class ItemLabel:
    sku: str
    name: str
    gtin: str | None = None  # 14 digits, as stored


@dataclass(frozen=True)
class LotLabel:
    sku: str
    name: str
    gtin: str | None
    lot: str
    expiry: date | None = None


@dataclass(frozen=True)
class BadgeLabel:
    """A person's login badge: their name, role and a Code 128 of the badge code."""

    name: str
    role: str
    code: str


Label = BinLabel | ItemLabel | LotLabel | BadgeLabel


def arrow_for(code: str) -> Arrow | None:
    """The arrow of a bin on a rack: down for level 01 (its label is on the beam above),
    up for higher levels; none for codes without a level part."""
    parts = code.split("-")
    if len(parts) < 3 or not parts[-1].isdigit():
        return None
    return "down" if int(parts[-1]) <= 1 else "up"


def describe(label: Label) -> str:
    """One line naming a label, for lists and messages."""
    if isinstance(label, BinLabel):
        return f"Bin {label.code}"
    if isinstance(label, ItemLabel):
        return f"Item {label.sku} · {label.name}"
    if isinstance(label, BadgeLabel):
        return f"Badge {label.name} · {label.role}"
    expiry = f" · exp {label.expiry.isoformat()}" if label.expiry else ""
    return f"Lot {label.lot} · {label.sku}{expiry}"


# --- fields ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def rows(self, *weights: float, gap: float = 0) -> list["Box"]:
        """Split top to bottom in proportion to `weights`, `gap` mm between the rows that
        are not empty (weight 0)."""
        gaps = gap * max(0, sum(1 for w in weights if w) - 1)
        room, total = self.h - gaps, sum(weights)
        boxes, y = [], self.y
        for weight in weights:
            h = room * weight / total
            boxes.append(Box(self.x, y, self.w, h))
            y += h + (gap if weight else 0)
        return boxes

    def columns(self, *widths: float | None, gap: float = 0) -> list["Box"]:
        """Split left to right: fixed widths in mm, None shares what is left; `gap` mm
        between the columns that are not empty."""
        gaps = gap * max(0, sum(1 for w in widths if w is None or w) - 1)
        fixed = sum(w for w in widths if w is not None)
        flexible = sum(1 for w in widths if w is None)
        rest = (self.w - fixed - gaps) / max(1, flexible)
        boxes, x = [], self.x
        for width in widths:
            w = rest if width is None else width
            boxes.append(Box(x, self.y, w, self.h))
            x += w + (gap if w else 0)
        return boxes


@dataclass(frozen=True)
class TextField:
    box: Box
    text: str
    bold: bool = False
    align: Literal["left", "center"] = "left"
    max_lines: int = 1
    # Size by the glyphs actually drawn (capitals fill the box), not by the font's line height.
    tight: bool = False


@dataclass(frozen=True)
class BarcodeField:
    box: Box
    code: "Code"
    hri: bool = True  # the human-readable line under the bars
    max_module_mm: float = 0.5
    max_bar_height_mm: float = 30.0
    # How far the quiet zones may reach past the box on each side, into blank margin.
    bleed: float = 0.0


@dataclass(frozen=True)
class QrField:
    box: Box
    data: str


@dataclass(frozen=True)
class ArrowField:
    box: Box
    direction: Arrow


Field = TextField | BarcodeField | QrField | ArrowField


def _content_box(size: LabelSize) -> Box:
    # Sheet labels get more room: page printers place the sheet less exactly than a roll,
    # and cannot print the last few millimetres at a page's edge.
    margin = max(3.5 if size.sheet else 1.5, 0.05 * min(size.width, size.height))
    return Box(margin, margin, size.width - 2 * margin, size.height - 2 * margin)


def _gap(size: LabelSize) -> float:
    return max(0.8, 0.03 * min(size.width, size.height))


def _bleed(box: Box, inner: Box, gap: float) -> float:
    """Blank room beside a barcode box: the label margin when it spans the label, else half
    the gap to its neighbour."""
    return inner.x if box.w >= inner.w - 0.01 else gap / 2


def bin_fields(label: BinLabel, size: LabelSize) -> list[Field]:
    from app.labels.barcodes import Code

    inner, gap = _content_box(size), _gap(size)
    fields: list[Field] = []
    zone = f"Zone {label.zone}" if label.zone else ""
    if size.portrait:
        has_middle = label.arrow is not None or label.qr
        weights = [0.24, 0.38 if has_middle else 0, 0.3, 0.08 if zone else 0]
        code_box, middle, bars, zone_box = inner.rows(*weights, gap=gap)
        if has_middle:
            parts = [middle.h * 0.55 if label.arrow else 0, None, middle.h if label.qr else 0]
            arrow_box, _, qr_box = middle.columns(*parts, gap=gap)
            if label.arrow:
                fields.append(ArrowField(arrow_box, label.arrow))
            if label.qr:
                fields.append(QrField(qr_box, label.code))
    else:
        # The bars get the full width: a bin label is scanned from a distance.
        top, bars = inner.rows(0.58, 0.42, gap=gap)
        arrow_w = top.h * 0.55 if label.arrow else 0
        qr_w = top.h if label.qr else 0
        arrow_box, main, qr_box = top.columns(arrow_w, None, qr_w, gap=gap)
        if label.arrow:
            fields.append(ArrowField(arrow_box, label.arrow))
        if label.qr:
            fields.append(QrField(qr_box, label.code))
        code_box, zone_box = main.rows(0.76, 0.24 if zone else 0, gap=gap)
    fields.append(TextField(code_box, label.code, bold=True, align="center", tight=True))
    fields.append(BarcodeField(bars, Code("code128", label.code), hri=False,
                               max_module_mm=0.8, bleed=_bleed(bars, inner, gap)))
    if zone:
        fields.append(TextField(zone_box, zone, align="left"))
    return fields


def item_fields(label: ItemLabel, size: LabelSize) -> list[Field]:
    from app.labels.barcodes import Code, gtin_code

    inner, gap = _content_box(size), _gap(size)
    code = gtin_code(label.gtin) if label.gtin else Code("code128", label.sku)
    weights = (0.15, 0.12, 0.73) if size.portrait else (0.26, 0.18, 0.56)
    name_box, sku_box, bars = inner.rows(*weights, gap=gap)
    return [
        TextField(name_box, label.name, max_lines=2),
        TextField(sku_box, label.sku, bold=True),
        # The SKU is printed above already; a GTIN's digits belong under its bars.
        # Up to 0.66 mm a module: EAN/UPC at 200 %, the largest the standard allows.
        BarcodeField(bars, code, hri=code.symbology != "code128", max_module_mm=0.66,
                     max_bar_height_mm=40 if size.portrait else 30,
                     bleed=_bleed(bars, inner, gap)),
    ]


def lot_fields(label: LotLabel, size: LabelSize) -> list[Field]:
    from app.labels.barcodes import Code, lot_code

    inner, gap = _content_box(size), _gap(size)
    weights = (0.12, 0.13, 0.1, 0.65) if size.portrait else (0.16, 0.2, 0.14, 0.5)
    name_box, lot_box, info_box, bars = inner.rows(*weights, gap=gap)
    info = label.sku + (f"   EXP {label.expiry.isoformat()}" if label.expiry else "")
    fields: list[Field] = [
        TextField(name_box, label.name),
        TextField(lot_box, f"LOT {label.lot}", bold=True),
        TextField(info_box, info),
    ]
    code = lot_code(label.gtin, label.lot, label.expiry) if label.gtin else None
    if code is not None:
        fields.append(BarcodeField(bars, code, bleed=_bleed(bars, inner, gap)))
    else:
        # Side by side only where both still get wide bars.
        wide = not size.portrait and inner.w >= 90
        halves = bars.columns(None, None, gap=gap) if wide else bars.rows(1, 1, gap=gap)
        # Stacked, the bars need the height more than a second copy of the lines above.
        for half, text in zip(halves, (label.sku, label.lot), strict=True):
            fields.append(BarcodeField(half, Code("code128", text), hri=wide,
                                       bleed=_bleed(half, inner, gap)))
    return fields


def badge_fields(label: BadgeLabel, size: LabelSize) -> list[Field]:
    from app.labels.barcodes import Code

    inner, gap = _content_box(size), _gap(size)
    weights = (0.22, 0.1, 0.68) if size.portrait else (0.3, 0.15, 0.55)
    name_box, role_box, bars = inner.rows(*weights, gap=gap)
    # No digits under the bars: the badge logs its owner in, so its code is not printed.
    return [TextField(name_box, label.name, bold=True, align="center", tight=True),
            TextField(role_box, label.role.capitalize(), align="center"),
            BarcodeField(bars, Code("code128", label.code), hri=False, max_module_mm=0.6,
                         bleed=_bleed(bars, inner, gap))]


def fields_for(label: Label, size: LabelSize) -> list[Field]:
    if isinstance(label, BinLabel):
        return bin_fields(label, size)
    if isinstance(label, BadgeLabel):
        return badge_fields(label, size)
    if isinstance(label, ItemLabel):
        return item_fields(label, size)
    return lot_fields(label, size)

