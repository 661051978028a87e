"""Putaway rules: where an item belongs, as a preferred zone or a preferred bin.

Set one in the app or import a file `sku,zone` (or `sku,bin`, or both columns).
"""

from pathlib import Path

from app.core import users
from app.core.csv_input import Row, read_rows, required_text
from app.core.errors import BinwiseError
from app.db.models import Item, Location, PutawayRule, database

RULE_COLUMNS = (("sku",), ("zone", "bin"))


def set_rule(item: Item, zone_code: str | None = None, bin_code: str | None = None) -> None:
    """Give `item` a preferred zone and/or bin; with neither, its rule is removed."""
    zone = _location(zone_code, "zone") if zone_code else None
    bin_ = _location(bin_code, "bin") if bin_code else None
    with database.atomic():
        PutawayRule.delete().where(PutawayRule.item == item.id).execute()
        if zone or bin_:
            PutawayRule.create(item=item.id, zone=zone, bin=bin_)


def set_preferred_place(item: Item, code: str, user_id: int | None = None,
                        approver_id: int | None = None) -> str:
    """Make a zone or a bin (whichever `code` names) the item's preferred place; returns the
    rule in words ("zone A", "bin A-01-01"). Changing where items go needs a supervisor."""
    users.approve(user_id, approver_id, "supervisor", "Changing where an item is put away")
    code = code.strip()
    if not code:
        raise BinwiseError("Type a zone (like A) or scan or type a bin (like A-01-01).")
    place = Location.get_or_none(Location.code == code)
    if place is None:
        raise BinwiseError(f"There is no zone or bin '{code}'. Type a zone (like A) or scan "
                           f"a bin label.")
    if place.kind not in ("zone", "bin"):
        raise BinwiseError(f"{place.code} is the {place.kind}, not a zone or a bin. Type a "
                           f"zone or scan a bin label.")
    if place.kind == "zone":
        set_rule(item, zone_code=place.code)
    else:
        set_rule(item, bin_code=place.code)
    return f"{place.kind} {place.code}"


def clear_rule(item: Item, user_id: int | None = None, approver_id: int | None = None) -> bool:
    """Forget the item's preferred place (a supervisor's change); False when it had none."""
    users.approve(user_id, approver_id, "supervisor", "Changing where an item is put away")
    return PutawayRule.delete().where(PutawayRule.item == item.id).execute() > 0


def _location(code: str, kind: str) -> Location:
    location = Location.get_or_none(Location.code == code.strip())
    if location is None or location.kind != kind:
        raise BinwiseError(f"'{code}' is not a {kind}. Use the code of an existing {kind}.")
    return location


def _row_rule(row: Row) -> tuple[Item, str | None, str | None]:
    sku = required_text(row, "sku", "a SKU")
    item = Item.get_or_none(Item.sku == sku)
    if item is None:
        raise row.fail("sku", f"no item with SKU '{sku}'")
    zone, bin_code = row.get("zone") or None, row.get("bin") or None
    if not zone and not bin_code:
        raise row.fail("zone", "is empty, and so is 'bin': give a zone or a bin")
    for column, value, kind in (("zone", zone, "zone"), ("bin", bin_code, "bin")):
        if value:
            location = Location.get_or_none(Location.code == value)
            if location is None or location.kind != kind:
                raise row.fail(column, f"'{value}' is not a {kind} of this warehouse")
    return item, zone, bin_code


def import_rules(path: str | Path, user_id: int | None = None) -> int:
    rows = read_rows(path, RULE_COLUMNS, "Putaway rule")
    users.require_role(user_id, "supervisor", "Importing putaway rules")
    with database.atomic():
        for row in rows:
            set_rule(*_row_rule(row))
    return len(rows)
