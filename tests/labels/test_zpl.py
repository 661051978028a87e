"""ZPL output read back field by field: label size, positions, module widths, barcode data (the
Code 128 invocation codes are interpreted here independently and rebuilt into bars), text,
and sending to a CUPS queue."""

import os
import re
import stat
from datetime import date

import pytest
from barcode.charsets.code128 import CODES, STOP

from app.core.errors import BinwiseError
from app.labels import zpl
from app.labels.barcodes import Code
from app.labels.layout import draw_label
from app.labels.templates import DPIS, SIZES, BinLabel, LotLabel
from tests.labels.samples import EAN13_GTIN, SAMPLES

ROLLS = [name for name, size in SIZES.items() if size.sheet is None]


def formats(text: str) -> list[list[tuple[str, str]]]:
    """The ^XA..^XZ formats of a ZPL text, each as (command, parameters) pairs."""
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for token in re.findall(r"\^[^^]*", text):
        command, params = token[1:3], token[3:].rstrip("\n")
        if command == "XA":
            assert current is None, "^XA inside a format"
            current = []
        elif command == "XZ":
            assert current is not None, "^XZ without ^XA"
            out.append(current)
            current = None
        else:
            assert current is not None, f"^{command} outside a format"
            current.append((command, params))
    assert current is None, "format not closed with ^XZ"
    return out


def fields(commands: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Commands from ^FO to ^FS grouped into one dict a field."""
    out, field = [], None
    for command, params in commands:
        if command == "FO":
            field = {"FO": params}
        elif command == "FS":
            out.append(field)
            field = None
        elif field is not None:
            field[command] = params
    return out


def unhex(text: str) -> str:
    return re.sub(r"_([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), text)


def bc_values(data: str) -> list[int]:
    """Interpret ^BC mode N field data as the ZPL manual's invocation table says."""
    starts = {">9": (103, "A"), ">:": (104, "B"), ">;": (105, "C")}
    value, current = starts[data[:2]]
    values, i = [value], 2
    special_b = {"><": 62, ">0": 30, ">=": 94}
    while i < len(data):
        if data[i] == ">":
            code, i = data[i:i + 2], i + 2
            if code == ">8":
                values.append(102)
            elif code == ">5" and current != "C":
                values.append(99)
                current = "C"
            elif code == ">6" and current != "B":
                values.append(100)
                current = "B"
            elif current == "B" and code in special_b:
                values.append(special_b[code])
            else:
                raise AssertionError(f"unexpected {code} in subset {current}")
        elif current == "C":
            pair, i = data[i:i + 2], i + 2
            assert pair.isdigit() and len(pair) == 2
            values.append(int(pair))
        else:
            assert current == "B"
            values.append(ord(data[i]) - 32)
            i += 1
    return values


def bars_of(values: list[int]) -> str:
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    return "".join(CODES[v] for v in values) + CODES[check] + STOP + "11"


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("size", ROLLS)
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_zpl_field_by_field(sample, size, dpi):
    label, label_size = SAMPLES[sample], SIZES[size]
    drawing = draw_label(label, label_size, dpi, max_module_dots=zpl.MAX_MODULE_DOTS)
    (commands,) = formats(zpl.labels_zpl([label], label_size, dpi))
    header = dict(commands[:5])
    assert header["CI"] == "28"
    assert int(header["PW"]) == drawing.width == round(label_size.width / 25.4 * dpi)
    assert int(header["LL"]) == drawing.height == round(label_size.height / 25.4 * dpi)

    found = fields(commands)
    barcodes = [f for f in found if {"BC", "BE", "BU", "B8"} & f.keys()]
    assert len(barcodes) == len(drawing.barcodes)
    for field, placed in zip(barcodes, drawing.barcodes, strict=True):
        code, bars = placed.bars.code, placed.bars
        assert field["FO"] == f"{placed.first_bar},{placed.y}"
        assert int(field["BY"]) == bars.module <= 10
        if code.symbology in ("code128", "gs1-128"):
            assert field["BC"] == f"N,{placed.height},N,N,N,N"
            values = bc_values(field["FD"])
            assert values == code.code128_values
            assert bars_of(values) == code.pattern
            if code.symbology == "gs1-128":
                assert field["FD"].startswith(">;>801")
        elif code.symbology == "ean13":
            assert (field["BE"], field["FD"]) == (f"N,{placed.height},N,N", code.data[:12])
        elif code.symbology == "upca":
            assert (field["BU"], field["FD"]) == (f"N,{placed.height},N,N,Y", code.data[:11])
        else:
            assert (field["B8"], field["FD"]) == (f"N,{placed.height},N,N", code.data[:7])

    qrs = [f for f in found if "BQ" in f]
    assert len(qrs) == len(drawing.qrs)
    for field, placed in zip(qrs, drawing.qrs, strict=True):
        assert field["FO"] == "{},{}".format(*placed.symbol_origin)
        assert field["BQ"] == f"N,2,{placed.qr.module}"
        assert unhex(field["FD"]) == f"MA,{placed.qr.data}"

    texts = [f for f in found if "A0" in f]
    assert [unhex(f["FD"]) for f in texts] == [t.text for t in drawing.texts]
    for field, text in zip(texts, drawing.texts, strict=True):
        assert field["A0"] == f"N,{text.size},{text.size}"
        assert field["FB"] == f"{text.box_w},1,0,{'C' if text.align == 'center' else 'L'},0"
        assert int(field["FO"].split(",")[0]) == text.box_x

    shapes = [f for f in found if {"GB", "GD"} & f.keys()]
    assert len(shapes) == 3 * len(drawing.arrows)


def test_gs1_lot_data_in_full():
    label = LotLabel("COF-1", "Coffee", EAN13_GTIN, "L24123A", date(2026, 12, 31))
    text = zpl.labels_zpl([label], SIZES["4x2in"], 203)
    # Start C, FNC1, then (01) GTIN (17) expiry (10) in pairs; the lot switches sets as
    # python-barcode did: B for "L", C for "2412", B for "3A".
    assert "^FD>;>801040123450000161726123110>6L>52412>63A^FS" in text


def test_special_characters_in_code128_and_text():
    assert zpl.code128_data(Code("code128", "A^B>C~D")) == ">:A><B>0C>=D"
    text = zpl.labels_zpl([BinLabel("X_^~1")], SIZES["4x2in"], 300)
    assert "^FH_^FDX_5F_5E_7E1^FS" in text


def test_many_labels_make_balanced_formats():
    labels = [BinLabel(f"A-01-{n:02d}", "A", "up", True) for n in range(1, 8)]
    assert len(formats(zpl.labels_zpl(labels, SIZES["100x50mm"], 203))) == 7


def test_arrow_is_a_bar_and_two_diagonals():
    drawing = draw_label(BinLabel("A-01-01", "A", "down"), SIZES["100x50mm"], 203,
                         max_module_dots=10)
    found = fields(formats(zpl.drawing_zpl(drawing))[0])
    arrow = drawing.arrows[0]
    x0, y0, x1, y1 = arrow.shaft
    assert {"FO": f"{x0},{y0}", "GB": f"{x1 - x0},{y1 - y0},{x1 - x0},B,0"} in found
    left, right = arrow.head
    assert {"FO": f"{left.x},{left.y}",
            "GD": f"{left.w},{left.h},{left.thickness},B,L"} in found  # down: \ then /
    assert right.orientation == "R"


def test_sheets_are_not_for_zpl():
    with pytest.raises(BinwiseError, match="ZPL is for label rolls"):
        zpl.labels_zpl([BinLabel("A")], SIZES["a4-3x8"], 203)


def _fake_lp(folder, script: str) -> None:
    lp = folder / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)


