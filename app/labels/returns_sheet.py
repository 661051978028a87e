"""The returns sheet: one A4 page (or more) of Code 128 barcodes for the returns desk, a reason
code each (`#CMD:REASON:<code>`) and the three grades (`#CMD:GRADE:...`), so a person grading
parcels works by scanner alone. The reasons are the warehouse's own list, handed in; drawn like
the command sheet (300 dpi, whole-dot modules, quiet zones kept, stored losslessly).
"""

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from app.atomic import atomic_path
from app.labels.demo_sheet import DPI, MARGIN, PAGE, SheetCode, _Fonts, _paste_code
from app.scanning.commands import code_of

ROW_HEIGHT = 400
GRADES = (("Sellable", "SELLABLE", "Back to stock through the dock"),
          ("Damaged", "DAMAGED", "To quarantine, for the supplier"),
          ("Scrap", "SCRAP", "Written off (a supervisor approves)"))


@dataclass(frozen=True)
class SheetEntry:
    title: str
    code: str  # the text the barcode holds
    hint: str


def entries(reasons: list[tuple[str, str]]) -> list[SheetEntry]:
    """The grades first, then every (code, text) reason."""
    found = [SheetEntry(f"Grade: {title}", code_of(f"GRADE:{name}"), hint)
             for title, name, hint in GRADES]
    found += [SheetEntry(f"Reason: {text}", code_of(f"REASON:{code.upper()}"), code)
              for code, text in reasons]
    found.append(SheetEntry("Done with this parcel", code_of("FINISH"),
                            "The next scan is the next order"))
    found.append(SheetEntry("Undo", code_of("UNDO"), "Take the last unit back"))
    return found


def render_returns_sheet(reasons: list[tuple[str, str]]
                         ) -> tuple[list[Image.Image], list[SheetCode]]:
    """The sheet's pages and the codes drawn on them, in order."""
    fonts = _Fonts()
    pages: list[Image.Image] = []
    drawn: list[SheetCode] = []
    todo = entries(reasons)
    per_page = (PAGE[1] - 2 * MARGIN - 300) // ROW_HEIGHT * 2
    column = (PAGE[0] - 2 * MARGIN) // 2
    for start in range(0, len(todo), per_page):
        page = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(page)
        draw.text((MARGIN, MARGIN), "Binwise returns desk", font=fonts.title, fill=0)
        draw.text((MARGIN, MARGIN + 95), "Scan a grade or a reason: it stays until you scan "
                  "another. Print at 100% (no 'fit to page').", font=fonts.small, fill=0)
        for n, entry in enumerate(todo[start:start + per_page]):
            left = MARGIN + (n % 2) * column
            top = MARGIN + 250 + (n // 2) * ROW_HEIGHT
            draw.text((left, top), entry.title, font=fonts.heading, fill=0)
            code = SheetCode("code128", entry.code, entry.code)
            _paste_code(page, draw, code, left, top + 70, fonts.code, drawn)
            draw.text((left, top + 330), entry.hint, font=fonts.small, fill=0)
        pages.append(page.convert("1", dither=Image.Dither.NONE))
    return pages, drawn


def write_returns_sheet(path: str | Path, reasons: list[tuple[str, str]]) -> Path:
    """Write the sheet as an A4 PDF; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pages, _ = render_returns_sheet(reasons)
    with atomic_path(path) as temp:
        pages[0].save(temp, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                      title="Binwise returns desk")
    return path
