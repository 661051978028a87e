"""Where everything on a packing slip goes, in dots at 300 dpi, page by page; no Qt.

The header (seller with logo, the order number as a Code 128 barcode, order date, shipment,
ship-to) is repeated on every page; the lines flow from page to page, then the total, what is
still to follow, the note and the gift message. Text is measured with the same font file the
PDF embeds (app/labels/fonts.py), so nothing spills over its column.
"""

import io
from dataclasses import dataclass

from PIL import Image

from app.errors import BinwiseError
from app.labels.barcodes import Code, fit_bars
from app.labels.fonts import ellipsize, pil_font
from app.labels.slip_data import PAPERS, Slip

DPI = 300


def mm(value: float) -> int:
    return round(value * DPI / 25.4)


def pt(value: float) -> int:
    return round(value * DPI / 72)


@dataclass(frozen=True)
class Text:
    x: int
    baseline: int
    size: int  # em in dots
    bold: bool
    text: str


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class Picture:
    x: int
    y: int
    w: int
    h: int
    png: bytes


Op = Text | Rect | Picture


@dataclass(frozen=True)
class Style:
    margin: int
    body: int
    small: int
    big: int
    logo: tuple[int, int]  # the largest logo, w x h
    bar_height: int
    side_by_side: bool  # seller and order block in two columns (sheets), else stacked


def style_for(paper: str) -> Style:
    if paper == "4x6":
        return Style(mm(4), pt(8), pt(6.5), pt(11), (mm(22), mm(10)), mm(9), False)
    return Style(mm(14), pt(10), pt(8), pt(16), (mm(45), mm(20)), mm(12), True)


def _metrics(size: int, bold: bool = False) -> tuple[int, int]:
    ascent, descent = pil_font(size, bold).getmetrics()
    return ascent, ascent + descent + size // 6


def width_of(text: str, size: int, bold: bool = False) -> float:
    return pil_font(size, bold).getlength(text)


