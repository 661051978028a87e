"""Where things live: bundled resources, the user's data and config directories.

One module so tests can monkeypatch it, and so a frozen bundle finds its resources.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

APP_NAME = "binwise"


def resource_dir() -> Path:
    """The `resources/` folder: beside `app/` in the source tree, inside the package when
    installed, under `sys._MEIPASS` in a PyInstaller bundle."""
    here = Path(__file__).resolve().parent
    candidates = [here.parent / "resources", here / "resources"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Binwise resources folder not found; reinstall Binwise")


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def documents_dir() -> Path:
    return Path(platformdirs.user_documents_dir())


def default_db_path() -> Path:
    return data_dir() / "warehouse.sqlite"


def is_database_url(target: object) -> bool:
    """A PostgreSQL server's URL rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def database_label(target: str | Path) -> str:
    """How to show where the warehouse is: the file, or the URL without its password."""
    if not is_database_url(target):
        return str(target)
    parts = urlsplit(str(target))
    if parts.password is None:
        return str(target)
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)).geturl()
