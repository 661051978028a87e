"""People: users with a role (operator, supervisor, admin), a PIN kept as a salted scrypt hash,
and a badge to scan; logging in, and the role check every supervisor action starts with.

A warehouse where nobody has a PIN yet (a new install: only the built-in `operator`) has no
logins and no role checks, so a first start is never locked out. The first user given a PIN
turns both on.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from app.core.errors import BinwiseError
from app.db.models import ROLES, User, WarehouseSetting, database

# scrypt at n=2**14, r=8: about 16 MB and a few tens of milliseconds per check, so a stolen
# file does not give PINs away cheaply.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
PIN_LENGTH = (4, 12)
BADGE_PREFIX = "BADGE-"


class PermissionDeniedError(BinwiseError):
    """The person may not do this: it needs a higher role (a supervisor can approve it)."""

    def __init__(self, message: str, role: str):
        super().__init__(message)
        self.role = role


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    badge: str | None
    active: bool
    has_pin: bool


def _person(user: User) -> Person:
    return Person(user.id, user.name, user.role, user.badge, bool(user.active),
                  bool(user.pin_hash))


# -- PINs -------------------------------------------------------------------------------------

def hash_pin(pin: str) -> str:
    """`scrypt$n$r$p$salt$hash`, with a fresh random salt per call."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt${n}${r}${p}$".format(**_SCRYPT) + f"{salt.hex()}${digest.hex()}"


def verify_pin(stored: str, pin: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), dklen=len(digest) // 2,
                               n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(candidate.hex(), digest)


def check_pin(pin: str) -> str:
    pin = pin.strip()
    low, high = PIN_LENGTH
    if not (pin.isdigit() and low <= len(pin) <= high):
        raise BinwiseError(f"A PIN is {low} to {high} digits.")
    return pin


# -- who may do what --------------------------------------------------------------------------

def logins_enabled() -> bool:
    """True once any user has a PIN: from then on people log in and roles are checked."""
    row = database.execute_sql("SELECT 1 FROM \"user\" WHERE pin_hash <> '' LIMIT 1").fetchone()
    return row is not None


def has_role(role: str, wanted: str) -> bool:
    """An admin can do what a supervisor can, a supervisor what an operator can."""
    return ROLES.index(role) >= ROLES.index(wanted)


def _a(role: str) -> str:
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"


def require_role(user_id: int | None, role: str, what: str = "This") -> None:
    """Refuse unless the user is active and has `role` (or a higher one). Call it at the top
    of every action that needs a supervisor or an admin."""
    if not logins_enabled():
        return
    user = User.get_or_none(User.id == user_id) if user_id is not None else None
    if user is None or not user.active:
        raise PermissionDeniedError(f"{what} needs {_a(role)}: log in first.", role)
    if not has_role(user.role, role):
        raise PermissionDeniedError(
            f"{what} needs {_a(role)}; {user.name} is {_a(user.role)}. "
            + ("A supervisor can approve it by scanning their badge." if role == "supervisor"
               else f"Ask {_a(role)}."), role)


def approve(user_id: int, approver_id: int | None, role: str, what: str) -> int | None:
    """The check for an action a person may do with a supervisor's approval: returns who to
    record as the approver (the approver, or the user when their own role suffices)."""
    require_role(approver_id if approver_id is not None else user_id, role, what)
    return approver_id if approver_id is not None else user_id


# -- logging in -------------------------------------------------------------------------------

def by_name(name: str) -> Person | None:
    user = User.get_or_none(User.name == name.strip())
    return _person(user) if user else None


def login_with_pin(name: str, pin: str) -> Person:
    user = User.get_or_none(User.name == name.strip())
    # The same answer for an unknown name and a wrong PIN: it does not tell which names exist.
    if user is None or not user.pin_hash or not verify_pin(user.pin_hash, pin.strip()):
        raise BinwiseError("Wrong name or PIN. Try again, or scan your badge.")
    if not user.active:
        raise BinwiseError(f"{user.name} is disabled. Ask an admin.")
    return _person(user)


def is_badge(code: str) -> bool:
    return code.strip().upper().startswith(BADGE_PREFIX)


def looks_like_badge(code: str) -> bool:
    """Whether a scan is a badge (known or not) rather than a label of something else."""
    return code.strip().upper().startswith(BADGE_PREFIX)


