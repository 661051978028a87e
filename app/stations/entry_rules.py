"""What a lot number and a typed date must be, wherever a station takes one.

Receiving, counting and every other prompt that asks for a lot or an expiry date use these
rules, so a code that is refused at one station is never booked at another.
"""

import re
from datetime import date

from app.scanning.commands import command_in
from app.scanning.decode import Reading
from app.scanning.resolve import resolve

MAX_LOT_LENGTH = 20  # GS1 AI 10 allows 20 characters
# An expiry date further back than this is a typo (goods that old are refused as expired
# anyway); one further ahead is a misread.
PAST_YEARS = 10
FUTURE_YEARS = 30

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_FIRST = re.compile(r"(\d{2})([./])(\d{2})\2(\d{4})")
_LOST_GS = re.compile(r"(11|13|15|16|17)(\d\d)(0[1-9]|1[0-2])(0\d|[12]\d|3[01])$")
_KIND_NAMES = {"po": "a purchase order", "order": "an order", "picklist": "a pick list",
               "bin": "a bin", "location": "a location", "item": "an item"}


def date_shaped(text: str) -> bool:
    """Whether a person meant `text` as a date (so a GS1 reading of it is beside the point)."""
    text = text.strip()
    return bool(_ISO.fullmatch(text) or _DAY_FIRST.fullmatch(text))


def parse_entered_date(text: str, today: date, day_first: bool = False) -> date | str:
    """A full, unambiguous date (YYYY-MM-DD; DD.MM.YYYY or DD/MM/YYYY when `day_first`), or
    the sentence saying why `text` is not one."""
    text = text.strip()
    how = "YYYY-MM-DD" + (" or DD.MM.YYYY" if day_first else "")
    iso, dmy = _ISO.fullmatch(text), _DAY_FIRST.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif dmy and day_first:
        day, month, year = int(dmy[1]), int(dmy[3]), int(dmy[4])
    else:
        return (f"'{_shown(text)}' is not a date. Type it in full as {how}, for example "
                f"2027-03-31.")
    try:
        when = date(year, month, day)
    except ValueError:
        return f"'{text}' is not a real date. Type it as {how}, for example 2027-03-31."
    return plausible_expiry(when, today) or when


def plausible_expiry(when: date, today: date) -> str | None:
    """Why an expiry date cannot be right, or None."""
    if when.year < today.year - PAST_YEARS or when.year > today.year + FUTURE_YEARS:
        return (f"{when.isoformat()} cannot be an expiry date (more than "
                f"{PAST_YEARS if when < today else FUTURE_YEARS} years away): check the label "
                f"and type the date again.")
    return None


def lot_problem(code: str, typed: bool = False) -> str | None:
    """Why `code` cannot be a lot number, or None. A typed lot is what a person read off the
    label, so no guessing about a lost separator there."""
    if not code or len(code) > MAX_LOT_LENGTH or not (code.isascii() and code.isprintable()) \
            or code != code.strip():
        return (f"'{_shown(code)}' is not a lot number (1 to {MAX_LOT_LENGTH} letters, digits "
                f"or signs). Scan or type the lot again.")
    if command_in(code) is not None:
        return f"'{_shown(code)}' is a command barcode, not a lot number."
    if typed:
        return None
    if len(code) > 8 and _LOST_GS.search(code):
        return (f"Lot '{code}' seems to contain a date: the scanner probably dropped a "
                f"separator. Set the scanner's GS substitute (see the README), or type the lot.")
    if re.search(r"\+(11|13|15|16|17)\d{6}", code):
        return (f"Lot '{code}' contains '+' and a date: the scanner's keyboard country does not "
                f"match this computer's layout. Fix the scanner setting, or type the lot.")
    return None


def lot_of_scan(reading: Reading, item_id: int, sku: str) -> tuple[str, date | None] | str:
    """The lot (and the label's expiry) a scan at a lot prompt for `item_id` names, or the
    sentence saying why it is refused: another item's label, a label without a lot, a
    misread, a code that is something else (a bin, an item, a PO)."""
    if reading.is_gs1:
        if reading.error:
            return reading.error
        if reading.gtin and not _is_item(reading, item_id):
            return f"That label is for another item. Scan the lot of {sku}, or press Undo " \
                   f"to cancel."
        if not reading.lot:
            return f"That label has no lot. Scan or type the lot of {sku}."
        problem = lot_problem(reading.lot)
        return problem or (reading.lot, reading.expiry)
    if reading.error and reading.text.isdigit():
        # A barcode with a broken check digit is a misread, not a lot number.
        return reading.error
    found = resolve(reading)
    others = [m for m in found.matches if m.kind != "lot"]
    if others and not (found.of("lot") and not found.of("po") and not found.of("bin")
                       and not found.of("location")):
        name = _KIND_NAMES.get(others[0].kind, "something else")
        return (f"{_shown(reading.text)} is {name}, not a lot. Scan or type the lot of {sku}, "
                f"or press Undo to cancel.")
    problem = lot_problem(reading.text.strip())
    return problem or (reading.text.strip(), None)


def _is_item(reading: Reading, item_id: int) -> bool:
    found = resolve(Reading(raw=reading.raw, text="", gtin=reading.gtin))
    return any(m.id == item_id for m in found.of("item"))


def _shown(text: str, limit: int = 40) -> str:
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[:limit] + "…"
