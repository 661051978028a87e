"""A file the command cannot use ends in one clear line on stderr and exit 2, never a
traceback, and nothing is lost: the database and the user's files are as they were."""

import errno
import sqlite3

import pytest

from app import paths
from app.db import close_database, connection
from tests.cli.file_faults import one_clear_line, read_only, run

ITEMS = "sku,name\nNEW-1,A new thing\nNEW-2,Another thing\n"
BINS = "code,zone\nA-01-01,A\nA-01-02,A\n"


@pytest.fixture(autouse=True)
def _own_config(tmp_path, monkeypatch):
    # `labels` remembers the printer settings: keep them out of the user's folder.
    monkeypatch.setattr(paths, "config_dir", lambda: tmp_path / "config")


@pytest.fixture
def warehouse(db_path, tmp_path, capsys):
    """A migrated warehouse with two bins, closed, ready for a command."""
    bins = tmp_path / "bins.csv"
    bins.write_text(BINS, encoding="utf-8")
    assert run(capsys, "--db", db_path, "import", "bins", bins)[0] == 0
    return db_path


def _checksum(path) -> bytes:
    return path.read_bytes()


# -- the database file ---------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    b"Dear supplier,\nplease send 20 more boxes.\n",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    bytes(range(256)) * 40,
], ids=["text", "pdf", "random"])
def test_a_file_that_is_not_a_database(tmp_path, capsys, content):
    path = tmp_path / "wh.sqlite"
    path.write_bytes(content)
    code, _, err = run(capsys, "--db", path, "check")
    assert code == 2
    assert "is not a Binwise database" in one_clear_line(err)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wh.sqlite"]


def test_another_programs_sqlite_database_is_left_alone(tmp_path, capsys):
    path = tmp_path / "places.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE bookmark (url TEXT)")
    before = path.read_bytes()
    code, _, err = run(capsys, "--db", path, "stock")
    assert code == 2
    assert "another program's database" in one_clear_line(err)
    assert path.read_bytes() == before


