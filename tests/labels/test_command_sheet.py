"""The command barcode sheet: every command, readable back as its exact text."""

import subprocess
import sys

from pyzbar import pyzbar

from app.labels.command_sheet import render_command_sheet
from app.scanning.commands import COMMANDS, code_of, command_in


def test_every_command_reads_back_as_itself():
    pages, codes = render_command_sheet()
    assert [c.data for c in codes] == [code_of(name) for name in COMMANDS]
    read = sorted(s.data.decode() for page in pages for s in pyzbar.decode(page))
    assert read == sorted(code_of(name) for name in COMMANDS)
    assert all(s.type == "CODE128" for page in pages for s in pyzbar.decode(page))
    assert {command_in(text) for text in read} == set(COMMANDS)


def test_binwise_labels_commands_writes_the_pdf_without_a_database(tmp_path):
    out = tmp_path / "sheet.pdf"
    result = subprocess.run([sys.executable, "-m", "app", "--db", str(tmp_path / "none.db"),
                             "labels", "commands", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "none.db").exists()
