"""decode(): the 25 GS1 wedge cases from scanning.md, plus prefix/suffix, quantities, GS
substitutes, symbology identifiers, plain codes and the century window."""

from datetime import date
from decimal import Decimal

import pytest
from biip.gtin import Gtin
from hypothesis import given, settings
from hypothesis import strategies as st

from app.scanning.decode import DecodeConfig, Reading, decode

TODAY = date(2026, 6, 1)
CONFIG = DecodeConfig(today=TODAY)

# Copied from /work/shared/scanning.md ("Test cases"): what the scan buffer holds after the
# terminator is removed.
GS1_WEDGE_TEST_CASES = [
    {
        "id": "T01",
        "desc": "Plain EAN-13, scanner AIM-ID transmission off",
        "scan": "4012345000016",
        "symbology": None,
        "ok": True,
        "fields": {},
        "expect": {
            "gtin": "04012345000016",
            "gtin_format": "GTIN-13",
            "note": "without a symbology id biip ALSO returns a spurious GS1 message (401)2345000016; prefer the GTIN when the string is 8/12/13/14 digits with a valid check digit",
        },
    },
    {
        "id": "T02",
        "desc": "EAN-13 with ]E0 symbology identifier",
        "scan": "]E04012345000016",
        "symbology": "]E0",
        "ok": True,
        "fields": {},
        "expect": {"gtin": "04012345000016", "gtin_format": "GTIN-13"},
    },
    {
        "id": "T03",
        "desc": "EAN-8 with ]E4",
        "scan": "]E440123455",
        "symbology": "]E4",
        "ok": True,
        "fields": {},
        "expect": {"gtin": "00000040123455", "gtin_format": "GTIN-8"},
    },
    {
        "id": "T04",
        "desc": "ITF-14 outer case with ]I1",
        "scan": "]I114012345000013",
        "symbology": "]I1",
        "ok": True,
        "fields": {},
        "expect": {"gtin": "14012345000013", "gtin_format": "GTIN-14"},
    },
    {
        "id": "T05",
        "desc": "GS1-128 SSCC only (pallet/parcel)",
        "scan": "]C100340123450000000017",
        "symbology": "]C1",
        "ok": True,
        "fields": {"00": "340123450000000017"},
        "expect": {"sscc": "340123450000000017", "sscc_extension_digit": 3},
    },
    {
        "id": "T06",
        "desc": "GS1-128 GTIN + expiry + batch; variable-length batch last, so no GS",
        "scan": "]C101040123450000161726123110L2406A",
        "symbology": "]C1",
        "ok": True,
        "fields": {"01": "04012345000016", "17": "261231", "10": "L2406A"},
        "expect": {"gtin": "04012345000016", "expiry": "2026-12-31", "batch": "L2406A"},
    },
    {
        "id": "T07",
        "desc": "Batch in the middle, terminated by GS",
        "scan": "]C1010401234500001610L2406A\x1d17261231",
        "symbology": "]C1",
        "ok": True,
        "fields": {"01": "04012345000016", "10": "L2406A", "17": "261231"},
        "expect": {"gtin": "04012345000016", "batch": "L2406A", "expiry": "2026-12-31"},
    },
    {
        "id": "T08",
        "desc": "GS1 DataMatrix: GTIN, serial (GS), expiry with DD=00, batch last",
        "scan": "]d2010401234500001621SN0001234\x1d1727060010B77",
        "symbology": "]d2",
        "ok": True,
        "fields": {"01": "04012345000016", "21": "SN0001234", "17": "270600", "10": "B77"},
        "expect": {"serial": "SN0001234", "expiry": "2027-06-30", "batch": "B77"},
    },
    {
        "id": "T09",
        "desc": "GS1 QR: case GTIN, batch with hyphen (GS), variable count 30, trailing GS",
        "scan": "]Q3011401234500001310CASE-01\x1d3024\x1d",
        "symbology": "]Q3",
        "ok": True,
        "fields": {"01": "14012345000013", "10": "CASE-01", "30": "24"},
        "expect": {
            "gtin": "14012345000013",
            "batch": "CASE-01",
            "count": 24,
            "note": "trailing GS is legal and must be ignored",
        },
    },
    {
        "id": "T10",
        "desc": "GS1 DataBar Expanded, variable-measure item: net weight 3103 + best before",
        "scan": "]e00194012345000026310300125015260415",
        "symbology": "]e0",
        "ok": True,
        "fields": {"01": "94012345000026", "3103": "001250", "15": "260415"},
        "expect": {"gtin": "94012345000026", "net_weight_kg": "1.250", "best_before": "2026-04-15"},
    },
    {
        "id": "T11",
        "desc": "Logistic label 2nd barcode: content GTIN (02), count (37, GS), best before, batch",
        "scan": "]C102040123450000163748\x1d1526113010L77",
        "symbology": "]C1",
        "ok": True,
        "fields": {"02": "04012345000016", "37": "48", "15": "261130", "10": "L77"},
        "expect": {
            "content_gtin": "04012345000016",
            "count": 48,
            "best_before": "2026-11-30",
            "batch": "L77",
        },
    },
    {
        "id": "T12",
        "desc": "Whole pallet label in one DataMatrix: SSCC, content, count, PO (400), prod date",
        "scan": "]d20034012345000000001702040123450000163712\x1d400PO-4711\x1d11260301",
        "symbology": "]d2",
        "ok": True,
        "fields": {
            "00": "340123450000000017",
            "02": "04012345000016",
            "37": "12",
            "400": "PO-4711",
            "11": "260301",
        },
        "expect": {"sscc": "340123450000000017", "count": 12, "po": "PO-4711", "prod_date": "2026-03-01"},
    },
    {
        "id": "T13",
        "desc": "Location label: GLN (414, predefined length) + GLN extension (254) naming a bin",
        "scan": "]C14144012345000009254A0302B04",
        "symbology": "]C1",
        "ok": True,
        "fields": {"414": "4012345000009", "254": "A0302B04"},
        "expect": {"gln": "4012345000009", "gln_extension": "A0302B04"},
    },
    {
        "id": "T14",
        "desc": "Layout mismatch, silent: US-configured scanner on a German (QWERTZ) X11 host; GS sent as Ctrl+] arrives as '+' (a legal CSET 82 char), AIM IDs off",
        "scan": "010401234500001610L2406A+17261231",
        "symbology": None,
        "ok": True,
        "fields": {"01": "04012345000016", "10": "L2406A+17261231"},
        "expect": {
            "batch": "L2406A+17261231",
            "expiry": None,
            "warning": "parses cleanly but is wrong; only scanner-country config (or evdev/serial input) fixes it. Flag batches containing '+' followed by a date-like AI pattern",
        },
    },
    {
        "id": "T15",
        "desc": "Expiry DD=00 in a leap-year February -> last day of month",
        "scan": "]C1010401234500010817280200",
        "symbology": "]C1",
        "ok": True,
        "fields": {"01": "04012345000108", "17": "280200"},
        "expect": {"expiry": "2028-02-29"},
    },
    {
        "id": "T16",
        "desc": "No symbology identifier, raw GS-separated AI string (AIM IDs off)",
        "scan": "010401234500001610A1\x1d217788",
        "symbology": None,
        "ok": True,
        "fields": {"01": "04012345000016", "10": "A1", "21": "7788"},
        "expect": {"batch": "A1", "serial": "7788"},
    },
    {
        "id": "T17",
        "desc": "Scanner programmed to send '#' instead of GS ('#' is outside CSET 82)",
        "scan": "]C1010401234500001610L2406A#17261231",
        "symbology": "]C1",
        "parser_config": {"separator_chars": ["\x1d", "#"]},
        "ok": True,
        "fields": {"01": "04012345000016", "10": "L2406A", "17": "261231"},
        "expect": {
            "batch": "L2406A",
            "expiry": "2026-12-31",
            "note": "with default config (GS only) this must fail: '#' is not a valid AI character",
        },
    },
    {
        "id": "T18",
        "desc": "GS silently dropped by the wedge: batch swallows the expiry",
        "scan": "]C1010401234500001610L2406A17261231",
        "symbology": "]C1",
        "ok": True,
        "fields": {"01": "04012345000016", "10": "L2406A17261231"},
        "expect": {
            "batch": "L2406A17261231",
            "expiry": None,
            "warning": "syntactically valid but probably a lost GS; app should flag batches that end in <fixed-length AI><valid date>",
        },
    },
    {
        "id": "T19",
        "desc": "Keyboard-layout mismatch: US scanner on German layout turns '-' into U+00DF (sharp s)",
        "scan": "]Q3011401234500001310CASE\u00df01\x1d3024",
        "symbology": "]Q3",
        "ok": False,
        "fields": {},
        "expect": {
            "error": "invalid character U+00DF in AI 10 (not CSET 82)",
            "biip_error": "Failed to get GS1 Application Identifier from '\u00df01\\x1d3024'.",
        },
    },
    {
        "id": "T20",
        "desc": "Bad GTIN check digit in (01)",
        "scan": "]C1010401234500001717261231",
        "symbology": "]C1",
        "ok": False,
        "fields": {"01": "04012345000017", "17": "261231"},
        "expect": {
            "error": "GTIN check digit: expected 6, got 7",
            "biip_gtin_error": "Invalid GTIN check digit for '04012345000017': Expected 6, got 7.",
        },
    },
    {
        "id": "T21",
        "desc": "Bad SSCC check digit",
        "scan": "]C100340123450000000018",
        "symbology": "]C1",
        "ok": False,
        "fields": {"00": "340123450000000018"},
        "expect": {
            "error": "SSCC check digit: expected 7, got 8",
            "biip_sscc_error": "Invalid SSCC check digit for '340123450000000018': Expected 7, got 8.",
        },
    },
    {
        "id": "T22",
        "desc": "Invalid calendar date: 30 February",
        "scan": "]C1010401234500001617260230",
        "symbology": "]C1",
        "ok": False,
        "fields": {},
        "expect": {
            "error": "AI 17 invalid date 260230",
            "biip_error": "Failed to parse GS1 AI (17) date/time from '260230'.",
        },
    },
    {
        "id": "T23",
        "desc": "Invalid month 13 in best-before",
        "scan": "]C1010401234500001615261301",
        "symbology": "]C1",
        "ok": False,
        "fields": {},
        "expect": {
            "error": "AI 15 invalid month 13",
            "biip_error_startswith": "Failed to match '15261301' with GS1 AI (15) pattern",
        },
    },
    {
        "id": "T24",
        "desc": "Truncated scan: (01) has only 11 of 14 digits",
        "scan": "]C10104012345000",
        "symbology": "]C1",
        "ok": False,
        "fields": {},
        "expect": {
            "error": "AI 01 needs 14 digits, got 11",
            "biip_error_startswith": "Failed to match '0104012345000' with GS1 AI (01) pattern",
        },
    },
    {
        "id": "T25",
        "desc": "Unknown AI 89 after a valid GTIN",
        "scan": "]C10104012345000016891234",
        "symbology": "]C1",
        "ok": False,
        "fields": {},
        "expect": {
            "error": "unknown AI at '891234'",
            "biip_error": "Failed to get GS1 Application Identifier from '891234'.",
        },
    },
]

