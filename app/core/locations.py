"""Locations: the system places every warehouse has, bins by code."""

from app.db.models import Location

DOCK, PACKING, SUPPLIER, CUSTOMER, LOSS = "DOCK", "PACK", "SUPPLIER", "CUSTOMER", "LOSS"


def system_location(code: str) -> Location:
    """One of the places created with every database: DOCK, PACK, SUPPLIER, CUSTOMER, LOSS."""
    return Location.get(Location.code == code)


def find_bin(code: str) -> Location | None:
    """A bin by its code, ignoring case (the column's collation)."""
    return Location.get_or_none((Location.code == code.strip()) & (Location.kind == "bin"))
