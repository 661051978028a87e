"""A weight as a USB scale sends it: typed like a keyboard, or as a line on a serial port.

Scales send the number and its unit, often padded and with status words around it:
`1.25 kg`, `  0.840kg`, `1250 g`, `2.5 lb`, `12.0 oz`, `ST,GS,+0001.25kg` (stable, gross),
`US,GS,+0001.31kg` (still settling), `N 1.25 kg` or `1.25 kg N` (net), `S S   1.250 kg`
(Mettler Toledo's answer, stable; `S D` still settling). Only a text with a
unit is a weight, so a bare number stays an item code or a typed quantity, and `CODE,QTY`
(a last comma followed by digits only) can never read as one.

Pure functions on text; no database, no Qt.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Grams per unit; lb and oz are the avoirdupois pound and ounce.
GRAMS = {"kg": Decimal(1000), "g": Decimal(1), "lb": Decimal("453.59237"),
         "lbs": Decimal("453.59237"), "oz": Decimal("28.349523125")}
MAX_GRAMS = 1_000_000  # one tonne: no parcel weighs more, a misread does

_MARK = r"(?:N|G|NT|GS|GR|NET|GROSS)"
_WEIGHT = re.compile(
    r"(?:S\s+(?P<sics>[SD])\s+)?"  # Mettler Toledo's answer to SI: S S stable, S D dynamic
    r"(?:(?P<status>ST|US)\s*,\s*)?"  # A&D / Ohaus style: stable or unstable
    r"(?:" + _MARK + r"\s*,\s*)?"  # gross or net, as a field
    r"(?P<unsteady>\?)?\s*"  # some scales mark a reading still settling with '?'
    r"(?:" + _MARK + r"\s+)?"  # a net/gross marker before the number
    r"(?P<sign>[+-])?\s*(?P<number>\d{1,9}(?:[.,]\d{1,6})?|[.,]\d{1,6})\s*"
    r"(?P<unit>kg|g|lbs|lb|oz)\.?"
    r"(?:\s*" + _MARK + r")?",  # ... or after the unit
    re.IGNORECASE)


@dataclass(frozen=True)
class Weight:
    grams: int  # rounded to the gram; may be zero or negative (see `problem`)
    stable: bool  # False when the scale said the reading is still settling
    shown: str  # the weight as the scale gave it, e.g. "2.5 lb"


def parse_weight(text: str) -> Weight | None:
    """The weight a scale sent, or None when the text is not a weight with a unit."""
    match = _WEIGHT.fullmatch(text.strip().strip("\x00\x02\x03"))
    if match is None:
        return None
    number = Decimal(match["number"].replace(",", "."))
    if match["sign"] == "-":
        number = -number
    unit = match["unit"].lower()
    grams = int((number * GRAMS[unit]).to_integral_value(ROUND_HALF_UP))
    stable = ((match["status"] or "ST").upper() == "ST" and not match["unsteady"]
              and (match["sics"] or "S").upper() == "S")
    shown = f"{number.normalize():f} {'lb' if unit == 'lbs' else unit}"
    return Weight(grams, stable, shown)


def weight_problem(grams: int) -> str | None:
    """Why a box cannot weigh this, or None."""
    if grams <= 0:
        return "The scale reads zero or less: put the box on the scale and weigh it again."
    if grams > MAX_GRAMS:
        return "A box weighs at most 1000 kg: that is a misread, weigh the box again."
    return None
