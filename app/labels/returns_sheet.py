"""The returns sheet: one A4 page (or more) of Code 128 barcodes for the returns desk, a reason
code each (`#CMD:REASON:<code>`) and the three grades (`#CMD:GRADE:...`), so a person grading
parcels works by scanner alone. The reasons are the warehouse's own list, handed in; laid out
as every code sheet is (app.labels.code_sheet).
"""

from pathlib import Path

from PIL import Image

from app.labels.code_sheet import SheetEntry, render_code_sheet, write_code_sheet
from app.labels.sheet_page import SheetCode
from app.scanning.commands import code_of

TITLE = "Binwise returns desk"
SUBTITLE = ("Scan a grade or a reason: it stays until you scan another. Print at 100% (no 'fit "
            "to page').")
GRADES = (("Sellable", "SELLABLE", "Back to stock through the dock"),
          ("Damaged", "DAMAGED", "To quarantine, for the supplier"),
          ("Scrap", "SCRAP", "Written off (a supervisor approves)"))


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
    return render_code_sheet(TITLE, SUBTITLE, entries(reasons))


def write_returns_sheet(path: str | Path, reasons: list[tuple[str, str]]) -> Path:
    """Write the sheet as an A4 PDF, whole or not at all; returns the path."""
    pages, _ = render_returns_sheet(reasons)
    return write_code_sheet(path, TITLE, pages)
