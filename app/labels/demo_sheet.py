"""The demo barcode sheet: an A4 PDF with the barcodes a new user scans to try receiving and
putting away, drawn from what app.core.demo_sheet_data read from the open database.

It shows the open POs (Code 128), the items on them (EAN-13), lot barcodes for items tracked by
lot (GS1-128: GTIN, expiry and lot, fixed-length AIs first so no separator is needed) and a
few bin labels. Pages are drawn at 300 dpi with whole-dot modules and kept quiet zones, so every
barcode reads back as printed; the PDF holds them as lossless bilevel images.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from app.atomic import atomic_path
from app.labels.demo_data import OpenPoRow, OrderPicks, SheetData
from app.labels.sheet_page import (
    BAR_HEIGHT,
    DPI,
    MARGIN,
    MODULE_DOTS,
    PAGE,
    Fonts,
    SheetCode,
    barcode_image,
    fit,
    paste_code,
)

TUTORIAL_LINES_SHOWN = 99
OTHER_LINES_SHOWN = 3


@dataclass
class DemoSheet:
    pages: list[Image.Image] = field(default_factory=list)
    codes: list[SheetCode] = field(default_factory=list)


# --- what goes on the sheet --------------------------------------------------------------------


def item_code(gtin14: str | None, fallback: str) -> SheetCode:
    """An item's barcode as printed on its pack: EAN-13 (or EAN-8) for a retail GTIN, GS1-128
    (01) for a GTIN-14, Code 128 for any other code."""
    if gtin14 and len(gtin14) == 14 and gtin14.isdigit():
        if gtin14.startswith("000000"):
            return SheetCode("ean8", gtin14[6:], gtin14[6:])
        if gtin14.startswith("0"):
            return SheetCode("ean13", gtin14[1:], gtin14[1:])
        return SheetCode("gs1-128", f"01{gtin14}", f"(01){gtin14}")
    return SheetCode("code128", fallback, fallback)


def lot_code(gtin14: str, lot: str, expiry: date | None) -> SheetCode:
    """GS1-128 for a lot: (01) GTIN, (17) expiry, then (10) lot last, as it is variable length
    and needs no separator at the end."""
    data, text = f"01{gtin14}", f"(01){gtin14}"
    if expiry is not None:
        data += f"17{expiry:%y%m%d}"
        text += f"(17){expiry:%y%m%d}"
    return SheetCode("gs1-128", f"{data}10{lot}", f"{text}(10){lot}")


def demo_lot(po_created: date, position: int) -> tuple[str, date]:
    """The lot printed on the sheet for a line: derived from the PO so every print of the sheet
    shows the same lot and expiry."""
    produced = po_created - timedelta(days=20)
    code = f"L{produced:%y}{produced.timetuple().tm_yday:03d}{chr(ord('A') + position % 26)}"
    return code, po_created + timedelta(days=540)


@dataclass
class _Line:
    sku: str
    name: str
    tracking: str
    ordered: int
    item: SheetCode
    lot: SheetCode | None
    lot_text: str


@dataclass
class _Po:
    number: str
    supplier: str
    line_count: int
    code: SheetCode | None
    # The first lines in full (item and lot barcode), then the lot barcodes of the other lines
    # tracked by lot, which carry the GTIN too.
    lines: list[_Line]
    lot_lines: list[_Line]


def _code128(text: str) -> SheetCode | None:
    # Code 128 carries printable ASCII only.
    return SheetCode("code128", text, text) if text.isascii() and text.isprintable() else None


def _open_pos(rows: list[OpenPoRow]) -> list[_Po]:
    pos = []
    for po in rows:
        shown = TUTORIAL_LINES_SHOWN if not pos else OTHER_LINES_SHOWN
        chosen, lot_lines = [], []
        for position, row in enumerate(po.lines):
            sku, name, tracking, qty, gtin = row.sku, row.name, row.tracking, row.ordered, \
                row.gtin
            if position >= shown and (tracking == "none" or gtin is None):
                continue
            item = item_code(gtin, row.other or sku)
            if item.symbology == "code128" and _code128(item.data) is None:
                continue
            lot, lot_text = None, ""
            if tracking != "none" and gtin is not None:
                lot_name, expiry = demo_lot(po.created, position)
                expiry = expiry if tracking == "expiry" else None
                lot = lot_code(gtin, lot_name, expiry)
                lot_text = f"lot {lot_name}" + (f", expires {expiry.isoformat()}"
                                                if expiry else "")
            line = _Line(sku, name, tracking, qty, item, lot, lot_text)
            (chosen if position < shown else lot_lines).append(line)
        pos.append(_Po(po.number, po.supplier, len(po.lines), _code128(po.number), chosen,
                       lot_lines))
    return pos


def _bins(bins: list[tuple[str, str]]) -> list[tuple[SheetCode, str]]:
    """Bin labels for putting the first PO away (chosen by the core)."""
    labels = [(_code128(code), note) for code, note in bins]
    return [(code, note) for code, note in labels if code is not None]


@dataclass
class _Pick:
    bin: SheetCode
    item: SheetCode
    lot: SheetCode | None
    text: str


def _open_orders(orders: list[OrderPicks]) -> list[tuple[SheetCode, str, list[_Pick]]]:
    """The allocated orders with the barcodes a picker scans, in walking order: the bin, the
    item, and the lot label of a tracked item."""
    found = []
    for order in orders:
        picks = []
        for row in order.picks:
            bin_bars, item = _code128(row.bin), item_code(row.gtin, row.other or row.sku)
            if bin_bars is None or (item.symbology == "code128" and _code128(item.data) is None):
                continue
            lot_bars = (lot_code(row.gtin, row.lot, row.expiry)
                        if row.lot and row.gtin else None)
            text = (f"Go to {row.bin}: pick {row.qty} × {row.sku}"
                    + (f", lot {row.lot}" if row.lot else "")
                    + (" (scan its lot label)" if lot_bars else ""))
            picks.append(_Pick(bin_bars, item, lot_bars, text))
        code = _code128(order.number)
        if code is not None and picks:
            found.append((code, order.number, picks))
    return found


# --- drawing -----------------------------------------------------------------------------------


@dataclass
class _Block:
    height: int
    draw: object  # callable(draw: ImageDraw, page: Image, top: int) -> None
    keep_with_next: bool = False


class _Layout:
    """Stacks blocks down A4 pages, starting a new page when the next block does not fit."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self.blocks: list[_Block] = []

    def add(self, height: int, draw, keep_with_next: bool = False) -> None:
        self.blocks.append(_Block(height, draw, keep_with_next))

    def render(self) -> list[Image.Image]:
        pages: list[Image.Image] = []
        bottom = PAGE[1] - MARGIN - 60
        page = draw = None
        top = bottom + 1
        for index, block in enumerate(self.blocks):
            needed = block.height
            if block.keep_with_next and index + 1 < len(self.blocks):
                needed += self.blocks[index + 1].height
            if page is None or top + needed > bottom:
                page = Image.new("L", PAGE, 255)
                draw = ImageDraw.Draw(page)
                pages.append(page)
                top = MARGIN
            block.draw(draw, page, top)
            top += block.height
        for number, page in enumerate(pages, start=1):
            ImageDraw.Draw(page).text(
                (PAGE[0] // 2, PAGE[1] - MARGIN + 10),
                f"Binwise demo barcodes, page {number} of {len(pages)}",
                font=self.fonts.small, fill=0, anchor="ma")
        return pages


def _gs1_module(code: SheetCode, room: int) -> int:
    """The widest whole-dot module (4 or 3 dots) at which a GS1-128 code fits `room` dots."""
    for dots in (MODULE_DOTS, 3):
        if barcode_image(code, dots, 1).width <= room:
            return dots
    return 2


def render_demo_sheet(data: SheetData, today: date | None = None) -> DemoSheet:
    """Draw the sheet's pages from what was read (app.core.demo_sheet_data.sheet_data());
    also returns every barcode drawn, in order, so it can be checked by decoding the pages."""
    today = today or date.today()
    fonts = Fonts()
    layout = _Layout(fonts)
    sheet = DemoSheet()
    width = PAGE[0] - 2 * MARGIN
    pos = _open_pos(data.open_pos)

    def title(draw, page, top):
        draw.text((MARGIN, top), "Binwise demo: barcodes to scan", font=fonts.title, fill=0)
        source = data.source
        draw.text((MARGIN, top + 95), f"{source}, printed {today.isoformat()}. Print at 100% "
                  "(no 'fit to page') so the bars keep their size.", font=fonts.small, fill=0)
        steps = [
            "1. Receive: open Receive, scan the PO number, then the items. Each scan counts",
            "   one unit; to count several, type the quantity first, then scan the item.",
            "2. Items tracked by lot: scan the lot barcode (it holds the GTIN, the expiry and",
            "   the lot in one GS1-128 code), or the item barcode and then the lot barcode.",
            "3. Put away: scan an item, then its bin label. To pick, see the last pages.",
        ]
        start = pos[0].number if pos else "a PO"
        steps.append(f"Start with {start}: scan the PO, then the items below it until every "
                     "line is received.")
        for n, line in enumerate(steps):
            font = fonts.bold if n == len(steps) - 1 else fonts.body
            draw.text((MARGIN, top + 160 + n * 52), line, font=font, fill=0)
        draw.line([(MARGIN, top + 490), (PAGE[0] - MARGIN, top + 490)], fill=0, width=3)

    layout.add(530, title)

    def badges():
        people = data.badges
        if not people:
            return
        layout.add(80, lambda draw, page, top: draw.text(
            (MARGIN, top), "Badges: scan one to log in (or type the name and PIN)",
            font=fonts.heading, fill=0), keep_with_next=True)
        per_row = 2  # badge codes are longer than bin codes
        for start in range(0, len(people), per_row):
            def badge_row(draw, page, top, row=people[start:start + per_row]):
                for n, (name, role, badge, pin) in enumerate(row):
                    left = MARGIN + n * (width // per_row)
                    paste_code(page, draw, _code128(badge), left, top, fonts.code,
                                sheet.codes)
                    shown = f", PIN {pin}" if pin else ""
                    draw.text((left + 40, top + BAR_HEIGHT + 56), f"{name}: {role}{shown}",
                              font=fonts.small, fill=0)

            layout.add(BAR_HEIGHT + 130, badge_row)


    if not pos:
        layout.add(80, lambda draw, page, top: draw.text(
            (MARGIN, top), "There are no open purchase orders in this database.",
            font=fonts.bold, fill=0))

    def bin_labels():
        bins = _bins(data.bins)
        if not bins:
            return
        layout.add(80, lambda draw, page, top: draw.text(
            (MARGIN, top), "Bin labels: scan one after the item to put it away",
            font=fonts.heading, fill=0), keep_with_next=True)
        per_row = 3
        for start in range(0, len(bins), per_row):
            def bin_row(draw, page, top, row=bins[start:start + per_row]):
                for n, (code, note) in enumerate(row):
                    left = MARGIN + n * (width // per_row)
                    paste_code(page, draw, code, left, top, fonts.code, sheet.codes)
                    draw.text((left + 40, top + BAR_HEIGHT + 56), note, font=fonts.small,
                              fill=0)

            layout.add(BAR_HEIGHT + 130, bin_row)
        rule()

    def rule():
        layout.add(40, lambda draw, page, top: draw.line(
            [(MARGIN, top + 10), (PAGE[0] - MARGIN, top + 10)], fill=0, width=2))

    column = width // 2
    for index, po in enumerate(pos):
        shown = len(po.lines) + len(po.lot_lines)
        lines_note = (f"{po.line_count} lines" if shown == po.line_count
                      else f"{shown} of {po.line_count} lines shown")
        heading = f"{po.number}  ·  {po.supplier}  ·  {lines_note}"
        if index == 0:
            heading += "  ·  start here"

        def po_block(draw, page, top, po=po, heading=heading):
            draw.text((MARGIN, top), fit(draw, heading, fonts.heading, width),
                      font=fonts.heading, fill=0)
            if po.code is not None:
                paste_code(page, draw, po.code, MARGIN, top + 80, fonts.code, sheet.codes)
                draw.text((MARGIN + 700, top + 80 + BAR_HEIGHT // 2),
                          "Scan this first to open the PO", font=fonts.body, fill=0,
                          anchor="lm")

        layout.add(80 + BAR_HEIGHT + 80, po_block, keep_with_next=True)
        for line in po.lines:
            def line_block(draw, page, top, line=line):
                what = {"none": "", "lot": "  ·  tracked by lot",
                        "expiry": "  ·  tracked by lot and expiry"}[line.tracking]
                text = f"{line.sku}  {line.name}  ·  ordered {line.ordered}{what}"
                draw.text((MARGIN, top), fit(draw, text, fonts.bold, width), font=fonts.bold,
                          fill=0)
                bars = top + 60
                item_width = paste_code(page, draw, line.item, MARGIN, bars, fonts.code,
                                         sheet.codes)
                if line.lot is None:
                    draw.text((MARGIN + item_width + 60, bars + BAR_HEIGHT // 2),
                              "item barcode", font=fonts.small, fill=0, anchor="lm")
                    return
                left = MARGIN + item_width + 80
                room = PAGE[0] - MARGIN - left
                paste_code(page, draw, line.lot, left, bars, fonts.code, sheet.codes,
                            _gs1_module(line.lot, room))
                draw.text((left + 40, bars + BAR_HEIGHT + 58), f"Lot barcode: {line.lot_text}",
                          font=fonts.small, fill=0)

            layout.add(60 + BAR_HEIGHT + (110 if line.lot else 70), line_block)
        if po.lot_lines:
            layout.add(60, lambda draw, page, top: draw.text(
                (MARGIN, top), "Lot barcodes of the other lines tracked by lot:",
                font=fonts.body, fill=0), keep_with_next=True)
        for start in range(0, len(po.lot_lines), 2):
            def lot_row(draw, page, top, pair=po.lot_lines[start:start + 2]):
                for n, line in enumerate(pair):
                    left = MARGIN + n * column
                    text = f"{line.sku}  ·  ordered {line.ordered}"
                    draw.text((left, top), fit(draw, text, fonts.bold, column - 40),
                              font=fonts.bold, fill=0)
                    paste_code(page, draw, line.lot, left, top + 60, fonts.code, sheet.codes,
                                _gs1_module(line.lot, column - 40))
                    for n_text, text in enumerate((line.name, line.lot_text)):
                        draw.text((left + 40, top + 60 + BAR_HEIGHT + 58 + n_text * 40),
                                  fit(draw, text, fonts.small, column - 80), font=fonts.small,
                                  fill=0)

            layout.add(60 + BAR_HEIGHT + 160, lot_row)
        rule()
        if index == 0:
            # Putting away is the next step after receiving the first PO.
            bin_labels()
    if not pos:
        bin_labels()

    for order_code, number, picks in _open_orders(data.orders):
        def order_block(draw, page, top, code=order_code, number=number, picks=picks):
            heading = f"Pick order {number}: scan it at Pick (F4), then each bin and item"
            draw.text((MARGIN, top), fit(draw, heading, fonts.heading, width),
                      font=fonts.heading, fill=0)
            paste_code(page, draw, code, MARGIN, top + 80, fonts.code, sheet.codes)

        layout.add(80 + BAR_HEIGHT + 80, order_block, keep_with_next=True)
        for pick in picks:
            def pick_row(draw, page, top, pick=pick):
                draw.text((MARGIN, top), fit(draw, pick.text, fonts.bold, width),
                          font=fonts.bold, fill=0)
                left = MARGIN + paste_code(page, draw, pick.bin, MARGIN, top + 60, fonts.code,
                                            sheet.codes) + 80
                if pick.lot is None:
                    paste_code(page, draw, pick.item, left, top + 60, fonts.code, sheet.codes)
                else:
                    # A tracked item is picked by its lot label (it names the lot too); its
                    # plain barcode alone would only be asked for the lot.
                    paste_code(page, draw, pick.lot, left, top + 60, fonts.code, sheet.codes,
                               _gs1_module(pick.lot, PAGE[0] - MARGIN - left))

            layout.add(60 + BAR_HEIGHT + 110, pick_row)
        rule()

    badges()
    # Pure black and white: the PDF then stores each page losslessly (CCITT G4), not as JPEG.
    sheet.pages = [page.convert("1", dither=Image.Dither.NONE) for page in layout.render()]
    return sheet


def write_demo_sheet(path: str | Path, data: SheetData, today: date | None = None) -> Path:
    """Write the demo barcode sheet as a multi-page A4 PDF at 300 dpi; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pages = render_demo_sheet(data, today).pages
    with atomic_path(path) as temp:
        pages[0].save(temp, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                      title="Binwise demo barcodes")
    return path


def write_demo_sheet_pngs(directory: str | Path, data: SheetData,
                          today: date | None = None) -> list[Path]:
    """The same pages as PNG files (page-1.png, ...), for checking them by eye or by decoding."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, page in enumerate(render_demo_sheet(data, today).pages, start=1):
        paths.append(directory / f"page-{number}.png")
        page.save(paths[-1], dpi=(DPI, DPI))
    return paths
