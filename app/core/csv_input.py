"""Reading CSV files from spreadsheets and shop exports, and checking their values.

Files are UTF-8 (a byte order mark is fine) with a header row; the delimiter is a comma, a
semicolon or a tab, whichever the header uses. Column names ignore case and surrounding spaces.
Every bad value raises an `ImportFileError` naming the row (as a spreadsheet numbers it, header
= row 1), the column and what was expected.
"""

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

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


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise BinwiseError(f"File not found: {path}") from error
    except OSError as error:
        raise FileFault(explain(error) or f"Cannot read {path}: {error.strerror or error}") \
            from error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinwiseError(f"{path.name} is saved as UTF-16 text. Save it as 'CSV UTF-8' "
                           f"(comma or semicolon separated) and import it again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise BinwiseError(
            f"{path.name} is not UTF-8 text (unreadable byte on line {line}). Save it as "
            f"'CSV UTF-8' from your spreadsheet and import it again.") from error
    if not text.strip():
        raise BinwiseError(f"{path.name} is empty: it needs a header row and at least one row.")
    return text


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


def read_header(path: str | Path) -> list[str]:
    """The normalised column names of a file, to tell its format before reading it."""
    lines = [line for line in split_lines(read_text(Path(path))) if line.strip()]
    if re.fullmatch(r"sep=.", lines[0].strip()):
        delimiter, lines = lines[0].strip()[-1], lines[1:]
    else:
        delimiter = _delimiter(lines[0])
    if not lines:
        return []
    return [normalise_header(c) for c in next(csv.reader(lines[:1], delimiter=delimiter))]


def read_rows(path: str | Path, columns: tuple[tuple[str, ...], tuple[str, ...]],
              what: str, other_columns_ok: bool = False) -> list[Row]:
    """Parse a CSV file into rows keyed by (normalised) column names; check the header.

    `other_columns_ok` is for shop exports, whose dozens of other columns are not ours."""
    path = Path(path)
    text = read_text(path)
    lines = split_lines(text, keepends=True)
    delimiter = _delimiter(next(line for line in lines if line.strip()))
    # Excel writes a "sep=;" line first and hides it: the header is still row 1 there.
    if lines and re.fullmatch(r"sep=.", lines[0].strip()):
        delimiter, lines = lines[0].strip()[-1], lines[1:]
    records = csv.reader(lines, delimiter=delimiter)
    required, optional = columns
    header: list[str] | None = None
    header_number = 0
    rows = []
    try:
        for number, record in enumerate(records, start=1):
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
                cell = re.sub(r"[\r\n\t]+", " ", cell).strip()
                if index < len(header):
                    if header[index]:
                        cells[header[index]] = cell
                elif cell:
                    raise ImportFileError(
                        number, _column_letter(index),
                        f"'{cell}' is beyond the header's {len(header)} columns "
                        f"(a stray delimiter or an unquoted comma?)")
            rows.append(Row(number, cells))
    except csv.Error as error:
        raise BinwiseError(f"{path.name}: row {number} cannot be read as CSV: {error}") from error
    if header is None:
        raise BinwiseError(f"{path.name} has no header row; {what.lower()} files start with "
                           f"the column names: {', '.join(required)}.")
    if not rows:
        raise BinwiseError(f"{path.name} has a header (row {header_number}) but no rows below it.")
    return rows


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
    if any(ord(c) < 32 for c in value):
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
