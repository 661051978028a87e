"""The desktop bundle's parts: the menu entry and its icon, the installer that puts them in
place, and the package data the frozen program needs (packaging/build.sh proves the bundle
itself by running it)."""

import ast
import configparser
import importlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_menu_entry_names_the_program_and_its_icon():
    entry = _entry(PACKAGING / "binwise.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Binwise"
    assert entry["Exec"] == "binwise"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"]
    assert entry["Icon"] == "binwise"
    assert (ICONS / "binwise.png").is_file() and (ICONS / "binwise.svg").is_file()


def test_the_icons():
    with Image.open(ICONS / "binwise.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"
    svg = ET.parse(ICONS / "binwise.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 256 256"


def test_install_desktop_puts_the_entry_and_icons_in_the_users_menu(tmp_path):
    bundle = tmp_path / "binwise 0.1"  # a space in the path must survive
    (bundle / "share").mkdir(parents=True)
    for source in (PACKAGING / "binwise.desktop", ICONS / "binwise.png", ICONS / "binwise.svg"):
        shutil.copy(source, bundle / "share")
    shutil.copy(PACKAGING / "install-desktop.sh", bundle)
    data = tmp_path / "share"
    result = subprocess.run(["sh", str(bundle / "install-desktop.sh")], capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                            "XDG_DATA_HOME": str(data)}, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = _entry(data / "applications" / "binwise.desktop")
    assert entry["Exec"] == f'"{bundle}/binwise"'
    assert entry["Icon"] == "binwise"
    assert (data / "icons/hicolor/256x256/apps/binwise.png").read_bytes() == \
        (ICONS / "binwise.png").read_bytes()
    assert (data / "icons/hicolor/scalable/apps/binwise.svg").is_file()


def test_the_bundle_collects_every_package_that_reads_its_own_files():
    spec = (PACKAGING / "binwise.spec").read_text(encoding="utf-8")
    collected = ast.literal_eval(re.search(r"PACKAGE_DATA = (\[.*?\])", spec)[1])
    for name in ("biip", "barcode"):
        folder = Path(importlib.import_module(name).__file__).parent
        data = [p for p in folder.rglob("*") if p.is_file()
                and p.suffix not in (".py", ".pyc", ".pyi", ".typed")]
        assert data, f"{name} has no data files any more"
        assert name in collected
