"""Every CSV Binwise writes goes through app/core/csv_output.py, so every one is written whole
and with formula cells escaped."""

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def test_no_csv_is_written_outside_the_one_helper():
    writers = re.compile(r"csv\.(writer|DictWriter)\b|\bfrom csv import\b.*\b(writer|DictWriter)\b")
    offenders = [f"{path.relative_to(APP.parent)}:{number}"
                 for path in APP.rglob("*.py") if path.name != "csv_output.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if writers.search(line)]
    assert offenders == [], "write CSV with app.core.csv_output.write_csv"
