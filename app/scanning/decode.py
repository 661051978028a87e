"""Decoding what a scanner sent: prefix/suffix, symbology identifiers, the GS substitute,
`CODE,QTY`, and GS1 element strings or plain GTINs through biip.

Interface (kept stable for the stations):
    decode(raw, config) -> Reading

A Reading never raises: what is wrong with a scan is in `error` (a short sentence saying what
is wrong and what to do), what looks suspicious but parsed is in `warning`. `text` always holds
the code without prefix, suffix, quantity and symbology identifier, so the resolver can still
look a rejected code up as a SKU, bin or PO number.

The Reading and the settings are plain data in app.scanning.reading (imported from here too);
GS1 element strings, their dates and Digital Link URLs are read by app.scanning.gs1.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from biip import ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gtin import Gtin
from biip.upc import Upc

from app.scanning.gs1 import (
    check_digit_error,
    digital_link,
    gs1_reading,
    is_digits,
    looks_like_gs1,
    substitutes,
    with_gs,
)
from app.scanning.reading import GS, DecodeConfig, Reading

__all__ = ["GS", "GS1_SYMBOLOGIES", "GTIN_SYMBOLOGIES", "DecodeConfig", "Reading", "decode"]

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


# The settings of a scanner nobody configured (frozen, so one shared instance is safe).
_DEFAULT_CONFIG = DecodeConfig()


def decode(raw: str, config: DecodeConfig = _DEFAULT_CONFIG, split_qty: bool = True
           ) -> Reading:
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
    seps = (GS, *substitutes(config))

    if symbology in GS1_SYMBOLOGIES:
        return gs1_reading(base, with_gs(text, config), seps, today)
    if symbology in GTIN_SYMBOLOGIES:
        return _gtin_symbol(base, symbology)
    if symbology is None:
        if is_digits(text) and len(text) in _GTIN_LENGTHS and int(text):
            return _plain_gtin(base)
        gs1_text = with_gs(text, config)
        if looks_like_gs1(gs1_text, seps):
            return gs1_reading(base, gs1_text, seps, today)
    if text.startswith(("http://", "https://")):
        return digital_link(base, today)
    return base


# -- GTIN symbols -----------------------------------------------------------------------------


def _plain_gtin(base: Reading) -> Reading:
    text = base.text
    try:
        return _replace(base, gtin=Gtin.parse(text).as_gtin_14())
    except ParseError:
        return _replace(base, error=check_digit_error("GTIN", text))


def _gtin_symbol(base: Reading, symbology: str) -> Reading:
    text = base.text
    if symbology == "]E3" and is_digits(text) and len(text) in (15, 18):
        text = text[:13]  # EAN-13 followed by its 2- or 5-digit add-on
    if symbology == "]I1" and not (is_digits(text) and len(text) == 14):
        return base  # plain interleaved 2 of 5, not an ITF-14
    if not is_digits(text) or len(text) not in _GTIN_LENGTHS:
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
        return _replace(base, error=check_digit_error("GTIN", text))


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


def _replace(reading: Reading, **changes) -> Reading:
    return replace(reading, **changes)


# What a scanner set to one keyboard country types on a computer with another layout: a US
# scanner's "-" is "ß" on a German layout, "[" is "ü", its digits are "&é\"'(" on a French one.
_OTHER_LAYOUT = set("ßüöäÜÖÄ§°´éèàçù²µ")


def layout_hint(text: str) -> str:
    """A sentence for an unknown code that holds characters no barcode label has, which come
    from a keyboard layout the scanner was not set to; empty otherwise."""
    odd = sorted({c for c in text if c in _OTHER_LAYOUT})
    if not odd:
        return ""
    return (f" It holds {', '.join(repr(c) for c in odd)}, which labels do not: set the "
            f"scanner's keyboard country to match this computer's keyboard layout (Settings, "
            f"F12 > Scanner test).")