def login_with_badge(code: str) -> Person:
    user = User.get_or_none(User.badge == code.strip().upper())
    if user is None:
        raise BinwiseError(f"'{code.strip()}' is not anyone's badge. Scan your badge, or type "
                           f"your name and PIN.")
    if not user.active:
        raise BinwiseError(f"{user.name} is disabled. Ask an admin.")
    return _person(user)


# -- managing users ---------------------------------------------------------------------------

def _new_badge() -> str:
    return BADGE_PREFIX + secrets.token_hex(5).upper()


def _admin_exists() -> bool:
    return User.select().where((User.role == "admin") & User.active
                               & (User.pin_hash != "")).exists()


def require_admin(acting_id: int | None) -> None:
    """User management is for admins; a warehouse without an admin yet may create one."""
    if _admin_exists():
        require_role(acting_id, "admin", "Managing users")


def add_user(name: str, role: str, pin: str, acting_id: int | None,
             badge: str | None = None) -> Person:
    name = name.strip()
    if not name or len(name) > 40:
        raise BinwiseError("A user needs a name of 1 to 40 characters.")
    if role not in ROLES:
        raise BinwiseError(f"Unknown role '{role}': choose {', '.join(ROLES)}.")
    pin = check_pin(pin)
    with database.atomic():
        if not _admin_exists() and role != "admin":
            raise BinwiseError("Create an admin first: `binwise users add NAME --role admin`.")
        require_admin(acting_id)
        existing = User.get_or_none(User.name == name)
        if existing is not None and existing.pin_hash:
            raise BinwiseError(f"There is already a user named '{name}'.")
        badge = (badge or _new_badge()).strip().upper()
        if not is_badge(badge):
            raise BinwiseError(f"A badge code starts with {BADGE_PREFIX}.")
        if User.select().where(User.badge == badge).exists():
            raise BinwiseError(f"Badge {badge} belongs to someone else.")
        if existing is not None:
            # The built-in operator (or a name used by old moves) becomes a real user.
            User.update(role=role, pin_hash=hash_pin(pin), badge=badge, active=True).where(
                User.id == existing.id).execute()
            return _person(User.get_by_id(existing.id))
        return _person(User.create(name=name, role=role, pin_hash=hash_pin(pin), badge=badge))


def _user(name: str) -> User:
    user = User.get_or_none(User.name == name.strip())
    if user is None:
        raise BinwiseError(f"No user named '{name.strip()}'.")
    return user


def set_pin(name: str, pin: str, acting_id: int | None) -> None:
    pin = check_pin(pin)
    with database.atomic():
        require_admin(acting_id)
        User.update(pin_hash=hash_pin(pin)).where(User.id == _user(name).id).execute()


def set_role(name: str, role: str, acting_id: int | None) -> Person:
    if role not in ROLES:
        raise BinwiseError(f"Unknown role '{role}': choose {', '.join(ROLES)}.")
    with database.atomic():
        require_admin(acting_id)
        user = _user(name)
        if user.id == acting_id and role != "admin":
            raise BinwiseError("You cannot take your own admin role: another admin can.")
        User.update(role=role).where(User.id == user.id).execute()
    return _person(User.get_by_id(user.id))


def set_active(name: str, active: bool, acting_id: int | None) -> Person:
    """Disable (or enable again) a user. Users are never deleted: their moves refer to them."""
    with database.atomic():
        require_admin(acting_id)
        user = _user(name)
        if not active and user.id == acting_id:
            raise BinwiseError("You cannot disable yourself.")
        User.update(active=active).where(User.id == user.id).execute()
    return _person(User.get_by_id(user.id))


def list_users() -> list[Person]:
    return [_person(u) for u in User.select().order_by(User.name)]


# -- idle log-out -----------------------------------------------------------------------------

IDLE_KEY = "idle_logout_minutes"
DEFAULT_IDLE_MINUTES = 15


def idle_logout_minutes() -> int:
    """Minutes without a scan or a key before a station logs its user out; 0 = never."""
    row = WarehouseSetting.get_or_none(WarehouseSetting.key == IDLE_KEY)
    try:
        return max(0, int(row.value)) if row else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_logout_minutes(minutes: int, acting_id: int | None) -> None:
    if not 0 <= minutes <= 24 * 60:
        raise BinwiseError("The idle time is 0 (never) to 1440 minutes.")
    with database.atomic():
        require_role(acting_id, "admin", "Changing the idle log-out")
        WarehouseSetting.insert(key=IDLE_KEY, value=str(minutes)).on_conflict(
            conflict_target=[WarehouseSetting.key],
            update={WarehouseSetting.value: str(minutes)}).execute()
