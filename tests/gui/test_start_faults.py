"""Starting the window on a file it cannot use: a dialog says why (someone who started Binwise
from the desktop menu sees no terminal), stderr says it too, and the file is left as it was."""

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

from app.ui import app as ui_app

pytestmark = pytest.mark.gui


@pytest.fixture
def dialogs(qapp, monkeypatch) -> list[str]:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def _start(path, capsys) -> tuple[int, str]:
    code = ui_app.run(path)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.strip()


def test_a_text_file(tmp_path, dialogs, capsys):
    path = tmp_path / "warehouse.sqlite"
    path.write_text("not a database\n" * 50, encoding="utf-8")
    code, err = _start(path, capsys)
    assert code == 2
    assert len(dialogs) == 1 and "is not a Binwise database" in dialogs[0]
    assert err == f"binwise: {dialogs[0]}"
    assert path.read_text(encoding="utf-8") == "not a database\n" * 50


def test_a_database_from_a_newer_binwise(db_path, dialogs, capsys):
    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA user_version = 999")
    code, _ = _start(db_path, capsys)
    assert code == 2
    assert len(dialogs) == 1 and "newer Binwise" in dialogs[0]


def test_a_truncated_database(db_path, dialogs, capsys):
    data = db_path.read_bytes()
    db_path.write_bytes(data[:len(data) // 3])
    code, _ = _start(db_path, capsys)
    assert code == 2
    assert len(dialogs) == 1 and "is damaged" in dialogs[0]


# The offscreen platform cannot raise a window; the smoke test asks it to, as on a desktop.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_window_takes_the_days_backup_when_it_starts(db_path, qapp, monkeypatch, tmp_path):
    from datetime import date

    from app import paths

    monkeypatch.setattr(paths, "config_dir", lambda: tmp_path / "config")
    monkeypatch.setattr(ui_app, "BACKUP_DELAY_MS", 0)
    assert ui_app.run(db_path, smoke_test=True) == 0
    today = db_path.parent / "backups" / f"warehouse-daily-{date.today().isoformat()}.sqlite"
    assert today.is_file()


def test_a_read_only_database(db_path, dialogs, capsys):
    from tests.cli.file_faults import read_only

    before = db_path.read_bytes()
    with read_only(db_path):
        code, _ = _start(db_path, capsys)
    assert code == 2
    assert len(dialogs) == 1 and "is read-only" in dialogs[0]
    assert db_path.read_bytes() == before