def test_send_raw_pipes_zpl_to_lp(tmp_path, monkeypatch):
    _fake_lp(tmp_path, f'echo "$@" > {tmp_path}/args\ncat > {tmp_path}/job\n'
                       'echo "request id is zebra-7 (1 file(s))"\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    answer = zpl.send_raw("^XA^FDhi^FS^XZ\n", "zebra")
    assert answer == "request id is zebra-7 (1 file(s))"
    assert (tmp_path / "args").read_text().split() == ["-d", "zebra", "-o", "raw"]
    assert (tmp_path / "job").read_text() == "^XA^FDhi^FS^XZ\n"


def test_send_raw_reports_lp_failing(tmp_path, monkeypatch):
    _fake_lp(tmp_path, 'echo "lp: The printer or class does not exist." >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(BinwiseError, match="'nope' refused the labels: lp: The printer"):
        zpl.send_raw("^XA^XZ", "nope")


def test_send_raw_without_cups(monkeypatch):
    monkeypatch.setattr(zpl.shutil, "which", lambda name: None)
    with pytest.raises(BinwiseError, match="'lp' command of CUPS is not installed"):
        zpl.send_raw("^XA^XZ", "zebra")
    with pytest.raises(BinwiseError, match="Name the printer's CUPS queue"):
        zpl.send_raw("^XA^XZ", " ")
