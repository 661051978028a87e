"""The installed `binwise` holds every package of the source tree: setuptools installs only the
packages pyproject.toml lists, and a page whose package is missing fails only once installed."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pyproject_lists_every_package_under_app():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {str(init.parent.relative_to(ROOT)).replace("/", ".")
             for init in (ROOT / "app").rglob("__init__.py")}
    assert found - listed == set()
