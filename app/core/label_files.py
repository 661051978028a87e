"""Reading a carrier's label file: is it a label Binwise can print, what text does it hold,
which tracking number.

A label file is a PDF or ZPL (`.zpl`, or `.txt` holding ZPL) made by the seller's shipping
tool. Its text is what the order number and the tracking number are looked for in: the ZPL
field data (`^FD`, with `^FH` hex escapes and Code 128 invocation codes undone), or the PDF's
text as pypdf extracts it (carrier PDFs compress their pages and map their fonts; a pure-Python
parser reads them properly, a regular expression does not). Nothing here touches the database.
"""

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import BinwiseError
from app.scanning.decode import GS, decode
from app.scanning.tracking import Tracking, tracking_in

SUFFIXES = {".pdf": "pdf", ".zpl": "zpl", ".txt": "zpl"}
MAX_BYTES = 20_000_000  # a label is kilobytes; anything this big is not one

_FIELD = re.compile(r"\^FD(.*?)(?=\^FS|\^XZ|\^FD|$)", re.S)
_HEX = re.compile(r"_([0-9A-Fa-f]{2})")
_INVOCATION = re.compile(r">[0-9:;<=]")
_BRACKETED_AI = re.compile(r"\((\d{2,4})\)\s*([^()]+)")


@dataclass(frozen=True)
class LabelFile:
    name: str
    format: str  # "pdf" or "zpl"
    data: bytes
    texts: tuple[str, ...]  # ZPL fields or PDF text lines, in order
    tracking: Tracking | None


def _zpl_fields(text: str) -> list[tuple[str, bool]]:
    """(field data, is a barcode) for every ^FD field, escapes undone."""
    fields = []
    for match in _FIELD.finditer(text):
        before = text[max(0, text.rfind("^FS", 0, match.start())):match.start()]
        value = match.group(1)
        if "^FH" in before:
            value = _HEX.sub(lambda m: chr(int(m.group(1), 16)), value)
        barcode = re.search(r"\^B[0-9A-Z]", before) is not None
        if barcode:
            # Code 128 invocation codes: >8 is FNC1 (GS1's separator), the rest switch sets.
            value = _INVOCATION.sub("", value.replace(">8", GS))
        fields.append((value.strip(" \r\n\t"), barcode))
    return fields


def _tracking_of(text: str, barcode: bool) -> Tracking | None:
    if barcode and text.startswith(GS):
        reading = decode("]C1" + text[1:])
        return tracking_in(reading.text, reading.gs1)
    bracketed = dict((ai, re.sub(r"\s", "", value))
                     for ai, value in _BRACKETED_AI.findall(text))
    if bracketed:
        found = tracking_in("".join(f"{a}{v}" for a, v in bracketed.items()), bracketed)
        if found:
            return found
    found = tracking_in(text)
    if found or barcode:
        return found
    # A printed line: "TRACKING #: 1Z 999 AA1 01 2345 678 4". Try what follows a colon, then
    # each run of words.
    words = text.rsplit(":", 1)[-1].split()
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            found = tracking_in("".join(words[start:end]))
            if found:
                return found
    return None


def _pdf_lines(data: bytes, name: str) -> list[str]:
    try:
        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as error:  # pypdf raises many kinds for a broken file
        raise BinwiseError(f"{name}: not a readable PDF ({type(error).__name__}).") from None
    if not reader.pages:
        raise BinwiseError(f"{name}: the PDF has no page.")
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_label(name: str, data: bytes) -> LabelFile:
    """Check a label file and read its text; a file that is not a label raises BinwiseError
    with one line saying why."""
    kind = SUFFIXES.get(Path(name).suffix.lower())
    if kind is None:
        raise BinwiseError(f"{name}: not a label file (PDF, ZPL or TXT).")
    if not data.strip():
        raise BinwiseError(f"{name}: the file is empty.")
    if len(data) > MAX_BYTES:
        raise BinwiseError(f"{name}: {len(data) // 1_000_000} MB is too big for a label.")
    if kind == "pdf":
        if not data.lstrip()[:5] == b"%PDF-":
            raise BinwiseError(f"{name}: not a PDF (it does not start with %PDF).")
        texts = _pdf_lines(data, name)
        fields = [(line, False) for line in texts]
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
        if "^XA" not in text.upper() or printable < 0.95 * len(text):
            raise BinwiseError(f"{name}: not ZPL (no ^XA label format in readable text).")
        fields = _zpl_fields(text)
        texts = [value for value, _ in fields]
    tracking = None
    for value, barcode in sorted(fields, key=lambda f: not f[1]):  # barcodes first
        tracking = _tracking_of(value, barcode)
        if tracking:
            break
    return LabelFile(Path(name).name, kind, data, tuple(texts), tracking)
