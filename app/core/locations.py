"""Locations: the system places every warehouse has."""

from app.db.models import Location, database

DOCK, PACKING, SUPPLIER, CUSTOMER, LOSS = "DOCK", "PACK", "SUPPLIER", "CUSTOMER", "LOSS"

# System locations never change once created; a scan should not pay a query for them.
_system_cache: dict[tuple[str, str], Location] = {}


def system_location(code: str) -> Location:
    """One of the places created with every database: DOCK, PACK, SUPPLIER, CUSTOMER, LOSS."""
    key = (database.obj.database, code)
    location = _system_cache.get(key)
    if location is None:
        location = _system_cache[key] = Location.get(Location.code == code)
    return location

