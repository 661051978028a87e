"""The command barcode sheet: one A4 page with a Code 128 barcode for every command
(app.scanning.commands), to stick on the packing table so a scanner-only station needs no
keyboard. Drawn like the demo sheet: 300 dpi, whole-dot modules, quiet zones kept, stored
losslessly in the PDF.
"""

from pathlib import Path

from PIL import Image, ImageDraw

from app.labels.demo_sheet import DPI, MARGIN, PAGE, SheetCode, _Fonts, _paste_code
from app.scanning.commands import COMMANDS, code_of

ROW_HEIGHT = 400


def command_codes() -> list[SheetCode]:
    """Every command's barcode, in the table's order."""
    return [SheetCode("code128", code_of(c.name), code_of(c.name)) for c in COMMANDS.values()]


def render_command_sheet() -> tuple[list[Image.Image], list[SheetCode]]:
    """The sheet's pages and the codes drawn on them, in order."""
    fonts = _Fonts()
    pages: list[Image.Image] = []
    drawn: list[SheetCode] = []
    commands = list(COMMANDS.values())
    per_page = (PAGE[1] - 2 * MARGIN - 300) // ROW_HEIGHT * 2
    column = (PAGE[0] - 2 * MARGIN) // 2
    for start in range(0, len(commands), per_page):
        page = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(page)
        draw.text((MARGIN, MARGIN), "Binwise command barcodes", font=fonts.title, fill=0)
        draw.text((MARGIN, MARGIN + 95), "Scan one at any station instead of pressing its key. "
                  "Print at 100% (no 'fit to page').", font=fonts.small, fill=0)
        for n, command in enumerate(commands[start:start + per_page]):
            left = MARGIN + (n % 2) * column
            top = MARGIN + 250 + (n // 2) * ROW_HEIGHT
            draw.text((left, top), command.title, font=fonts.heading, fill=0)
            code = SheetCode("code128", code_of(command.name), code_of(command.name))
            _paste_code(page, draw, code, left, top + 70, fonts.code, drawn)
            draw.text((left, top + 330), command.hint, font=fonts.small, fill=0)
        pages.append(page.convert("1", dither=Image.Dither.NONE))
    return pages, drawn


def write_command_sheet(path: str | Path) -> Path:
    """Write the sheet as an A4 PDF at 300 dpi; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pages, _ = render_command_sheet()
    pages[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                  title="Binwise command barcodes")
    return path