def test_a_truncated_database(warehouse, capsys):
    data = warehouse.read_bytes()
    warehouse.write_bytes(data[: len(data) // 2])
    code, _, err = run(capsys, "--db", warehouse, "check")
    assert code == 2
    line = one_clear_line(err)
    assert "is damaged" in line and "binwise restore" in line
    assert warehouse.read_bytes() == data[: len(data) // 2]


def test_a_corrupted_database(warehouse, capsys):
    data = bytearray(warehouse.read_bytes())
    # The schema table's page, after SQLite's 100-byte file header.
    data[100:4096] = b"\xa5" * (4096 - 100)
    warehouse.write_bytes(bytes(data))
    code, _, err = run(capsys, "--db", warehouse, "check")
    assert code == 2
    assert "is damaged" in one_clear_line(err)
    assert warehouse.read_bytes() == bytes(data)


def test_a_database_from_a_newer_binwise(warehouse, capsys):
    with sqlite3.connect(warehouse) as raw:
        raw.execute("PRAGMA user_version = 999")
    before = warehouse.read_bytes()
    code, _, err = run(capsys, "--db", warehouse, "stock")
    assert code == 2
    assert "newer Binwise" in one_clear_line(err)
    assert warehouse.read_bytes() == before


def test_a_read_only_database_file(warehouse, tmp_path, capsys):
    items = tmp_path / "items.csv"
    items.write_text(ITEMS, encoding="utf-8")
    before = warehouse.read_bytes()
    with read_only(warehouse):
        code, _, err = run(capsys, "--db", warehouse, "import", "items", items)
    assert code == 2
    assert "is read-only" in one_clear_line(err)
    assert warehouse.read_bytes() == before


def test_a_database_in_a_read_only_folder(warehouse, capsys):
    before = warehouse.read_bytes()
    with read_only(warehouse.parent):
        code, _, err = run(capsys, "--db", warehouse, "check")
    assert code == 2
    assert "Cannot open" in one_clear_line(err)
    assert warehouse.read_bytes() == before


def test_a_folder_as_the_database(tmp_path, capsys):
    code, _, err = run(capsys, "--db", tmp_path, "stock")
    assert code == 2
    assert "is a folder" in one_clear_line(err)
    assert list(tmp_path.iterdir()) == []


def test_a_full_database_saves_nothing(warehouse, tmp_path, capsys, monkeypatch):
    items = tmp_path / "items.csv"
    items.write_text("sku,name\n" + "".join(f"SKU-{n},Item number {n} " + "x" * 150 + "\n"
                                            for n in range(3000)), encoding="utf-8")
    with sqlite3.connect(warehouse) as raw:
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own "database or disk is full", as on a full disk, without filling one.
    monkeypatch.setitem(connection.PRAGMAS, "max_page_count", pages + 2)
    code, _, err = run(capsys, "--db", warehouse, "import", "items", items)
    assert code == 2
    line = one_clear_line(err)
    assert "is full" in line and "Free some space" in line
    monkeypatch.delitem(connection.PRAGMAS, "max_page_count")
    with sqlite3.connect(warehouse) as raw:
        assert raw.execute("SELECT COUNT(*) FROM item").fetchone() == (0,)


def test_closing_on_a_full_disk_does_not_hide_the_cause(warehouse, capsys, monkeypatch):
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("app.db.close_database", full)
    code, _, err = run(capsys, "--db", warehouse, "export", "available", warehouse.parent)
    assert code == 2
    assert "is a folder" in one_clear_line(err)
    close_database()


# -- a missing database --------------------------------------------------------------------

@pytest.mark.parametrize("command", [["check"], ["stock"], ["orders"], ["allocate"],
                                     ["counts", "review"]])
def test_commands_refuse_a_database_that_does_not_exist(tmp_path, capsys, command):
    path = tmp_path / "typo" / "dir" / "wh.sqlite"
    code, out, err = run(capsys, "--db", path, *command)
    assert code == 2
    assert "There is no warehouse at" in one_clear_line(err)
    assert "Stock matches" not in out
    assert not (tmp_path / "typo").exists()


def test_demo_still_creates_its_warehouse(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("app.core.demo.build_demo", lambda seed: "a tiny demo")
    monkeypatch.setattr("app.labels.demo_sheet.write_demo_sheet", lambda path, data: path)
    code, out, _ = run(capsys, "--db", tmp_path / "new" / "demo.sqlite", "demo")
    assert code == 0, out
    assert (tmp_path / "new" / "demo.sqlite").is_file()


# -- files given to commands ---------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["import", "items", "{dir}"],
    ["replay", "--station", "lookup", "{dir}"],
    ["export", "available", "{dir}"],
    ["labels", "bins", "--range", "A-01-01..A-01-02", "-o", "{dir}.pdf", "--format", "pdf"],
    ["labels", "bins", "--range", "A-01-01..A-01-02", "-o", "{dir}.zpl", "--format", "zpl"],
    ["labels", "demo-sheet", "{dir}"],
], ids=["import", "replay", "export", "labels-pdf", "labels-zpl", "demo-sheet"])
def test_a_folder_given_as_a_file(warehouse, tmp_path, capsys, command):
    folder = tmp_path / "folder"
    for name in ("folder", "folder.pdf", "folder.zpl"):
        (tmp_path / name).mkdir()
    args = [a.replace("{dir}", str(folder)) for a in command]
    code, _, err = run(capsys, "--db", warehouse, *args)
    assert code == 2
    line = one_clear_line(err)
    assert "folder" in line.lower() and str(folder) in line


def test_export_to_a_folder_that_does_not_exist(warehouse, tmp_path, capsys):
    target = tmp_path / "no" / "such" / "available.csv"
    code, _, err = run(capsys, "--db", warehouse, "export", "available", target)
    assert code == 2
    assert "not found" in one_clear_line(err)
    assert not (tmp_path / "no").exists()


def test_export_into_a_read_only_folder(warehouse, tmp_path, capsys):
    folder = tmp_path / "shared"
    folder.mkdir()
    with read_only(folder):
        code, _, err = run(capsys, "--db", warehouse, "export", "available",
                           folder / "available.csv")
    assert code == 2
    assert "Permission denied" in one_clear_line(err)
    assert list(folder.iterdir()) == []


def test_explain_names_the_real_cause_of_a_full_disk():
    from app.core.faults import explain

    error = OSError(errno.ENOSPC, "No space left on device", "/mnt/usb/available.csv")
    assert explain(error) == ("The disk is full writing /mnt/usb/available.csv: nothing was "
                              "written. Free some space and try again.")
    assert explain(ValueError("a bug")) is None


def test_labels_are_written_even_when_the_settings_cannot_be(warehouse, tmp_path, capsys):
    config = tmp_path / "config"
    config.mkdir()
    out = tmp_path / "bins.zpl"
    with read_only(config):
        code, stdout, err = run(capsys, "--db", warehouse, "labels", "bins", "--range",
                                "A-01-01..A-01-02", "-o", out, "--size", "4x2in")
    assert code == 0, err
    assert "Wrote 2 labels" in stdout and out.read_text(encoding="utf-8").count("^XA") == 2
    assert "Traceback" not in err and "not remembered" in err


def test_a_postgresql_url_is_not_taken_for_a_missing_file():
    from app.core.faults import check_database_file

    # --db keeps a URL as text (a Path would fold its double slash).
    check_database_file("postgresql://binwise@db.local/wh", create=False, write=True)


@pytest.mark.parametrize("fmt", ["pdf", "zpl"])
def test_labels_on_a_full_disk_keep_the_previous_file(warehouse, tmp_path, capsys, monkeypatch,
                                                     fmt):
    out = tmp_path / f"bins.{fmt}"
    args = ["--db", warehouse, "labels", "bins", "--range", "A-01-01..A-01-02", "-o", out,
            "--size", "4x2in"]
    assert run(capsys, *args)[0] == 0
    before = out.read_bytes()

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("app.atomic.os.fsync", full)
    code, _, err = run(capsys, *args)
    assert code == 2
    assert one_clear_line(err) == (f"binwise: The disk is full writing {out}: nothing was "
                                   "written. Free some space and try again.")
    assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
