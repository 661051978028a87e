"""Locations: the system places every warehouse has; blocking and unblocking bins."""

from app.core import users
from app.core.errors import BinwiseError
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



def set_blocked(code: str, blocked: bool, user_id: int | None,
                approver_id: int | None = None) -> Location:
    """Block a bin (nothing is put away, transferred into it or allocated from it) or unblock
    it. Needs a supervisor (`approver_id` when one approved it on the spot)."""
    verb = "Blocking" if blocked else "Unblocking"
    users.approve(user_id, approver_id, "supervisor", f"{verb} a bin")
    with database.atomic():
        location = Location.get_or_none(Location.code == code.strip())
        if location is None or location.kind != "bin":
            raise BinwiseError(f"No bin '{code.strip()}'.")
        Location.update(blocked=blocked).where(Location.id == location.id).execute()
    location.blocked = blocked
    return location
