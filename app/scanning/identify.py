"""What a scanned text is in this warehouse, in one sentence: the scanner test uses it to tell a
real label that read right ("this is item X's barcode: your scanner works") from one that
arrived changed by a scanner setting.
"""

from dataclasses import dataclass

from app.db.models import Item
from app.scanning.decode import DecodeConfig, decode
from app.scanning.resolve import resolve

# How each kind of code is named, most telling first.
_KINDS = ("item", "lot", "bin", "location", "order", "picklist", "po")
_NAMES = {"bin": "bin {code}'s label", "location": "the {code} location's label",
          "order": "order {code}", "picklist": "pick list {code}",
          "po": "purchase order {code}"}


@dataclass(frozen=True)
class Identified:
    what: str | None  # "item MUG-01's barcode (Mug, blue)"; None when nothing matched
    problem: str | None  # what decoding found wrong (a check digit, a swallowed date)
    gs1: bool  # read as a GS1 element string (lot, expiry...)


def identify(text: str, config: DecodeConfig | None = None) -> Identified:
    reading = decode(text, config or DecodeConfig())
    problem = reading.error or reading.warning
    if reading.error:
        return Identified(None, problem, reading.is_gs1)
    found = resolve(reading)
    for kind in _KINDS:
        matches = found.of(kind)
        if not matches:
            continue
        match = matches[0]
        if kind in ("item", "lot"):
            item = Item.get_by_id(match.item_id)
            lot = f"lot {reading.lot or match.code} of " if kind == "lot" or reading.lot else ""
            what = f"the barcode of {lot}item {item.sku} ({item.name})"
        else:
            what = _NAMES[kind].format(code=match.code)
        return Identified(what, problem, reading.is_gs1)
    return Identified(None, problem, reading.is_gs1)
