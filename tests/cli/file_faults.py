"""Helpers for file-fault tests: running `binwise` in this process, and making a file or folder
read-only even for root (tests run as root in CI, where permissions do not stop a write)."""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app import cli


def run(capsys, *args: str) -> tuple[int, str, str]:
    """`binwise ARGS` in-process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_clear_line(err: str) -> str:
    """The single line the command printed on stderr, with no traceback."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("binwise: ")
    return lines[0]


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` read-only: `chattr +i` as root (which ignores permissions), chmod otherwise."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("chattr is not available to make a read-only file")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