def wrap(text: str, size: int, bold: bool, width: int) -> list[str]:
    """Word-wrapped lines (a word longer than the width is cut with an ellipsis)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        words, line = paragraph.split(), ""
        for word in words:
            trial = f"{line} {word}".strip()
            if width_of(trial, size, bold) <= width or not line:
                line = trial
            else:
                out.append(ellipsize(line, size, bold, width))
                line = word
        out.append(ellipsize(line, size, bold, width))
    return out


class Column:
    """Text lines placed one under the other from (x, y), each cut to `width`."""

    def __init__(self, x: int, y: int, width: int, align: str = "l") -> None:
        self.x, self.y, self.width, self.align = x, y, width, align
        self.ops: list[Op] = []

    def line(self, text: str, size: int, bold: bool = False) -> None:
        ascent, height = _metrics(size, bold)
        text = ellipsize(text, size, bold, self.width)
        x = self.x
        if self.align == "r":
            x = self.x + self.width - round(width_of(text, size, bold))
        self.ops.append(Text(x, self.y + ascent, size, bold, text))
        self.y += height

    def lines(self, text: str, size: int, bold: bool = False) -> None:
        for line in wrap(text, size, bold, self.width):
            self.line(line, size, bold)

    def space(self, dots: int) -> None:
        self.y += dots


def _logo(column: Column, png: bytes, style: Style) -> None:
    try:
        with Image.open(io.BytesIO(png)) as image:
            w, h = image.size
    except (OSError, ValueError):
        return  # an unreadable logo is left out rather than stopping the slip
    if not w or not h:
        return
    scale = min(style.logo[0] / w, style.logo[1] / h)
    pw, ph = max(1, round(w * scale)), max(1, round(h * scale))
    x = column.x if column.align == "l" else column.x + column.width - pw
    column.ops.append(Picture(x, column.y, pw, ph, png))
    column.space(ph + mm(2))


def _seller(slip: Slip, x: int, y: int, width: int, style: Style) -> Column:
    column = Column(x, y, width)
    if slip.logo:
        _logo(column, slip.logo, style)
    if slip.seller_name:
        column.line(slip.seller_name, style.body + pt(2), bold=True)
    for line in slip.seller_address:
        column.line(line, style.small)
    return column


def _order_block(slip: Slip, x: int, y: int, width: int, style: Style) -> Column:
    column = Column(x, y, width, "r" if style.side_by_side else "l")
    column.line("Packing slip", style.big, bold=True)
    column.space(mm(1))
    try:
        bars = fit_bars(Code("code128", slip.order), width, DPI, max_module_mm=0.35)
    except BinwiseError:
        bars = None  # an order number Code 128 cannot carry is still printed as text
    if bars is not None:
        left = column.x + column.width - bars.width if column.align == "r" else column.x
        first = left + bars.quiet_left * bars.module
        column.ops.extend(Rect(first + off, column.y, w, style.bar_height)
                          for off, w in bars.runs())
        column.space(style.bar_height + mm(1))
    column.line(f"Order {slip.order}", style.body + pt(2), bold=True)
    if slip.order_date:
        column.line(f"Ordered {slip.order_date.isoformat()}", style.body)
    boxes = f" · {slip.boxes} boxes" if slip.boxes > 1 else ""
    column.line(f"Shipment {slip.shipment} of {slip.shipments}{boxes}", style.body)
    return column


def header(slip: Slip, page_w: int, style: Style) -> tuple[list[Op], int]:
    """The ops of the header and the first free y below it."""
    m = style.margin
    inner = page_w - 2 * m
    if style.side_by_side:
        gap = mm(6)
        left = _seller(slip, m, m, inner * 5 // 10 - gap, style)
        right = _order_block(slip, m + inner * 5 // 10, m, inner - inner * 5 // 10, style)
        bottom = max(left.y, right.y)
    else:
        left = _seller(slip, m, m, inner, style)
        right = _order_block(slip, m, left.y + mm(2), inner, style)
        bottom = right.y
    ship = Column(m, bottom + mm(3), inner)
    if slip.ship_to_name or slip.ship_to_address:
        ship.line("SHIP TO", style.small, bold=True)
        if slip.ship_to_name:
            ship.line(slip.ship_to_name, style.body + pt(1), bold=True)
        for line in slip.ship_to_address:
            ship.line(line, style.body)
    return [*left.ops, *right.ops, *ship.ops], ship.y + mm(3)


@dataclass(frozen=True)
class Columns:
    """Left edges of SKU and item, right edges of quantity, price and amount."""

    sku: int
    item: int
    qty: int
    price: int | None
    amount: int | None


def columns(slip: Slip, page_w: int, style: Style) -> Columns:
    m, inner = style.margin, page_w - 2 * style.margin
    if slip.priced:
        return Columns(m, m + inner * 22 // 100, m + inner * 64 // 100,
                       m + inner * 82 // 100, m + inner)
    return Columns(m, m + inner * 26 // 100, m + inner, None, None)


def page_size(paper: str) -> tuple[int, int]:
    w, h = PAPERS[paper]
    return mm(w), mm(h)


def _money(value) -> str:
    return f"{value:,.2f}"


def _heading(slip: Slip, cols: Columns, y: int, style: Style, page_w: int) -> tuple[list[Op], int]:
    ascent, height = _metrics(style.small, True)
    base = y + ascent
    cur = f" ({slip.currency})" if slip.currency else ""
    if cols.price is not None and width_of(f"Amount{cur}", style.small, True) > \
            cols.amount - cols.price - mm(2):
        cur = ""  # a narrow slip: the currency is named on the total
    ops: list[Op] = [Text(cols.sku, base, style.small, True, "SKU"),
                     Text(cols.item, base, style.small, True, "Item")]
    right = [("Qty", cols.qty)]
    if cols.price is not None and cols.amount is not None:
        right += [(f"Price{cur}", cols.price), (f"Amount{cur}", cols.amount)]
    for text, edge in right:
        ops.append(Text(edge - round(width_of(text, style.small, True)), base, style.small, True,
                        text))
    y += height
    ops.append(Rect(style.margin, y, page_w - 2 * style.margin, max(2, mm(0.35))))
    return ops, y + mm(1.2)


def _row(line, cols: Columns, y: int, style: Style) -> tuple[list[Op], int]:
    ascent, height = _metrics(style.body)
    base = y + ascent
    qty_w = round(width_of("000000", style.body))
    item_w = cols.qty - qty_w - cols.item - mm(1)
    ops: list[Op] = [
        Text(cols.sku, base, style.body, True,
             ellipsize(line.sku, style.body, True, cols.item - cols.sku - mm(2))),
        Text(cols.item, base, style.body, False, ellipsize(line.name, style.body, False, item_w)),
    ]
    values = [(f"{line.qty:,}", cols.qty, True)]
    if cols.price is not None and cols.amount is not None:
        values += [("" if line.unit_price is None else _money(line.unit_price), cols.price, False),
                   ("" if line.amount is None else _money(line.amount), cols.amount, False)]
    for text, edge, bold in values:
        ops.append(Text(edge - round(width_of(text, style.body, bold)), base, style.body, bold,
                        text))
    y += height
    small_ascent, small_height = _metrics(style.small)
    lot_w = (cols.amount or cols.qty) - cols.item  # lots sit under the name, alone on their row
    for lot in line.lots:
        ops.append(Text(cols.item, y + small_ascent, style.small, False,
                        ellipsize(lot, style.small, False, lot_w)))
        y += small_height
    ops.append(Rect(cols.sku, y + mm(0.6), (cols.amount or cols.qty) - cols.sku, 1))
    return ops, y + mm(1.4)


def _footer_blocks(slip: Slip, cols: Columns, style: Style, page_w: int):
    """What follows the lines, each a function of y -> (ops, new y), kept whole on a page."""
    inner = page_w - 2 * style.margin
    blocks = []
    if slip.total is not None:
        def total(y: int) -> tuple[list[Op], int]:
            ascent, height = _metrics(style.body + pt(1), True)
            text = _money(slip.total)
            label = f"Total{f' ({slip.currency})' if slip.currency else ''}"
            size = style.body + pt(1)
            return [Text(cols.price - round(width_of(label, size, True)), y + ascent, size,
                         True, label),
                    Text(cols.amount - round(width_of(text, size, True)), y + ascent, size,
                         True, text)], y + height + mm(2)
        blocks.append(total)

    def section(title: str, body: list[str], boxed: bool):
        def draw(y: int) -> tuple[list[Op], int]:
            pad = mm(2) if boxed else 0
            column = Column(style.margin + pad, y + pad + mm(1), inner - 2 * pad)
            column.line(title, style.small, bold=True)
            for text in body:
                column.lines(text, style.body + (pt(1) if boxed else 0), bold=boxed)
            ops: list[Op] = list(column.ops)
            bottom = column.y + pad
            if boxed:
                edge = max(2, mm(0.4))
                x0, x1, y0 = style.margin, style.margin + inner, y + mm(1)
                ops += [Rect(x0, y0, inner, edge), Rect(x0, bottom, inner, edge),
                        Rect(x0, y0, edge, bottom - y0), Rect(x1 - edge, y0, edge, bottom - y0)]
            return ops, bottom + mm(3)
        return draw

    if slip.to_follow:
        blocks.append(section("TO FOLLOW IN A LATER PARCEL",
                              [f"{x.qty} × {x.sku}  {x.name}" for x in slip.to_follow], False))
    if slip.note.strip():
        blocks.append(section("NOTE", [slip.note.strip()], False))
    if slip.gift_message.strip():
        blocks.append(section("GIFT MESSAGE", [slip.gift_message.strip()], True))
    return blocks


def paginate(slip: Slip, paper: str) -> list[list[Op]]:
    """Every page's ops: the header on each, the lines flowing on, the footers after them,
    "Page n of m" at the foot of each page when there is more than one."""
    style = style_for(paper)
    page_w, page_h = page_size(paper)
    head, top = header(slip, page_w, style)
    cols = columns(slip, page_w, style)
    _, foot = _metrics(style.small)
    bottom = page_h - style.margin - foot - mm(1)
    pages: list[list[Op]] = []
    page: list[Op] = []
    y = 0

    def new_page(with_heading: bool) -> None:
        nonlocal page, y
        page = list(head)
        pages.append(page)
        y = top
        if with_heading:
            ops, y = _heading(slip, cols, y, style, page_w)
            page.extend(ops)

    new_page(True)
    for line in slip.lines:
        ops, end = _row(line, cols, y, style)
        if end > bottom and y > top + mm(12):
            new_page(True)
            ops, end = _row(line, cols, y, style)
        page.extend(ops)
        y = end
    y += mm(1)
    for block in _footer_blocks(slip, cols, style, page_w):
        ops, end = block(y)
        if end > bottom and y > top + mm(12):
            new_page(False)
            ops, end = block(y)
        page.extend(ops)
        y = end
    if len(pages) > 1:
        ascent, _ = _metrics(style.small)
        for number, ops in enumerate(pages, start=1):
            text = f"Order {slip.order} · page {number} of {len(pages)}"
            ops.append(Text(page_w - style.margin - round(width_of(text, style.small)),
                            page_h - style.margin - foot + ascent, style.small, False, text))
    return pages