# What each case's error must tell the person at the station (beyond "there is an error").
ERROR_MENTIONS = {
    "T19": ["'ß' (U+00DF)", "keyboard country", "keyboard layout"],
    "T20": ["Check digit of GTIN 04012345000017 is wrong (expected 6)", "rescan or type"],
    "T21": ["Check digit of SSCC 340123450000000018 is wrong (expected 7)"],
    "T22": ["Expiry date 260230 (AI 17)", "February has no day 30"],
    "T23": ["Best-before date 261301 (AI 15)", "no month 13"],
    "T24": ["AI 01 (GTIN) needs 14 digits but got 11", "cut short"],
    "T25": ["Unknown GS1 application identifier at '891234'"],
}
WARNING_MENTIONS = {
    "T14": ["Lot 'L2406A+17261231'", "'+'", "keyboard country"],
    "T18": ["Lot 'L2406A17261231' looks like it swallowed an expiry date",
            "set the scanner's GS substitute"],
}
DATES = {"expiry": "expiry", "best_before": "best_before", "prod_date": "production_date"}


@pytest.mark.parametrize("case", GS1_WEDGE_TEST_CASES, ids=[c["id"] for c in GS1_WEDGE_TEST_CASES])
def test_gs1_wedge_case(case):
    reading = decode(case["scan"], CONFIG)
    expect = case["expect"]

    assert reading.raw == case["scan"]
    assert reading.symbology == case["symbology"]
    assert reading.gs1 == case["fields"]
    if case["ok"]:
        assert reading.error is None
    else:
        assert reading.error
        for part in ERROR_MENTIONS[case["id"]]:
            assert part in reading.error
    if case["id"] in WARNING_MENTIONS:
        for part in WARNING_MENTIONS[case["id"]]:
            assert part in reading.warning
    else:
        assert reading.warning is None

    if "gtin" in expect:
        assert reading.gtin == expect["gtin"]
    if "gtin_format" in expect:
        assert str(Gtin.parse(reading.gtin).format) == expect["gtin_format"]
    if "content_gtin" in expect:
        assert reading.gtin == expect["content_gtin"]
        assert "01" not in reading.gs1 and reading.gs1["02"] == expect["content_gtin"]
    if "sscc" in expect:
        assert reading.sscc == expect["sscc"]
    if "sscc_extension_digit" in expect:
        assert int(reading.sscc[0]) == expect["sscc_extension_digit"]
    for key, attr in DATES.items():
        if key in expect:
            wanted = expect[key] and date.fromisoformat(expect[key])
            assert getattr(reading, attr) == wanted
    if "batch" in expect:
        assert reading.lot == expect["batch"]
    for key in ("serial", "count", "po", "gln", "gln_extension"):
        if key in expect:
            assert getattr(reading, key) == expect[key]
    if "net_weight_kg" in expect:
        assert reading.net_weight_kg == Decimal(expect["net_weight_kg"])


