"""Starting the real program: the smoke test the packaged build runs, failures, and a PySide6
whose calls do not use up Python's None."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str] | None = None, timeout: int = 60):
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, timeout=timeout)


def test_smoke_test_opens_draws_and_closes(tmp_path):
    shot = tmp_path / "shot.png"
    db = tmp_path / "warehouse.sqlite"
    shown = tmp_path / "shown"
    result = _run("-m", "app", "--db", str(db), "gui", "--smoke-test",
                  env={"BINWISE_SMOKE_SHOT": str(shot), "BINWISE_SHOWN_FILE": str(shown)})
    assert result.returncode == 0, result.stderr
    assert float(shown.read_text()) > 0  # when the window was first shown
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 640 and image.height() >= 480
    assert db.exists()  # opened (and migrated) the database


def test_a_database_that_cannot_be_opened_fails_cleanly(tmp_path):
    bad = tmp_path / "not-a-database.sqlite"
    bad.write_bytes(b"this is not SQLite" * 100)
    result = _run("-m", "app", "--db", str(bad), "gui", "--smoke-test")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "binwise:" in result.stderr


def test_many_qt_calls_do_not_use_up_none(tmp_path):
    # PySide6 6.12's wheels drop a reference to None on each of these calls under Python 3.11
    # and the interpreter aborts after a few thousand: pyproject.toml keeps PySide6 below 6.12.
    script = textwrap.dedent("""
        from PySide6.QtCore import QObject
        obj = QObject()
        for _ in range(300_000):
            obj.setObjectName("x")
            obj.blockSignals(False)
        print("alive")
    """)
    result = _run("-c", script)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "alive"


def test_without_a_screen_it_says_so_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "app", "--db", str(tmp_path / "w.sqlite")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "no screen found" in result.stderr and "xvfb-run" in result.stderr
