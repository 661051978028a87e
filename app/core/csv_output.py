"""Writing CSV files: whole or not at all, and never a live formula.

Every CSV Binwise writes goes through `write_csv`. The file is written beside its target under
a temporary name, flushed to the disk and renamed into place, so a full disk or a crash leaves
the previous export as it was instead of a truncated one. Text cells that a spreadsheet would
run as a formula (a SKU typed as `=HYPERLINK(...)` in a shop) get a leading apostrophe, which
spreadsheets show as plain text.
"""

import csv
import errno
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

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


@contextmanager
def atomic_text(path: str | Path) -> Iterator[IO[str]]:
    """A UTF-8 text file that replaces `path` only once everything was written and synced.

    Errors name `path` (not the temporary file), so the message tells the user which file.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        with open(temp, "w", newline="", encoding="utf-8") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as error:
        _remove(temp)
        raise type(error)(error.errno, error.strerror, str(path)) from error
    except BaseException:
        _remove(temp)
        raise


def _remove(temp: Path) -> None:
    with suppress(OSError):
        temp.unlink()
