"""The scanner test's diagnosis, case by case, and the test codes on screen decoding back to
what they should read."""

import pytest
from PIL import Image
from pyzbar import pyzbar

from app.stations.base import Level
from app.ui.scanner.scanner_check import CODE128, GS, GS1, check_scan
from app.ui.widgets.barcode_image import barcode_pixmap

pytestmark = pytest.mark.gui

GOOD_GS1 = "]C1" + GS1.data


def texts(result) -> str:
    return "\n".join(f.text for f in result.findings)


@pytest.mark.parametrize("arrived, code, level, words", [
    (GOOD_GS1, GS1, Level.OK, "exactly as printed"),
    ("]C0BINWISE-TEST-0123", CODE128, Level.OK, "exactly as printed"),
    (GS1.data, GS1, Level.WARNING, "No AIM identifier"),
    ("BINWISE-TEST-0123", CODE128, Level.WARNING, "it would be ']C0'"),
    (GOOD_GS1.replace(GS, ""), GS1, Level.ERROR, "GS separator after the lot did not arrive"),
    (GOOD_GS1.replace(GS, "#"), GS1, Level.OK, "arrives as '#', which is set"),
    (GOOD_GS1.replace(GS, "|"), GS1, Level.ERROR, "Add '|' to GS substitutes"),
    (GOOD_GS1.replace(GS, "+"), GS1, Level.ERROR, "arrives as '+'"),
    # A US scanner on a German layout: ]C1 -> +C1, '-' -> 'ß', GS -> '+'.
    ("+C1010401234500001610TESTßLOT+17271231", GS1, Level.ERROR, "German (QWERTZ)"),
    ("BINWISEßTESTß0123", CODE128, Level.ERROR, "'-' arrives as 'ß', Y and Z swap"),
    # On AZERTY the digits come out shifted and W/Z swap.
    ("BINZISE)TEST)à&é\"", CODE128, Level.ERROR, "French (AZERTY)"),
    ("]c0binwise-test-0123", CODE128, Level.ERROR, "Caps Lock is on"),
    ("]C0BINWISE-TEST-0123!", CODE128, Level.ERROR, "adds '!' after the code"),
    ("STX]C0BINWISE-TEST-0123", CODE128, Level.ERROR, "adds 'STX' before the code"),
    ("]C0BINWISE-TEST-01", CODE128, Level.ERROR, "Part of the code is missing"),
])
def test_what_arrived_says_what_to_change(arrived, code, level, words):
    result = check_scan(arrived, gs_substitutes="#")
    assert result.code is code
    assert result.level is level, texts(result)
    assert words in texts(result)


def test_something_else_entirely():
    result = check_scan("PO-1001")
    assert result.code is None and result.level is Level.ERROR
    assert "not one of the test codes" in texts(result)
    assert result.summary == "That was not one of the test codes."


def test_configured_prefix_and_suffix_are_expected():
    assert check_scan("*]C0BINWISE-TEST-0123/", prefix="*", suffix="/").level is Level.OK
    missing = check_scan("]C0BINWISE-TEST-0123", prefix="*")
    assert "The prefix '*' set here did not arrive" in texts(missing)


def test_typing_is_reported_with_the_gap_to_set():
    result = check_scan("]C0BINWISE-TEST-0123", typed=True, gap_ms=50)
    assert result.level is Level.ERROR
    assert "about 80 ms" in texts(result)


def test_printable_shows_gs():
    result = check_scan(GOOD_GS1.replace(GS, ""))
    assert result.expected == "]C1010401234500001610TEST-LOT<GS>17271231"
    assert result.summary == "GS1-128: 1 thing to change before scanning for real."


def test_the_codes_on_screen_read_back(qapp, tmp_path):
    def decode(pixmap):
        path = tmp_path / "code.png"
        assert pixmap.save(str(path))
        return [s.data.decode("latin-1") for s in pyzbar.decode(Image.open(path))]

    assert decode(barcode_pixmap(CODE128.data, module_px=2, height_px=72)) == [CODE128.data]
    # zbar drops the leading FNC1 and gives the inner one as GS.
    assert decode(barcode_pixmap(GS1.data, gs1=True, module_px=2, height_px=72)) == [GS1.data]
    assert decode(barcode_pixmap("PL-00012")) == ["PL-00012"]
