"""The label font and fitting text into a box.

DejaVu Sans when the system has it (found with fc-match), else the DejaVu Sans Mono that
python-barcode bundles, else Pillow's built-in font. The same font file is measured here, drawn
by Pillow and embedded by Qt in PDFs, so text sits where the layout put it.
"""

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import barcode
from PIL import ImageFont

MIN_TEXT_MM = 1.6  # below this a printed line is no longer readable at arm's length


@cache
def font_file(bold: bool = False) -> str | None:
    """Path of the TrueType file used for labels, or None for Pillow's built-in font."""
    name = "DejaVuSans:bold" if bold else "DejaVuSans"
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", name], capture_output=True,
                                   text=True, timeout=5).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and "DejaVuSans" in Path(found).name and Path(found).is_file():
            return found
    bundled = Path(barcode.__file__).parent / "fonts" / "DejaVuSansMono.ttf"
    return str(bundled) if bundled.is_file() else None


@cache
def pil_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_file(bold)
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


@dataclass(frozen=True)
class FittedText:
    size: int  # em in dots
    lines: tuple[str, ...]
    line_height: int  # dots


def _width(text: str, size: int, bold: bool) -> float:
    return pil_font(size, bold).getlength(text)


def _wrap(text: str, size: int, bold: bool, width: int, lines: int) -> list[str] | None:
    """Greedy word wrap into at most `lines` lines of `width`; None if it does not fit."""
    words, out = text.split(), []
    while words:
        line = words.pop(0)
        while words and _width(f"{line} {words[0]}", size, bold) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if len(out) > lines or any(_width(line, size, bold) > width for line in out):
        return None
    return out


def _height(lines: list[str], size: int, bold: bool, tight: bool) -> int:
    font = pil_font(size, bold)
    if tight:
        top = min(font.getbbox(line, anchor="ls")[1] for line in lines)
        bottom = max(font.getbbox(line, anchor="ls")[3] for line in lines)
        return (bottom - top) + (len(lines) - 1) * _line_height(size, bold)
    return len(lines) * _line_height(size, bold)


def _line_height(size: int, bold: bool) -> int:
    ascent, descent = pil_font(size, bold).getmetrics()
    return ascent + descent


def ellipsize(text: str, size: int, bold: bool, width: int) -> str:
    if _width(text, size, bold) <= width:
        return text
    while text and _width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def fit_text(text: str, width: int, height: int, dpi: int, bold: bool = False,
             max_lines: int = 1, tight: bool = False) -> FittedText:
    """The largest font size (dots) at which `text` fits `width` x `height` dots, wrapped
    into up to `max_lines` lines; at the smallest readable size the last line is cut with an
    ellipsis instead."""
    smallest = max(6, round(MIN_TEXT_MM * dpi / 25.4))
    best: FittedText | None = None
    for lines in range(1, max_lines + 1):
        low, high = smallest, max(smallest, int(height * 1.6 / lines))
        found = None
        while low <= high:
            size = (low + high) // 2
            wrapped = [text] if lines == 1 else _wrap(text, size, bold, width, lines)
            fits = wrapped is not None and all(
                _width(line, size, bold) <= width for line in wrapped) and \
                _height(wrapped, size, bold, tight) <= height
            if fits:
                found, low = (size, wrapped), size + 1
            else:
                high = size - 1
        # Another line only for a clearly larger font: one line reads better.
        if found and (best is None or found[0] > best.size * 1.25):
            best = FittedText(found[0], tuple(found[1]), _line_height(found[0], bold))
    if best is not None:
        return best
    lines = max(1, min(max_lines, height // max(1, _line_height(smallest, bold))))
    wrapped = _wrap(text, smallest, bold, width, 99) or [text]
    kept = wrapped[:lines]
    kept[-1] = ellipsize(" ".join([kept[-1], *wrapped[lines:]]), smallest, bold, width)
    return FittedText(smallest, tuple(kept), _line_height(smallest, bold))
