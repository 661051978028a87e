"""`binwise report NAME`: every report runs headless on the demo, as a table, CSV or JSON."""

import csv
import json

import pytest

from app.cli_numbers import REPORT_NAMES
from app.core.reports import REPORTS


def test_the_command_knows_every_report():
    assert sorted(REPORT_NAMES) == sorted(REPORTS)


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_each_report_on_the_demo(demo, name, tmp_path):
    table = demo("report", name)
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith(REPORTS[name].TITLE)
    data = json.loads(demo("report", name, "--json").stdout)
    assert data["report"] == name and data["notes"]
    out = tmp_path / f"{name}.csv"
    written = demo("report", name, "--csv", out, "--from", "2020-01-01")
    assert written.returncode == 0, written.stderr
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == data["columns"]


def test_stock_value_on_the_demo_adds_up(demo):
    data = json.loads(demo("report", "stock-value", "--json").stdout)
    assert data["rows"] and data["total"]["value"] == pytest.approx(
        sum(r["value"] for r in data["rows"]), abs=0.01)


def test_bad_periods_are_refused(demo):
    backwards = demo("report", "turnover", "--from", "2026-05-01", "--to", "2026-04-01")
    assert backwards.returncode == 2 and "is after" in backwards.stderr
    typo = demo("report", "turnover", "--from", "2026-13-01")
    assert typo.returncode == 2 and "is not a date" in typo.stderr


def test_a_report_printed_to_pdf(demo, tmp_path):
    out = tmp_path / "aging.pdf"
    printed = demo("report", "aging", "--pdf", out)
    assert printed.returncode == 0, printed.stderr
    assert "1 pages" in printed.stdout and out.read_bytes().startswith(b"%PDF")


def test_a_layout_a_report_does_not_have_is_refused_not_ignored(demo):
    """--by lays out stock-value and turnover; any other report refuses it rather than print
    its one layout as if it were the one asked for."""
    for name, by in (("aging", "lot"), ("returns", "bin"), ("movers", "class")):
        refused = demo("report", name, "--by", by)
        assert refused.returncode == 2 and "--by is for stock-value" in refused.stderr, name
        assert refused.stdout == ""
    by_lot = json.loads(demo("report", "stock-value", "--by", "lot", "--json").stdout)
    by_item = json.loads(demo("report", "stock-value", "--json").stdout)
    assert by_lot["columns"][0] == "lot" and by_item["columns"][0] != "lot"
    assert demo("report", "turnover", "--by", "class").returncode == 0