def test_rejected_gs1_codes_keep_no_identifiers():
    # A check-digit error keeps the raw elements for the message, never a usable identifier.
    t20 = decode("]C1010401234500001717261231", CONFIG)
    assert t20.gtin is None and t20.gs1["01"] == "04012345000017"
    t21 = decode("]C100340123450000000018", CONFIG)
    assert t21.sscc is None


def test_plain_ean_is_not_read_as_ai_401():
    reading = decode("4012345000016", CONFIG)
    assert reading.gtin == "04012345000016"
    assert not reading.is_gs1 and "401" not in reading.gs1


# --- prefix, suffix, whitespace ---------------------------------------------------------------


def test_prefix_and_suffix_are_stripped():
    config = DecodeConfig(prefix="PFX:", suffix="!END", today=TODAY)
    reading = decode("PFX:]E04012345000016!END", config)
    assert reading.symbology == "]E0"
    assert reading.gtin == "04012345000016"
    assert reading.text == "4012345000016"
    assert reading.raw == "PFX:]E04012345000016!END"


def test_prefix_and_suffix_only_when_present():
    config = DecodeConfig(prefix="PFX:", suffix="!END", today=TODAY)
    assert decode("A-01-02", config).text == "A-01-02"


def test_whitespace_is_stripped_but_gs_is_kept():
    assert decode("  A-01-02 \r\n", CONFIG).text == "A-01-02"
    reading = decode("]C0ABC\x1d\r\n", CONFIG)
    assert reading.text == "ABC\x1d"
    assert reading.symbology == "]C0"


