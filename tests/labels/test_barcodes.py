"""Which symbol a label carries, its human-readable line, and whole-dot module widths."""

from datetime import date

import pytest

from app.core.errors import BinwiseError
from app.labels.barcodes import Code, fit_bars, fit_qr, gs1_hri, gtin_code, lot_code
from tests.labels.samples import CASE_GTIN, EAN8_GTIN, EAN13_GTIN, UPCA_GTIN


@pytest.mark.parametrize("gtin, symbology, data, zbar", [
    (EAN13_GTIN, "ean13", "4012345000016", ("EAN13", "4012345000016")),
    (UPCA_GTIN, "upca", "036000291452", ("EAN13", "0036000291452")),
    (EAN8_GTIN, "ean8", "40000015", ("EAN8", "40000015")),
    (CASE_GTIN, "gs1-128", "0114012345000013", ("CODE128", "0114012345000013")),
])
def test_a_gtin_is_printed_as_its_pack_would_carry_it(gtin, symbology, data, zbar):
    code = gtin_code(gtin)
    assert (code.symbology, code.data, code.zbar) == (symbology, data, zbar)


def test_a_wrong_gtin_is_refused():
    with pytest.raises(BinwiseError, match="not a valid GTIN"):
        gtin_code("04012345000017")


def test_human_readable_lines():
    assert gtin_code(EAN13_GTIN).hri == "4 012345 000016"
    assert gtin_code(UPCA_GTIN).hri == "0 36000 29145 2"
    assert gtin_code(EAN8_GTIN).hri == "4000 0015"
    assert lot_code(EAN13_GTIN, "L1", date(2026, 12, 31)).hri == \
        "(01)04012345000016(17)261231(10)L1"


def test_lot_element_string_puts_fixed_length_ais_first():
    code = lot_code(EAN13_GTIN, "AB-12", date(2027, 2, 28))
    assert code.symbology == "gs1-128"
    assert code.data == "01040123450000161727022810AB-12"
    assert lot_code(EAN13_GTIN, "AB-12", None).data == "010401234500001610AB-12"
    assert gs1_hri("0104012345000016" "10X") == "(01)04012345000016(10)X"


@pytest.mark.parametrize("lot", ["", "L" * 21, "LOT 1", "LÖT"])
def test_lots_gs1_cannot_carry(lot):
    assert lot_code(EAN13_GTIN, lot, None) is None


def test_gs1_128_starts_with_fnc1_and_code_set_c():
    values = Code("gs1-128", "0104012345000016").code128_values
    assert values[:2] == [105, 102]  # Start C, FNC1
    assert values[2:] == [1, 4, 1, 23, 45, 0, 0, 16]


def test_building_twice_gives_the_same_pattern():
    # python-barcode keeps its code set between builds; each Code builds afresh.
    assert Code("code128", "AB12345").pattern == Code("code128", "AB12345").pattern


def test_ean_check_digit_is_checked():
    with pytest.raises(BinwiseError, match="wrong check digit"):
        _ = Code("ean13", "4012345000017").pattern


def test_code128_takes_printable_ascii_only():
    with pytest.raises(BinwiseError, match="cannot be printed as Code 128"):
        fit_bars(Code("code128", "KAFFEE-Ö"), 1000, 300)


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_module_is_the_widest_whole_dot_that_fits(dpi):
    code = Code("code128", "A-01-01")
    modules = 10 + len(code.pattern) + 10
    bars = fit_bars(code, 700, dpi, max_module_mm=5)
    assert bars.module == 700 // modules
    assert bars.width <= 700 and (bars.module + 1) * modules > 700


def test_module_respects_its_cap_and_zpl_limit():
    code = Code("code128", "A1")
    assert fit_bars(code, 5000, 203, max_module_mm=0.5).module == 3  # 0.375 mm
    assert fit_bars(code, 5000, 600, max_module_mm=5, max_module_dots=10).module == 10


def test_quiet_zones():
    assert fit_bars(Code("code128", "X"), 900, 300).quiet_left == 10
    assert fit_bars(Code("code128", "X"), 900, 300, quiet=15).quiet_right == 15
    ean = fit_bars(gtin_code(EAN13_GTIN), 900, 300)
    assert (ean.quiet_left, ean.quiet_right) == (11, 7)
    upc = fit_bars(gtin_code(UPCA_GTIN), 900, 300)
    assert (upc.quiet_left, upc.quiet_right) == (9, 9)


def test_quiet_zones_may_reach_into_blank_room_beside_the_box():
    code = Code("code128", "A-01-01")
    pattern = len(code.pattern)
    tight = fit_bars(code, pattern * 3, 300, max_module_mm=5)
    roomy = fit_bars(code, pattern * 3, 300, max_module_mm=5, room_dots=(pattern + 20) * 3)
    assert tight.module == 2 and roomy.module == 3


def test_too_small_to_print():
    with pytest.raises(BinwiseError, match="choose a larger label or a higher resolution"):
        fit_bars(Code("code128", "A-VERY-LONG-CODE-1234"), 100, 203)


def test_runs_are_the_dark_modules_in_dots():
    bars = fit_bars(Code("code128", "A"), 1000, 300, max_module_mm=5)
    rebuilt = ["0"] * bars.symbol_width
    for offset, width in bars.runs():
        assert offset % bars.module == 0 and width % bars.module == 0
        rebuilt[offset:offset + width] = ["1"] * width
    assert "".join(rebuilt) == "".join(m * bars.module for m in bars.code.pattern)


def test_qr_module_is_whole_dots_with_four_modules_of_quiet_zone():
    qr = fit_qr("A-01-01", 300, 300)
    assert qr.size == 21 and qr.module == 300 // 29
    assert qr.width == 29 * qr.module
