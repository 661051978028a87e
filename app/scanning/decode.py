"""Decoding what a scanner sent: prefix/suffix, symbology identifiers, the GS substitute,
`CODE,QTY`, and GS1 element strings or plain GTINs through biip.

Interface (kept stable for the stations):
    decode(raw, config) -> Reading

A Reading never raises: what is wrong with a scan is in `error` (a short sentence saying what
is wrong and what to do), what looks suspicious but parsed is in `warning`. `text` always holds
the code without prefix, suffix, quantity and symbology identifier, so the resolver can still
look a rejected code up as a SKU, bin or PO number.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache

from biip import ParseConfig, ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString
from biip.gtin import Gtin
from biip.upc import Upc


@dataclass(frozen=True)
class DecodeConfig:
    prefix: str = ""
    suffix: str = ""
    # Characters the scanner is programmed to send instead of GS (ASCII 29).
    gs_substitutes: tuple[str, ...] = ("#",)
    # Pinned in tests: GS1's century window and expiry checks depend on today.
    today: date | None = None
    # Typed dates may be DD.MM.YYYY or DD/MM/YYYY too (besides YYYY-MM-DD).
    day_first_dates: bool = False


@dataclass(frozen=True)
class Reading:
    raw: str
    text: str
    symbology: str | None = None
    qty: int | None = None
    gtin: str | None = None
    gs1: dict[str, str] = field(default_factory=dict)
    lot: str | None = None
    expiry: date | None = None
    best_before: date | None = None
    serial: str | None = None
    count: int | None = None
    sscc: str | None = None
    po: str | None = None
    gln: str | None = None
    gln_extension: str | None = None
    error: str | None = None
    warning: str | None = None
    production_date: date | None = None  # AI 11
    net_weight_kg: Decimal | None = None  # AI 310n, variable-measure items

    @property
    def is_gs1(self) -> bool:
        return bool(self.gs1)


GS = "\x1d"

# AIM symbology identifiers (ISO/IEC 15424) that announce GS1 element strings, a GTIN symbol,
# or (anything else) plain data.
GS1_SYMBOLOGIES = frozenset({"]C1", "]d2", "]Q3", "]e0", "]J1"})
GTIN_SYMBOLOGIES = frozenset({"]E0", "]E3", "]E4", "]I1"})
_SYMBOLOGY = re.compile(r"\][A-Za-z][0-9]")
# On a German layout a US-configured scanner's "]" arrives as "+": "+C1" is "]C1".
_SHIFTED_SYMBOLOGY = re.compile(r"\+(C1|d2|Q3|e0|E0|E4|I1)(?=\d)")

_QTY = re.compile(r"(.*?)\s*,\s*([0-9]+)", re.S)
# Only spaces and line ends around a scan; GS (which str.strip() also removes) is data.
_BLANKS = " \t\r\n\x0b\x0c"
_GTIN_LENGTHS = (8, 12, 13, 14)

# GS1 character set 82: the only characters allowed in alphanumeric AI values.
_CSET82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
                    "abcdefghijklmnopqrstuvwxyz")
# Characters scanners are commonly programmed to send instead of GS (all outside CSET 82).
_USUAL_SUBSTITUTES = "#$@|~^"

# AIs of predefined length (GS1 General Specifications, figure 7.8.5-2): they never need a GS,
# and a GS1 string without a symbology identifier is only believed when it starts with one.
_PREDEFINED_LENGTH = tuple(f"{n:02d}" for n in [*range(0, 5), *range(11, 21), *range(31, 37), 41])

_DATE_AIS = {
    "11": "Production date",
    "12": "Due date",
    "13": "Packaging date",
    "15": "Best-before date",
    "16": "Sell-by date",
    "17": "Expiry date",
}
_AI_NAMES = {
    "00": "SSCC", "01": "GTIN", "02": "content GTIN", "10": "lot", "21": "serial",
    "30": "count", "37": "count", "400": "PO number", "414": "GLN", "254": "GLN extension",
    **{ai: name.lower() for ai, name in _DATE_AIS.items()},
}
_LOST_DATE = re.compile(r"(1[1-7])(\d{6})$")
_PLUS_DATE = re.compile(r"\+(1[1-7])(\d{6})")


def decode(raw: str, config: DecodeConfig = DecodeConfig(), split_qty: bool = True) -> Reading:
    """Turn what the scanner (or a person) sent into a Reading. With `split_qty` off, a
    trailing `,QTY` stays part of the code (for a code known with a comma in it)."""
    # The same label is scanned unit after unit; a Reading depends only on the text, the
    # settings and the day (GS1's century window, expiry checks), so it is decoded once.
    today = config.today or date.today()
    try:
        return _decode_on(raw, config, split_qty, today)
    except TypeError:
        # Settings built with a list somewhere cannot be a cache key: decode without it.
        return _decode_on.__wrapped__(raw, config, split_qty, today)


@lru_cache(maxsize=512)
def _decode_on(raw: str, config: DecodeConfig, split_qty: bool, today: date) -> Reading:
    if config.today != today:
        config = replace(config, today=today)
    text = raw.strip(_BLANKS)
    if config.prefix and text.startswith(config.prefix):
        text = text[len(config.prefix):]
    if config.suffix and text.endswith(config.suffix):
        text = text[: -len(config.suffix)]
    text = text.strip(_BLANKS)
    if not text:
        return Reading(raw=raw, text="", error="Nothing was scanned: scan the code again.")

    symbology, warning = None, None
    match = _SYMBOLOGY.match(text)
    if match:
        symbology, text = match.group(), text[match.end():]
    else:
        match = _SHIFTED_SYMBOLOGY.match(text)
        if match:
            symbology, text = "]" + match.group(1), text[match.end():]
            warning = (f"The scan starts with '{match.group()}' instead of '{symbology}': set the "
                       f"scanner's keyboard country to match this computer's keyboard layout.")

    # `CODE,QTY`: a trailing ,digits is a quantity a person (or a batch file) added, unless
    # the whole text is valid GS1 data that contains it (a lot "AB,12").
    match = _QTY.fullmatch(text) if split_qty else None
    if match and match.group(1):
        whole = _decode_code(raw, text, symbology, warning, None, config)
        if whole.is_gs1 and whole.error is None:
            return whole
        qty = int(match.group(2))
        if qty < 1:
            return Reading(raw=raw, text=match.group(1), symbology=symbology, qty=qty,
                           error="Quantity must be at least 1.")
        return _decode_code(raw, match.group(1), symbology, warning, qty, config)
    return _decode_code(raw, text, symbology, warning, None, config)


def _decode_code(raw: str, text: str, symbology: str | None, warning: str | None,
                 qty: int | None, config: DecodeConfig) -> Reading:
    """The code itself, once prefix, symbology identifier and quantity are off."""
    base = Reading(raw=raw, text=text, symbology=symbology, qty=qty, warning=warning)
    today = config.today or date.today()
    seps = (GS, *_substitutes(config))

    if symbology in GS1_SYMBOLOGIES:
        return _gs1_reading(base, _with_gs(text, config), seps, today)
    if symbology in GTIN_SYMBOLOGIES:
        return _gtin_symbol(base, symbology)
    if symbology is None:
        if _digits(text) and len(text) in _GTIN_LENGTHS and int(text):
            return _plain_gtin(base)
        gs1_text = _with_gs(text, config)
        if _looks_like_gs1(gs1_text, seps):
            return _gs1_reading(base, gs1_text, seps, today)
    if text.startswith(("http://", "https://")):
        return _digital_link(base, today)
    return base


# -- GTIN symbols -----------------------------------------------------------------------------


def _plain_gtin(base: Reading) -> Reading:
    text = base.text
    try:
        return _replace(base, gtin=Gtin.parse(text).as_gtin_14())
    except ParseError:
        return _replace(base, error=_check_digit_error("GTIN", text))


def _gtin_symbol(base: Reading, symbology: str) -> Reading:
    text = base.text
    if symbology == "]E3" and _digits(text) and len(text) in (15, 18):
        text = text[:13]  # EAN-13 followed by its 2- or 5-digit add-on
    if symbology == "]I1" and not (_digits(text) and len(text) == 14):
        return base  # plain interleaved 2 of 5, not an ITF-14
    if not _digits(text) or len(text) not in _GTIN_LENGTHS:
        return _replace(base, error=f"'{text}' is not a valid EAN/UPC code: rescan or type "
                                    f"the code.")
    if symbology == "]E0" and len(text) == 8:
        # An 8-digit code under ]E0 is a UPC-E (EAN-8 comes as ]E4).
        try:
            return _replace(base, gtin=Gtin.parse(Upc.parse(text).as_upc_a()).as_gtin_14())
        except ParseError:
            expected = gs1_standard_check_digit(_upc_e_payload(text))
            return _replace(base, error=f"Check digit of UPC-E {text} is wrong (expected "
                                        f"{expected}): rescan or type the code.")
    try:
        return _replace(base, gtin=Gtin.parse(text).as_gtin_14())
    except ParseError:
        return _replace(base, error=_check_digit_error("GTIN", text))


def _upc_e_payload(text: str) -> str:
    # The UPC-E check digit is the one of its UPC-A expansion.
    return _expand_upc_e(text)[:-1]


def _expand_upc_e(text: str) -> str:
    """UPC-E (number system, six digits, check digit) to its 12-digit UPC-A."""
    d = text[1:7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return text[0] + body + text[7]


def _check_digit_error(kind: str, value: str) -> str:
    expected = gs1_standard_check_digit(value[:-1])
    return (f"Check digit of {kind} {value} is wrong (expected {expected}): rescan or type "
            f"the code.")


# -- GS1 element strings ----------------------------------------------------------------------


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _substitutes(config: DecodeConfig) -> tuple[str, ...]:
    # A substitute is one character by definition; anything else would corrupt the data.
    return tuple(c for c in config.gs_substitutes if len(c) == 1 and c != GS)


def _with_gs(text: str, config: DecodeConfig) -> str:
    for char in _substitutes(config):
        text = text.replace(char, GS)
    return text


def _looks_like_gs1(text: str, seps: tuple[str, ...]) -> bool:
    """Without a symbology identifier, believe GS1 only for what no person or plain label
    produces: a first element of predefined length that parses, or data with a GS in it."""
    if not _digits(text[:1]):
        return False
    if GS in text:
        return True
    if not text.startswith(_PREDEFINED_LENGTH):
        return False
    try:
        GS1ElementString.extract(text, config=ParseConfig(separator_chars=seps))
    except ParseError:
        return False
    return True


def _gs1_reading(base: Reading, text: str, seps: tuple[str, ...], today: date) -> Reading:
    elements, error = _parse_elements(text, seps)
    base = _replace(base, text=text)
    if error:
        return _replace(base, error=error)
    return _from_elements(base, elements, today)


def _parse_elements(text: str, seps: tuple[str, ...]):
    """Split a GS1 element string; on failure say which AI is wrong and how."""
    config = ParseConfig(separator_chars=seps)
    elements: list[GS1ElementString] = []
    rest = text.lstrip("".join(seps))  # a leading FNC1 may come through as GS
    while rest:
        try:
            ai = GS1ApplicationIdentifier.extract(rest)
        except ParseError:
            return None, _bad_char_error(rest, seps) or (
                f"Unknown GS1 application identifier at '{_printable(rest)}': rescan, or type "
                f"the code if the label is damaged.")
        try:
            element = GS1ElementString.extract(rest, config=config)
        except ParseError:
            return None, _element_error(ai, rest, seps)
        elements.append(element)
        rest = rest[len(element):].lstrip("".join(seps))
    return elements, None


def _element_error(ai: GS1ApplicationIdentifier, rest: str, seps: tuple[str, ...]) -> str:
    value = rest[len(ai.ai):]
    for sep in seps:
        value = value.split(sep, 1)[0]
    name = _AI_NAMES.get(ai.ai, ai.data_title)
    bad = _bad_char_error(value, seps)
    if bad:
        return bad
    if ai.ai in _DATE_AIS and len(value) >= 6 and _digits(value[:6]):
        problem = _date_problem(value[:6])
        if problem:
            return (f"{_DATE_AIS[ai.ai]} {value[:6]} (AI {ai.ai}) is not a real date, "
                    f"{problem}: check the label and type the date.")
    fixed = re.fullmatch(r"N(\d+)", ai.format.split("+", 1)[1])
    if fixed:
        needed = int(fixed.group(1))
        digits = len(value) - len(value.lstrip("0123456789"))
        if digits < needed and digits == len(value):
            return (f"AI {ai.ai} ({name}) needs {needed} digits but got {digits}: the scan "
                    f"was cut short, rescan.")
        return (f"AI {ai.ai} ({name}) needs {needed} digits, got '{_printable(value)}': "
                f"rescan or type the code.")
    if not value:
        return f"AI {ai.ai} ({name}) is empty: rescan or type the code."
    return (f"AI {ai.ai} ({name}) value '{_printable(value)}' does not fit its format "
            f"{ai.format}: rescan or type the code.")


def _bad_char_error(text: str, seps: tuple[str, ...]) -> str | None:
    for char in text:
        if char in _CSET82 or char in seps:
            continue
        shown = f"'{char}' (U+{ord(char):04X})" if char.isprintable() else f"U+{ord(char):04X}"
        if char in _USUAL_SUBSTITUTES:
            return (f"Character {shown} cannot be in a GS1 code; it is probably the scanner's "
                    f"GS substitute: add '{char}' to the GS substitutes in the scanner settings, "
                    f"then rescan.")
        return (f"Character {shown} cannot be in a GS1 code: set the scanner's keyboard "
                f"country to match this computer's keyboard layout, then rescan.")
    return None


def _printable(text: str) -> str:
    return text.replace(GS, "<GS>")


def _from_elements(base: Reading, elements: list[GS1ElementString], today: date) -> Reading:
    gs1: dict[str, str] = {}
    for element in elements:
        gs1.setdefault(element.ai.ai, element.value)
    fields: dict = {"gs1": gs1}
    errors: list[str] = []

    for element in elements:
        if element.gtin_error:
            errors.append(_check_digit_error("GTIN", element.value))
        if element.sscc_error:
            errors.append(_check_digit_error("SSCC", element.value))
        if element.gln_error:
            errors.append(_check_digit_error("GLN", element.value))

    gtin = _first(elements, "01")
    if gtin is None:
        gtin = _first(elements, "02")
    if gtin is not None and gtin.gtin is not None:
        fields["gtin"] = gtin.gtin.as_gtin_14()
    sscc = _first(elements, "00")
    if sscc is not None and sscc.sscc is not None:
        fields["sscc"] = sscc.value
    gln = _first(elements, "414")
    if gln is not None and gln.gln is not None:
        fields["gln"] = gln.value

    for ai, name in (("10", "lot"), ("21", "serial"), ("400", "po"), ("254", "gln_extension")):
        if ai in gs1:
            fields[name] = gs1[ai]
    for ai in ("37", "30"):
        if gs1.get(ai):
            fields["count"] = int(gs1[ai])
            break
    for ai, name in (("17", "expiry"), ("15", "best_before"), ("11", "production_date")):
        if ai in gs1:
            fields[name] = _gs1_date(gs1[ai], today)
    weight = next((e for e in elements if e.ai.ai.startswith("310")), None)
    if weight is not None:
        fields["net_weight_kg"] = weight.decimal

    warnings = [base.warning] if base.warning else []
    for ai, what in (("10", "Lot"), ("21", "Serial")):
        if ai in gs1:
            warnings += _swallowed_date_warnings(what, gs1[ai])
    if errors:
        fields["error"] = errors[0]
    if warnings:
        fields["warning"] = " ".join(warnings)
    return _replace(base, **fields)


def _first(elements: list[GS1ElementString], ai: str) -> GS1ElementString | None:
    return next((e for e in elements if e.ai.ai == ai), None)


def _swallowed_date_warnings(what: str, value: str) -> list[str]:
    warnings = []
    plus = _PLUS_DATE.search(value)
    if plus and _date_problem(plus.group(2)) is None:
        warnings.append(f"{what} '{value}' has '+' before what looks like a date: the scanner's "
                        f"keyboard country does not match this computer's layout, so its GS "
                        f"arrives as '+'. Fix the scanner setting, or type the {what.lower()}.")
    else:
        lost = _LOST_DATE.search(value)
        if (lost and len(value) > 8 and lost.group(1) in _DATE_AIS
                and _date_problem(lost.group(2)) is None):
            kind = _DATE_AIS[lost.group(1)].lower()
            article = "an" if kind[0] in "aeiou" else "a"
            warnings.append(f"{what} '{value}' looks like it swallowed {article} {kind}: set "
                            f"the scanner's GS substitute.")
    return warnings


# -- dates ------------------------------------------------------------------------------------


def _gs1_year(yy: int, today: date) -> int:
    """GS1 General Specifications 7.12: a two-digit year lies within -49..+50 years of today."""
    year = today.year - today.year % 100 + yy
    if year - today.year > 50:
        year -= 100
    elif year - today.year < -49:
        year += 100
    return year


def _date_problem(yymmdd: str) -> str | None:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    # The century does not matter here except for 29 February of a "00" year; 2000 was leap.
    year = 2000 + int(yymmdd[:2])
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return f"{calendar.month_name[month]} has no day {day}"
    return None


def _gs1_date(yymmdd: str, today: date) -> date:
    year = _gs1_year(int(yymmdd[:2]), today)
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day == 0:  # day 00: the last day of the month
        day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


# -- GS1 Digital Link -------------------------------------------------------------------------


def _digital_link(base: Reading, today: date) -> Reading:
    try:
        link = GS1DigitalLinkURI.parse(base.text)
    except (ParseError, ValueError):
        return base  # an ordinary URL is plain data
    return _from_elements(base, list(link.element_strings), today)


def _replace(reading: Reading, **changes) -> Reading:
    return replace(reading, **changes)
