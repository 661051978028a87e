"""Why customers send things back: the warehouse-wide list of return reason codes.

Stored as JSON in warehouse_setting, so every station on the file offers the same list; a
missing or malformed value falls back to the defaults. A reason is a short code (what the
returns sheet prints and the export writes) and its text; changing the list needs a supervisor.
"""

import json
import re
from dataclasses import dataclass

from app.core import users
from app.core.errors import BinwiseError
from app.db.models import WarehouseSetting

_KEY = "return_reasons"
MAX_REASONS = 20
_CODE = re.compile(r"^[a-z][a-z0-9_-]{0,23}$")


@dataclass(frozen=True)
class Reason:
    code: str  # e.g. "damaged": on the returns sheet's barcode and in the export
    text: str  # e.g. "Damaged": what the station shows


DEFAULT_REASONS = (
    Reason("damaged", "Damaged"),
    Reason("wrong-item", "Wrong item"),
    Reason("not-as-described", "Not as described"),
    Reason("no-longer-wanted", "No longer wanted"),
    Reason("too-late", "Arrived too late"),
)


def code_for(text: str) -> str:
    """A reason's code from its text: "Not as described" -> "not-as-described"."""
    return re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")[:24]


def parse(text: str) -> Reason:
    """A reason typed as `code=Text`, or just its text (the code is made from it)."""
    code, sep, label = text.partition("=")
    code, label = (code.strip().lower(), label.strip()) if sep else (code_for(text),
                                                                      text.strip())
    if not label or not _CODE.match(code):
        raise BinwiseError(f"'{text.strip()}' is no reason: use letters, digits and dashes, "
                           f"e.g. 'damaged' or 'late=Arrived too late'.")
    return Reason(code, label[:60])


def reasons() -> tuple[Reason, ...]:
    row = WarehouseSetting.get_or_none(WarehouseSetting.key == _KEY)
    if row is None:
        return DEFAULT_REASONS
    try:
        found = tuple(Reason(str(r["code"]), str(r["text"])) for r in json.loads(row.value))
        return found if found and all(_CODE.match(r.code) for r in found) else DEFAULT_REASONS
    except (ValueError, KeyError, TypeError):
        return DEFAULT_REASONS


def find(text: str) -> Reason | None:
    """The reason named by its code or its text (any case), or None."""
    wanted = text.strip().lower()
    for reason in reasons():
        if wanted in (reason.code, reason.text.lower()):
            return reason
    return None


def save(new: list[Reason] | tuple[Reason, ...], user_id: int | None,
         approver_id: int | None = None) -> tuple[Reason, ...]:
    """Replace the list; a supervisor's decision. Codes must be unique."""
    users.approve(user_id, approver_id, "supervisor", "Changing the return reasons")
    new = tuple(new)
    if not new:
        raise BinwiseError("Keep at least one return reason.")
    if len(new) > MAX_REASONS:
        raise BinwiseError(f"At most {MAX_REASONS} return reasons fit on the returns sheet.")
    codes = [r.code for r in new]
    doubled = sorted({c for c in codes if codes.count(c) > 1})
    if doubled:
        raise BinwiseError(f"Reason code {doubled[0]} is listed twice.")
    value = json.dumps([{"code": r.code, "text": r.text} for r in new])
    (WarehouseSetting.insert(key=_KEY, value=value)
     .on_conflict(conflict_target=[WarehouseSetting.key], update={WarehouseSetting.value: value})
     .execute())
    return new
