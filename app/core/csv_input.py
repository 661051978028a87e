"""Reading CSV files from spreadsheets and shop exports, and checking their values.

Files are read a line at a time, so memory stays flat whatever their size. They are UTF-8 (a
byte order mark is fine) with a header row; the delimiter is a comma, a
semicolon or a tab, whichever the header uses. Column names ignore case and surrounding spaces.
Every bad value raises an `ImportFileError` naming the row (as a spreadsheet numbers it, header
= row 1), the column and what was expected.
"""

import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from app.core.errors import BinwiseError, ImportFileError
from app.core.faults import FileFault, explain
from app.core.quantities import MAX_SEQUENCE
from app.core.text_lines import split_lines

# Bin and zone codes are printed on labels and typed on keyboards; keep them plain.
CODE_CHARS = re.compile(r"[A-Za-z0-9\-_./]+")
MAX_CODE = 32
MAX_TEXT = 200
_WHOLE = re.compile(r"[+]?\d+(\.0+)?")
_AMOUNT = re.compile(r"\d+([.,]\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CONTROL = re.compile(r"[\x00-\x1f]")
_BREAKS = re.compile(r"[\r\n\t]+")
T = TypeVar("T")
# Values above this do not fit the DecimalField (12 digits, 4 decimals).
MAX_AMOUNT = Decimal("99999999")


# --- reading the file --------------------------------------------------------------------------


@dataclass
class Row:
    """One data row: its number as a spreadsheet shows it, and its cells by column name."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def fail(self, column: str, problem: str) -> ImportFileError:
        return ImportFileError(self.number, column, problem)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _lines(path: Path) -> Iterator[str]:
    """The file's lines, decoded one at a time: memory stays flat whatever the file's size."""
    try:
        handle = path.open("rb")
    except FileNotFoundError as error:
        raise FileFault(f"{path}: not found. Check its name and folder.") from error
    except OSError as error:
        raise FileFault(explain(error) or f"Cannot read {path}: {error.strerror or error}") \
            from error
    with handle:
        for number, data in enumerate(handle, start=1):
            if number == 1:
                if data.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise BinwiseError(
                        f"{path.name} is saved as UTF-16 text. Save it as 'CSV UTF-8' (comma "
                        f"or semicolon separated) and import it again.")
                if data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise BinwiseError(
                    f"{path.name} is not UTF-8 text (unreadable byte on line {number}). Save "
                    f"it as 'CSV UTF-8' from your spreadsheet and import it again.") from error
            # Old Mac files end lines with a bare CR; a GS or FS inside a line is data.
            yield from split_lines(text, keepends=True)


def _records(path: Path) -> Iterator[tuple[int, list[str], str]]:
    """(record number, cells, delimiter) for every record, the header included; an Excel
    "sep=;" line only names the delimiter (the header is still row 1 then)."""
    lines = _lines(path)
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise BinwiseError(f"{path.name} is empty: it needs a header row and at least one row.")
    if re.fullmatch(r"sep=.", first.strip()):
        delimiter = first.strip()[-1]
        rest: Iterator[str] = lines
    else:
        delimiter = _delimiter(first)
        rest = itertools.chain([first], lines)
    number = 0
    last = None
    try:
        for number, record in enumerate(csv.reader(rest, delimiter=delimiter), start=1):
            if last is not None:
                yield last
            last = number, record, delimiter
    except csv.Error as error:
        raise BinwiseError(f"{path.name}: row {number + 1} cannot be read as CSV: "
                           f"{error}") from error
    if last is not None:
        if any(cell.endswith(("\n", "\r")) for cell in last[1]):
            # A quote never closed runs its cell on to the end of the file, line break and
            # all; a quoted cell that is closed ends before its own line break.
            raise BinwiseError(f"{path.name}: row {last[0]} opens a quote (\") that is never "
                               f"closed, so the rest of the file was read as one cell. Close "
                               f"the quote or remove it.")
        yield last


def read_header(path: str | Path) -> list[str]:
    """The normalised column names of a file, to tell its format before reading it."""
    for _, record, _ in _records(Path(path)):
        if any(cell.strip() for cell in record):
            return [normalise_header(c) for c in record]
    return []


def iter_rows(path: str | Path, columns: tuple[tuple[str, ...], tuple[str, ...]],
              what: str, other_columns_ok: bool = False) -> Iterator[Row]:
    """Parse a CSV file into rows keyed by (normalised) column names, one at a time (memory
    stays flat in the file's size); check the header first.

    `other_columns_ok` is for shop exports, whose dozens of other columns are not ours."""
    path = Path(path)
    required, optional = columns
    header: list[str] | None = None
    header_number = 0
    any_rows = False
    for number, record, _ in _records(path):
        if header is None:
            if not any(cell.strip() for cell in record):
                continue
            header, header_number = [normalise_header(c) for c in record], number
            _check_header(path, header, required,
                          optional if not other_columns_ok else tuple(header), what)
            continue
        if not any(cell.strip() for cell in record):
            continue
        cells = {}
        for index, cell in enumerate(record):
            # A line break typed inside a spreadsheet cell is a space in a name.
            if "\n" in cell or "\r" in cell or "\t" in cell:
                cell = _BREAKS.sub(" ", cell)
            cell = cell.strip()
            if index < len(header):
                if header[index]:
                    cells[header[index]] = cell
            elif cell:
                raise ImportFileError(
                    number, _column_letter(index),
                    f"'{cell}' is beyond the header's {len(header)} columns "
                    f"(a stray delimiter or an unquoted comma?)")
        any_rows = True
        yield Row(number, cells)
    if header is None:
        raise BinwiseError(f"{path.name} has no header row; {what.lower()} files start with "
                           f"the column names: {', '.join(required)}.")
    if not any_rows:
        raise BinwiseError(f"{path.name} has a header (row {header_number}) but no rows below it.")


def read_rows(path: str | Path, columns: tuple[tuple[str, ...], tuple[str, ...]],
              what: str, other_columns_ok: bool = False) -> list[Row]:
    """All the rows of a small file at once (see `iter_rows`)."""
    return list(iter_rows(path, columns, what, other_columns_ok))


def batches(things: Iterable[T], size: int) -> Iterator[list[T]]:
    """Rows (or anything) in lists of `size`, so a large file is checked and written a piece at
    a time."""
    iterator = iter(things)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _check_header(path: Path, header: list[str], required: tuple[str, ...],
                  optional: tuple[str, ...], what: str) -> None:
    known = set(required) | set(optional)
    expected = (f"{what} files need the columns {', '.join(required)}"
                + (f" and may have {', '.join(optional)}" if optional else ""))
    seen = set()
    for name in header:
        if name and name in seen:
            raise BinwiseError(f"{path.name}: the column '{name}' appears twice in the header.")
        seen.add(name)
    missing = [c for c in required if c not in seen]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        raise BinwiseError(f"{path.name}: missing column{'s' if len(missing) > 1 else ''} "
                           f"{names}. {expected}.")
    # An unknown column is most often a misspelt optional one; importing without it would
    # silently drop that data.
    unknown = [c for c in header if c and c not in known]
    if unknown:
        names = ", ".join(f"'{c}'" for c in unknown)
        raise BinwiseError(f"{path.name}: unknown column{'s' if len(unknown) > 1 else ''} "
                           f"{names}. {expected}.")


# --- values ------------------------------------------------------------------------------------


def required_text(row: Row, column: str, what: str) -> str:
    value = row.get(column)
    if not value:
        raise row.fail(column, f"is empty; every row needs {what}")
    if len(value) > MAX_TEXT:
        raise row.fail(column, f"is {len(value)} characters long; at most {MAX_TEXT} fit")
    if CONTROL.search(value):
        raise row.fail(column, f"{value!r} contains control characters")
    return value


def whole(row: Row, column: str, minimum: int, maximum: int = MAX_SEQUENCE) -> int | None:
    value = row.get(column)
    if not value:
        return None
    if not _WHOLE.fullmatch(value) or int(value.split(".")[0]) < minimum:
        above = "above 0" if minimum == 1 else f"of {minimum} or more"
        raise row.fail(column, f"'{value}' is not a whole number {above}")
    number = int(value.split(".")[0])
    if number > maximum:
        raise row.fail(column, f"'{value}' is too large (at most {maximum:,})")
    return number


def amount(row: Row, column: str) -> Decimal | None:
    value = row.get(column)
    if not value:
        return None
    if not _AMOUNT.fullmatch(value):
        raise row.fail(column, f"'{value}' is not an amount like 12.50 (digits, one decimal "
                               f"point, no currency sign)")
    try:
        amount = Decimal(value.replace(",", "."))
    except InvalidOperation as error:
        raise row.fail(column, f"'{value}' is not an amount like 12.50") from error
    if amount > MAX_AMOUNT:
        raise row.fail(column, f"'{value}' is too large (at most {MAX_AMOUNT})")
    return amount


def iso_date(row: Row, column: str) -> date | None:
    value = row.get(column)
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as error:
        raise row.fail(column, f"'{value}' is not a date like 2025-03-31 (YYYY-MM-DD)") from error


def choice(row: Row, column: str, choices: tuple[str, ...]) -> str | None:
    value = row.get(column)
    if not value:
        return None
    if value.lower() not in choices:
        raise row.fail(column, f"'{value}' is not one of {', '.join(choices)}")
    return value.lower()


def code_value(row: Row, column: str, what: str, value: str | None = None) -> str:
    value = row.get(column) if value is None else value
    if " " in value:
        raise row.fail(column, f"'{value}' contains a space; {what} codes use letters, digits "
                               f"and - _ . / only")
    if not CODE_CHARS.fullmatch(value):
        raise row.fail(column, f"'{value}' has characters a {what} code cannot have; use "
                               f"letters, digits and - _ . / only")
    if len(value) > MAX_CODE:
        raise row.fail(column, f"'{value}' is longer than {MAX_CODE} characters")
    return value.upper()


def check_unique(row: Row, column: str, key: str, seen: dict[str, int], what: str) -> None:
    first = seen.get(key.lower())
    if first is not None:
        raise row.fail(column, f"{what} '{key}' is already in row {first}; "
                               f"each {what} may appear once")
    seen[key.lower()] = row.number