def test_empty_scan_is_an_error():
    reading = decode(" \r\n", CONFIG)
    assert reading.text == ""
    assert reading.error == "Nothing was scanned: scan the code again."


# --- CODE,QTY -------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, text, qty", [
    ("SKU-42,12", "SKU-42", 12),
    ("SKU-42, 7", "SKU-42", 7),
    ("A,B,5", "A,B", 5),
    ("SKU-42,007", "SKU-42", 7),
    ("SKU-42,5a", "SKU-42,5a", None),
    ("SKU-42,", "SKU-42,", None),
    (",5", ",5", None),
])
def test_code_comma_quantity(raw, text, qty):
    reading = decode(raw, CONFIG)
    assert (reading.text, reading.qty, reading.error) == (text, qty, None)


def test_quantity_with_a_gtin():
    reading = decode("4012345000016,3", CONFIG)
    assert (reading.gtin, reading.qty, reading.text) == ("04012345000016", 3, "4012345000016")


def test_quantity_zero_is_an_error():
    reading = decode("SKU-42,0", CONFIG)
    assert reading.text == "SKU-42"
    assert reading.error == "Quantity must be at least 1."


def test_no_quantity_split_inside_gs1_data():
    reading = decode("]C1010401234500001610LOT,5", CONFIG)
    assert reading.qty is None
    assert reading.lot == "LOT,5"


