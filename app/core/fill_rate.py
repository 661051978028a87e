"""The fill rate's record: what each order line got the first time its order was allocated
(ordered, reserved), kept once, so later allocations cannot rewrite how well the stock served
the order when it came in."""

from collections.abc import Iterable
from datetime import datetime

from app.db import execute_many
from app.db.models import utcnow

_NOTE = """
INSERT INTO first_allocation (line_id, ordered, reserved, allocated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (line_id) DO NOTHING
"""


def note_first_allocation(lines: Iterable[tuple[int, int, int]],
                          at: datetime | None = None) -> None:
    """(line id, ordered, reserved) after an allocation; a line already noted keeps its first."""
    when = (at or utcnow()).isoformat(" ")
    rows = [(line_id, ordered, reserved, when) for line_id, ordered, reserved in lines]
    if rows:
        execute_many(_NOTE, rows)
