"""GS1 data in a scan: element strings (with the scanner's GS substitute turned back into GS),
the fields a Reading takes from them (GTIN, lot, expiry, count, SSCC...), the sentence saying
which AI is wrong and how, GS1's two-digit years, and GS1 Digital Link URLs. Used by
app.scanning.decode, which says when a scan is GS1.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date

from biip import ParseConfig, ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString

from app.scanning.reading import GS, DecodeConfig, Reading

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


def is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def check_digit_error(kind: str, value: str) -> str:
    expected = gs1_standard_check_digit(value[:-1])
    return (f"Check digit of {kind} {value} is wrong (expected {expected}): rescan or type "
            f"the code.")


def substitutes(config: DecodeConfig) -> tuple[str, ...]:
    # A substitute is one character by definition; anything else would corrupt the data.
    return tuple(c for c in config.gs_substitutes if len(c) == 1 and c != GS)


def with_gs(text: str, config: DecodeConfig) -> str:
    for char in substitutes(config):
        text = text.replace(char, GS)
    return text


def looks_like_gs1(text: str, seps: tuple[str, ...]) -> bool:
    """Without a symbology identifier, believe GS1 only for what no person or plain label
    produces: a first element of predefined length that parses, or data with a GS in it."""
    if not is_digits(text[:1]):
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


def gs1_reading(base: Reading, text: str, seps: tuple[str, ...], today: date) -> Reading:
    elements, error = _parse_elements(text, seps)
    base = replace(base, text=text)
    if error:
        return replace(base, error=error)
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
    if ai.ai in _DATE_AIS and len(value) >= 6 and is_digits(value[:6]):
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
            errors.append(check_digit_error("GTIN", element.value))
        if element.sscc_error:
            errors.append(check_digit_error("SSCC", element.value))
        if element.gln_error:
            errors.append(check_digit_error("GLN", element.value))

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
    return replace(base, **fields)


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


def digital_link(base: Reading, today: date) -> Reading:
    try:
        link = GS1DigitalLinkURI.parse(base.text)
    except (ParseError, ValueError):
        return base  # an ordinary URL is plain data
    return _from_elements(base, list(link.element_strings), today)
