"""Writing CSV files: whole or not at all, and never a live formula.

Every CSV Binwise writes goes through `write_csv`. The file is written whole or not at all
(app/atomic.py), so a full disk or a crash leaves the previous export as it was instead of
a truncated one. Text cells that a spreadsheet would run as a formula (a SKU typed as
`=HYPERLINK(...)` in a shop) get a leading apostrophe, which spreadsheets show as plain text.
"""

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from app.atomic import atomic_text

# What Excel, LibreOffice and Google Sheets take as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """A text cell that would start a formula, made plain text; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write `header` and `rows` to `path` in one piece; returns the number of rows."""
    count = 0
    with atomic_text(path) as out:
        writer = csv.writer(out)
        writer.writerow([escape_cell(c) for c in header])
        for row in rows:
            writer.writerow([escape_cell(c) for c in row])
            count += 1
    return count