# --- GS substitutes ---------------------------------------------------------------------------


def test_hash_substitute_needs_configuring():
    reading = decode("]C1010401234500001610L2406A#17261231", DecodeConfig(gs_substitutes=(),
                                                                          today=TODAY))
    assert reading.lot is None and reading.gs1 == {}
    assert "'#'" in reading.error
    assert "add '#' to the GS substitutes" in reading.error


def test_pipe_substitute():
    config = DecodeConfig(gs_substitutes=("|",), today=TODAY)
    reading = decode("]C1010401234500001610L2406A|17261231", config)
    assert reading.error is None
    assert reading.lot == "L2406A"
    assert reading.expiry == date(2026, 12, 31)
    # With the default '#' substitute the '|' is not understood, and the message says why.
    assert "'|'" in decode("]C1010401234500001610L2406A|17261231", CONFIG).error


def test_substitute_without_symbology_identifier():
    reading = decode("010401234500001610A1#217788", CONFIG)
    assert (reading.lot, reading.serial) == ("A1", "7788")


def test_plain_text_keeps_substitutes():
    for code in ("SKU#42", "BOX|7", "#12-A"):
        config = DecodeConfig(gs_substitutes=("#", "|"), today=TODAY)
        reading = decode(code, config)
        assert reading.text == code
        assert not reading.is_gs1 and reading.error is None


def test_leading_gs_for_fnc1_is_ignored():
    reading = decode("]C1\x1d0104012345000016", CONFIG)
    assert reading.gtin == "04012345000016" and reading.error is None


# --- plain codes ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["PO-1001", "A-01-02", "SKU-42", "sku-42", "100045", "3024",
                                  "1234", "B-12-07", "https://example.com/x", "00000000"])
def test_plain_codes_are_text_only(code):
    reading = decode(code, CONFIG)
    assert reading == Reading(raw=code, text=code)


@pytest.mark.parametrize("raw", ["]C0PO-1001", "]d1010401234500001610ABC", "]Q1SKU-42"])
def test_plain_data_symbologies_are_not_parsed(raw):
    reading = decode(raw, CONFIG)
    assert reading.text == raw[3:]
    assert reading.symbology == raw[:3]
    assert not reading.is_gs1 and reading.gtin is None and reading.error is None


def test_bad_check_digit_on_a_bare_number_keeps_the_text():
    reading = decode("4012345000017", CONFIG)
    assert reading.error == ("Check digit of GTIN 4012345000017 is wrong (expected 6): rescan "
                             "or type the code.")
    assert reading.text == "4012345000017"  # the resolver may still know it as a SKU
    assert reading.gtin is None and not reading.is_gs1


def test_upc_a_is_a_gtin():
    assert decode("012345678905", CONFIG).gtin == "00012345678905"


# --- symbology identifiers --------------------------------------------------------------------


def test_upc_e_under_e0_is_expanded():
    assert decode("]E001234565", CONFIG).gtin == "00012345000065"
    bad = decode("]E001234566", CONFIG)
    assert bad.gtin is None
    assert bad.error.startswith("Check digit of UPC-E 01234566 is wrong (expected 5)")


def test_ean_with_add_on():
    reading = decode("]E3401234500001612", CONFIG)
    assert reading.gtin == "04012345000016"


def test_itf_that_is_not_itf14_is_plain():
    reading = decode("]I112345", CONFIG)
    assert reading.text == "12345" and reading.gtin is None and reading.error is None


def test_letters_under_an_ean_symbology_are_an_error():
    assert "not a valid EAN/UPC code" in decode("]E0ABC", CONFIG).error


def test_symbology_shifted_by_a_german_layout():
    reading = decode("+C1010401234500001610L2406A", CONFIG)
    assert reading.symbology == "]C1"
    assert reading.lot == "L2406A"
    assert "'+C1' instead of ']C1'" in reading.warning
    assert "keyboard country" in reading.warning


