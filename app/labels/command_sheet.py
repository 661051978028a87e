"""The command barcode sheet: one A4 page with a Code 128 barcode for every command
(app.scanning.commands), to stick on the packing table so a scanner-only station needs no
keyboard. Laid out as every code sheet is (app.labels.code_sheet).
"""

from pathlib import Path

from PIL import Image

from app.labels.code_sheet import SheetEntry, render_code_sheet, write_code_sheet
from app.labels.sheet_page import SheetCode
from app.scanning.commands import COMMANDS, code_of

TITLE = "Binwise command barcodes"
SUBTITLE = "Scan one at any station instead of pressing its key. Print at 100% (no 'fit to page')."


def command_codes() -> list[SheetCode]:
    """Every command's barcode, in the table's order."""
    return [SheetCode("code128", code_of(c.name), code_of(c.name)) for c in COMMANDS.values()]


def render_command_sheet() -> tuple[list[Image.Image], list[SheetCode]]:
    """The sheet's pages and the codes drawn on them, in order."""
    return render_code_sheet(TITLE, SUBTITLE, [SheetEntry(c.title, code_of(c.name), c.hint)
                                               for c in COMMANDS.values()])


def write_command_sheet(path: str | Path) -> Path:
    """Write the sheet as an A4 PDF at 300 dpi, whole or not at all; returns the path."""
    pages, _ = render_command_sheet()
    return write_code_sheet(path, TITLE, pages)
