"""Text files split at line ends only: GS and the other separators are data."""

from app.core.csv_input import read_rows
from app.core.text_lines import split_lines


def test_split_at_line_ends_only():
    text = "a\x1db\nc\x1cd\r\ne\x1ef\rg\x0bh\x0c\x85\u2028"
    assert split_lines(text) == ["a\x1db", "c\x1cd", "e\x1ef", "g\x0bh\x0c\x85\u2028"]
    assert split_lines(text, keepends=True)[:2] == ["a\x1db\n", "c\x1cd\r\n"]
    assert split_lines("") == [] and split_lines("x\n") == ["x"]
    assert split_lines("\n\n") == ["", ""]


def test_a_csv_cell_holding_gs_stays_in_its_row(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("sku,name\nA-1,Lot\x1dlabel\nB-2,Other\n", encoding="utf-8")
    rows = read_rows(path, (("sku", "name"), ()), "items")
    assert [(row.get("sku"), row.get("name")) for row in rows] == [("A-1", "Lot\x1dlabel"),
                                                           ("B-2", "Other")]
