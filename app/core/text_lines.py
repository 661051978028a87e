"""Splitting text files into lines at line ends only.

`str.splitlines()` also breaks at GS (0x1D), FS, RS, VT, FF, NEL and the Unicode line and
paragraph separators. GS is data in GS1 scans and may appear in any file a scanner wrote, so
every text file Binwise reads is split here, at `\\n`, `\\r\\n` and `\\r` only.
"""

import re

_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """The lines of `text`, like `str.splitlines()` but breaking at line ends only."""
    if not text:
        return []
    lines, start = [], 0
    for match in _LINE_END.finditer(text):
        lines.append(text[start:match.end() if keepends else match.start()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines
