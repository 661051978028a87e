"""File and database faults turned into one clear line: what went wrong and what to do.

A read-only, damaged or foreign database file, a folder where a file was meant, a full disk:
these are the machine's faults, not bugs, and the person at the station needs a sentence, not a
traceback. The `binwise` command and the window's start call `explain()` on what they catch, so
no other code needs a try/except for them; an error it does not know stays a bug and is raised.
"""

import errno
import os
import sqlite3
from pathlib import Path

import peewee

from app.core.errors import BinwiseError
from app.paths import is_database_url as is_server_url

SQLITE_MAGIC = b"SQLite format 3\x00"
RESTORE = "restore a backup (binwise restore FILE)"


class FileFault(BinwiseError):
    """A file or database the command cannot use; the message says what to do."""


class NoDatabaseError(FileFault):
    """The database named does not exist (and this command does not create one)."""


def check_database_file(path: Path, *, create: bool, write: bool = False) -> None:
    """Refuse, before anything opens it, a database path that cannot be a Binwise warehouse:
    one that does not exist (unless `create`), a folder, a file that is not SQLite, or (with
    `write`, for the window, where every scan writes) a file or folder that is read-only.
    A PostgreSQL URL is not a file and passes.

    SQLite itself would create a missing file (and Binwise its folder), or answer a text file
    with "file is not a database" only after the first statement; this says it in words.
    """
    if is_server_url(path):
        return
    if path.is_dir():
        raise FileFault(f"{path} is a folder, not a database file: give the file's name "
                        f"(e.g. --db {path / 'warehouse.sqlite'}).")
    if not path.exists():
        if create:
            return
        raise NoDatabaseError(
            f"There is no warehouse at {path}. Check the path given with --db; to start a new "
            f"warehouse open the window once (binwise --db {path}), or try `binwise --db {path} "
            "demo`.")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise FileFault(_os_message(error, path)) from error
    # An empty file is a database SQLite has not written yet: Binwise may set it up.
    if header and header != SQLITE_MAGIC:
        raise FileFault(f"{path} is not a Binwise database (it is not an SQLite file). Check "
                        f"the path given with --db, or {RESTORE}.")
    if header and _foreign_tables(path):
        raise FileFault(f"{path} is another program's database, not a Binwise warehouse: "
                        "Binwise leaves it alone. Check the path given with --db.")
    # SQLite writes its working files beside the database, so the folder must be writable too.
    if write and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise FileFault(_database_message("readonly database", path))


def _foreign_tables(path: Path) -> bool:
    """True for an SQLite file with tables but no Binwise schema version: migrating it would
    add a warehouse to someone else's data."""
    try:
        # immutable: only a look at the file, which must not leave -wal/-shm files behind.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    except sqlite3.Error:
        return False  # opening it for real says why
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return version == 0 and tables > 0


def explain(error: BaseException, db_path: Path | str | None = None) -> str | None:
    """One line for a file or database fault, or None when `error` is not one (a bug).

    A full disk makes SQLite roll the transaction back itself, and the rollback that follows
    fails with "no transaction is active": the real cause is further down the chain, so a
    database error is explained by the first fault found in its chain.
    """
    seen: BaseException | None = error
    while seen is not None:
        message = _explain_one(seen, db_path)
        if message is not None:
            return message
        if not isinstance(seen, sqlite3.Error | peewee.DatabaseError):
            return None
        seen = seen.__cause__ or seen.__context__
    return None


def _explain_one(error: BaseException, db_path: Path | str | None) -> str | None:
    from app.db.migrations import SchemaTooNewError

    if isinstance(error, FileFault):
        return str(error)
    if isinstance(error, SchemaTooNewError):
        return f"{db_path}: {error}" if db_path else str(error)
    if isinstance(error, sqlite3.Error | peewee.DatabaseError):
        return _database_message(str(error).lower(), db_path or "the database")
    if isinstance(error, OSError):
        return _os_message(error, Path(error.filename) if error.filename else None)
    return None


def _database_message(text: str, db: Path | str) -> str | None:
    if "database or disk is full" in text:
        return (f"The disk holding {db} is full: the last change was not saved and nothing "
                "else was changed. Free some space and try again.")
    if "readonly database" in text:
        return (f"{db} is read-only: Binwise cannot save to it. Allow writing to the file and "
                "its folder (or copy it somewhere you may write) and try again.")
    if "unable to open database file" in text:
        return (f"Cannot open {db}: check that its folder exists and that you may write there "
                "(SQLite keeps two working files beside the database).")
    if "file is not a database" in text:
        return f"{db} is not a Binwise database (or it is encrypted). Check the path, or {RESTORE}."
    if "malformed" in text or "corrupt" in text:
        return f"{db} is damaged (truncated or corrupted): {RESTORE}."
    if "disk i/o error" in text:
        return (f"The disk failed while reading or writing {db}: check the disk, then try "
                f"again or {RESTORE}.")
    if "database is locked" in text:
        return (f"{db} stayed busy with another station's work: nothing was changed; try "
                "again in a moment.")
    return None


def _os_message(error: OSError, path: Path | None) -> str | None:
    name = str(path) if path else "a file"
    code = error.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return (f"The disk is full writing {name}: nothing was written. Free some space and "
                "try again.")
    if code == errno.EISDIR:
        return f"{name} is a folder: give a file's name."
    if code == errno.EEXIST:
        return f"{name} already exists and is not a folder: choose another name."
    if code == errno.ENOTDIR:
        return f"{name}: part of this path is a file, not a folder. Fix the path."
    if code == errno.ENOENT:
        return f"File or folder not found: {name}. Check the path."
    if code in (errno.EACCES, errno.EPERM):
        return (f"Permission denied: {name}. Choose a file or folder you may use, or ask for "
                "access.")
    if code == errno.EROFS:
        return f"{name} is on a read-only disk: choose another place."
    if code == errno.EIO:
        return f"The disk failed reading or writing {name}: check the disk and try again."
    return None
