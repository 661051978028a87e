"""Writing a file whole or not at all: under a temporary name beside it, flushed to the disk,
then renamed into place. A full disk or a crash half way leaves the previous file as it was
(and no truncated new one); errors name the file the user asked for, not the temporary one.

Outside the layers, like app.errors: the core's exports and the labels' files both use it.
"""

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to (for writers that take a file name, such as Qt's PDF
    writer or Pillow); it replaces `path` when the block ends without an error."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        yield temp
        if not temp.is_file():
            raise OSError(errno.EIO, "nothing was written", str(path))
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as error:
        _remove(temp)
        raise type(error)(error.errno, error.strerror, str(path)) from error
    except BaseException:
        _remove(temp)
        raise


@contextmanager
def atomic_text(path: str | Path) -> Iterator[IO[str]]:
    """A UTF-8 text file (newlines as written) that replaces `path` once complete."""
    with atomic_path(path) as temp, open(temp, "w", newline="", encoding="utf-8") as out:
        yield out


def _remove(temp: Path) -> None:
    with suppress(OSError):
        temp.unlink()
