"""ZPL II for Zebra-compatible thermal printers: one ^XA..^XZ format per label, and sending it
raw to a CUPS queue.

Positions and sizes are the layout's, in printer dots. Barcodes are the printer's own: ^BC for
Code 128 and GS1-128, ^BE (EAN-13), ^BU (UPC-A), ^B8 (EAN-8), ^BQ for QR, with the module width
in ^BY. Code 128 data is written in ^BC's mode N with explicit code sets, repeating the choices
python-barcode made for the rendered image (>; start C, >: start B, >5/>6 to C/B), so printed
and rendered symbols are the same width. GS1-128 starts ">;>8": start C, then FNC1, then
the element string (01) GTIN (17) expiry (10) lot. ZPL allows at most 10 dots a module, so
labels are laid out with that cap. Text uses the scalable font 0 in ^FB boxes, UTF-8 (^CI28).
"""

import shutil
import subprocess
from collections.abc import Sequence

from app.errors import BinwiseError
from app.labels.barcodes import Code
from app.labels.layout import Drawing, PlacedText, draw_label
from app.labels.templates import Label, LabelSize

MAX_MODULE_DOTS = 10
# Where font 0's baseline sits below the top of its character cell, as a share of its height.
ASCENT = 0.77

_START = {103: ">9", 104: ">:", 105: ">;"}
_SET_OF_START = {103: "A", 104: "B", 105: "C"}
# Code-set changes as ZPL invocation codes, by the set they are in: value -> (code, new set).
_SWITCH = {
    "A": {99: (">5", "C"), 100: (">6", "B")},
    "B": {99: (">5", "C"), 101: (">7", "A")},
    "C": {100: (">6", "B"), 101: (">7", "A")},
}
# Characters of subset B that ZPL reads as commands or invocations.
_B_ESCAPES = {"^": "><", ">": ">0", "~": ">="}


def code128_data(code: Code) -> str:
    """^FD data for ^BC mode N: the symbol values of `code` as ZPL invocation codes."""
    values = code.code128_values
    out = [_START[values[0]]]
    current = _SET_OF_START[values[0]]
    for value in values[1:]:
        if value == 102:
            out.append(">8")
        elif value in _SWITCH[current]:
            text, current = _SWITCH[current][value]
            out.append(text)
        elif current == "C":
            out.append(f"{value:02d}")
        elif current == "B" and value < 95:
            char = chr(value + 32)
            out.append(_B_ESCAPES.get(char, char))
        else:
            # Subset A in ZPL takes digit pairs; python-barcode picks B for printable text.
            raise BinwiseError(f"'{code.data}' needs Code 128 subset A, which labels do not use.")
    return "".join(out)


def _escape(text: str) -> str:
    """Field data after ^FH_: the ZPL command characters as hex."""
    return text.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


def _text(text: PlacedText) -> str:
    top = text.baseline - round(ASCENT * text.size)
    justify = "C" if text.align == "center" else "L"
    return (f"^FO{text.box_x},{max(0, top)}^A0N,{text.size},{text.size}"
            f"^FB{text.box_w},1,0,{justify},0^FH_^FD{_escape(text.text)}^FS")


def _barcode(code: Code, height: int) -> str:
    if code.symbology in ("code128", "gs1-128"):
        return f"^BCN,{height},N,N,N,N^FD{code128_data(code)}^FS"
    # The printer adds the check digit itself.
    if code.symbology == "ean13":
        return f"^BEN,{height},N,N^FD{code.data[:12]}^FS"
    if code.symbology == "upca":
        return f"^BUN,{height},N,N,Y^FD{code.data[:11]}^FS"
    return f"^B8N,{height},N,N^FD{code.data[:7]}^FS"


def drawing_zpl(drawing: Drawing) -> str:
    """One label as a ZPL format, one command a line."""
    lines = ["^XA", "^CI28", f"^PW{drawing.width}", f"^LL{drawing.height}", "^LH0,0"]
    for bars in drawing.barcodes:
        lines.append(f"^FO{bars.first_bar},{bars.y}^BY{bars.bars.module}"
                     + _barcode(bars.bars.code, bars.height))
    for placed in drawing.qrs:
        x, y = placed.symbol_origin
        lines.append(f"^FO{x},{y}^BQN,2,{placed.qr.module}^FH_^FDMA,{_escape(placed.qr.data)}^FS")
    for arrow in drawing.arrows:
        x0, y0, x1, y1 = arrow.shaft
        lines.append(f"^FO{x0},{y0}^GB{x1 - x0},{y1 - y0},{x1 - x0},B,0^FS")
        for d in arrow.head:
            lines.append(f"^FO{d.x},{d.y}^GD{d.w},{d.h},{d.thickness},B,{d.orientation}^FS")
    lines += [_text(text) for text in drawing.texts]
    lines.append("^XZ")
    return "\n".join(lines) + "\n"


def check_size(size: LabelSize) -> None:
    if size.sheet:
        raise BinwiseError(f"{size.name} is a sheet for office printers; ZPL is for label "
                           "rolls. Choose a roll size such as 100x50mm or 4x6in.")


def labels_zpl(labels: Sequence[Label], size: LabelSize, dpi: int, quiet: int = 10) -> str:
    """ZPL for every label, one format after the other."""
    check_size(size)
    return "".join(drawing_zpl(draw_label(label, size, dpi, quiet, MAX_MODULE_DOTS))
                   for label in labels)


def send_raw(zpl: str, queue: str) -> str:
    """Send ZPL to a CUPS queue untouched (`lp -d QUEUE -o raw`); returns lp's answer."""
    if not queue.strip():
        raise BinwiseError("Name the printer's CUPS queue to send ZPL to (lpstat -p lists them).")
    lp = shutil.which("lp")
    if lp is None:
        raise BinwiseError("Cannot send to the printer: the 'lp' command of CUPS is not "
                           "installed (Debian/Ubuntu: apt install cups-client).")
    try:
        done = subprocess.run([lp, "-d", queue.strip(), "-o", "raw"], input=zpl.encode("utf-8"),
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise BinwiseError(f"Cannot send to printer queue '{queue}': {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise BinwiseError(f"The printer queue '{queue}' refused the labels: {message}")
    return done.stdout.decode("utf-8", "replace").strip()
