"""The layers, read from the source: every import of every module, at the top or inside a
function, is checked against the direction ui -> stations -> core -> db; scanning and labels
are leaves. Walking the syntax tree cannot be fooled by an import that happens to be cached, a
lazy import or a test that never reaches a code path."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"

# (package, modules it must never import)
RULES = [
    ("ui", ("app.db", "peewee")),
    ("labels", ("app.db", "app.core", "peewee")),
    ("core", ("PySide6", "app.ui", "app.stations")),
    ("db", ("PySide6", "app.ui", "app.stations", "app.core", "app.labels")),
    ("stations", ("PySide6", "app.ui")),
    ("scanning", ("PySide6", "app.ui", "app.stations", "app.labels")),
]


def imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """Every module a source imports, with its line: `import a.b`, `from a.b import c` (as a.b
    and a.b.c, since c may be a module), relative imports resolved against `package`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[:len(parts) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def imports_of(path: Path) -> list[tuple[int, str]]:
    package = ".".join(path.relative_to(APP.parent).with_suffix("").parts[:-1])
    return imports_in(path.read_text(encoding="utf-8"), package)


def _forbidden(name: str, banned: tuple[str, ...]) -> bool:
    return any(name == b or name.startswith(b + ".") for b in banned)


@pytest.mark.parametrize(("package", "banned"), RULES, ids=[r[0] for r in RULES])
def test_layers_import_one_way(package, banned):
    wrong = []
    for path in sorted((APP / package).rglob("*.py")):
        for line, name in imports_of(path):
            if _forbidden(name, banned):
                wrong.append(f"{path.relative_to(APP.parent)}:{line} imports {name}")
    assert wrong == []


def test_the_walk_sees_lazy_and_relative_imports():
    source = ("def later():\n    from app.db import models\n    import peewee\n"
              "from ..db.models import User\n")
    found = {name for _, name in imports_in(source, "app.ui")}
    assert {"app.db", "app.db.models", "peewee", "app.db.models.User"} <= found
    assert _forbidden("app.db.models", ("app.db",)) and not _forbidden("app.dbx", ("app.db",))
