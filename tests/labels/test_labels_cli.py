"""`python -m app --db X labels ...` end to end, in a fresh process as a user runs it, with no
display; and the label modules that must not load Qt."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import _parser
from app.db import close_database
from tests.labels.checks import read
from tests.labels.test_pdf import pages_and_boxes, rasterise
from tests.labels.test_zpl import formats

ROOT = Path(__file__).resolve().parents[2]


def _wired() -> bool:
    try:
        _parser().parse_args(["labels", "bins", "--all", "-o", "x.pdf"])
    except SystemExit:
        return False
    return True


wired = pytest.mark.skipif(not _wired(), reason="`binwise labels bins` is not in app/cli.py yet")


def binwise(db: Path, home: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db), *argv], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def world_file(world, db_path):
    """The test warehouse, closed so a child process can open it."""
    close_database()
    return db_path


@wired
def test_bins_range_to_pdf_headless(world_file, tmp_path):
    out = tmp_path / "out.pdf"
    done = binwise(world_file, tmp_path, "labels", "bins", "--range", "A-01-01..A-03-10",
                   "--qr", "--arrows", "--dpi", "203", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Wrote 34 labels on 34 pages to {out}"
    pages, _ = pages_and_boxes(out)
    assert pages == 34
    first = rasterise(out, 203, tmp_path)[0]
    assert read(first) == {("CODE128", "A-01-01"): 1, ("QRCODE", "A-01-01"): 1}
    saved = json.loads((tmp_path / "config" / "binwise" / "settings.json").read_text())
    assert saved["labels"]["dpi"] == 203 and saved["labels"]["output"] == "pdf"


@wired
def test_lots_of_a_receipt_to_zpl(world_file, world, tmp_path):
    out = tmp_path / "lots.zpl"
    done = binwise(world_file, tmp_path, "labels", "lots", "--receipt", str(world.receipt_id),
                   "--size", "4x6in", "--dpi", "203", "-o", str(out))
    assert done.returncode == 0, done.stderr
    labels = formats(out.read_text())
    assert len(labels) == 2
    assert ("PW", "812") in labels[0] and ("LL", "1218") in labels[0]


@wired
@pytest.mark.parametrize("argv, message", [
    (["labels", "items", "NOPE", "-o", "x.pdf"], "binwise: Unknown SKU: NOPE."),
    (["labels", "bins", "--range", "A-03-10..A-01-01", "-o", "x.pdf"], "runs backwards"),
    (["labels", "lots", "--receipt", "77", "-o", "x.pdf"], "There is no receipt 77."),
])
def test_errors_exit_2_with_the_message(world_file, tmp_path, argv, message):
    done = binwise(world_file, tmp_path, *argv)
    assert done.returncode == 2
    assert message in done.stderr


def test_label_modules_other_than_pdf_do_not_load_qt():
    modules = ["templates", "barcodes", "fonts", "layout", "render", "zpl", "demo_data",
               "commands"]
    script = ("import sys\n" + "".join(f"import app.labels.{m}\n" for m in modules) +
              "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