# --- GS1 details ------------------------------------------------------------------------------


def test_case_is_kept_for_lots_and_serials():
    reading = decode("]d2010401234500001621sN-a1\x1d10aBc-12", CONFIG)
    assert reading.serial == "sN-a1"
    assert reading.lot == "aBc-12"


def test_serial_that_swallowed_a_date_is_flagged():
    reading = decode("]C1010401234500001621SN00117261231", CONFIG)
    assert reading.serial == "SN00117261231"
    assert reading.warning.startswith("Serial 'SN00117261231' looks like it swallowed an expiry")


@pytest.mark.parametrize("lot", ["17261231", "L2406A17261399", "L2406A17", "L2406A+17261399"])
def test_lots_that_only_resemble_a_lost_date_are_not_flagged(lot):
    reading = decode("]C1010401234500001610" + lot, CONFIG)
    assert reading.lot == lot
    assert reading.warning is None


def test_lot_with_best_before_swallowed():
    reading = decode("]C1010401234500001610L7715260415", CONFIG)
    assert "swallowed a best-before date" in reading.warning


def test_bad_gln_check_digit():
    reading = decode("]C14144012345000008", CONFIG)
    assert reading.gln is None
    assert reading.error.startswith("Check digit of GLN 4012345000008 is wrong (expected 9)")


def test_empty_variable_length_field():
    reading = decode("]C1010401234500001610\x1d17261231", CONFIG)
    assert reading.error == "AI 10 (lot) is empty: rescan or type the code."


def test_control_character_is_reported():
    reading = decode("]C1010401234500001610ABC\x1e1", CONFIG)
    assert "U+001E" in reading.error


def test_digital_link_in_a_qr_code():
    reading = decode("]Q1https://id.gs1.org/01/04012345000016/10/L2406A?17=261231", CONFIG)
    assert reading.gtin == "04012345000016"
    assert reading.lot == "L2406A"
    assert reading.expiry == date(2026, 12, 31)


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("today, yymmdd, expected", [
    (date(2026, 6, 1), "761231", date(2076, 12, 31)),   # +50 years: this century
    (date(2026, 6, 1), "770101", date(1977, 1, 1)),     # +51 years: previous century
    (date(2070, 1, 1), "201231", date(2120, 12, 31)),   # -50 years: next century
    (date(2070, 1, 1), "210101", date(2021, 1, 1)),     # -49 years: this century
    (date(2026, 6, 1), "270200", date(2027, 2, 28)),    # day 00, not a leap year
])
def test_century_window_follows_the_configured_today(today, yymmdd, expected):
    reading = decode("]C10104012345000016" + "17" + yymmdd, DecodeConfig(today=today))
    assert reading.expiry == expected


def test_best_before_and_expiry_together():
    reading = decode("]C101040123450000161526040017261231", CONFIG)
    assert reading.best_before == date(2026, 4, 30)
    assert reading.expiry == date(2026, 12, 31)


# --- robustness -------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(),
    st.builds(lambda sym, body: sym + body,
              st.sampled_from(["", "]C1", "]d2", "]Q3", "]e0", "]E0", "]E4", "]I1", "]C0", "+C1"]),
              st.text(st.sampled_from("0123456789ABL-+#|,\x1dß "), max_size=40)),
))
def test_decode_never_raises(raw):
    reading = decode(raw, CONFIG)
    assert reading.raw == raw
    if reading.gtin is not None:
        assert len(reading.gtin) == 14 and reading.gtin.isdecimal()
    if reading.error is None and reading.is_gs1:
        assert all(isinstance(value, str) for value in reading.gs1.values())


@pytest.mark.parametrize("raw, lot, qty", [
    ("]C1010401234500001610AB,12", "AB,12", None),
    ("010401234500001610AB,12", "AB,12", None),
    ("]C10104012345000016" "10AB\x1d17271231,4", "AB", 4),
    ("0104012345000016" "17271231,4", None, 4),
])
def test_a_trailing_comma_number_is_a_quantity_only_outside_valid_gs1_data(raw, lot, qty):
    reading = decode(raw, CONFIG)
    assert (reading.lot, reading.qty, reading.error) == (lot, qty, None)
    assert reading.gtin == "04012345000016"
