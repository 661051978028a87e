"""One pass over the ledger since a period's start: per item, units shipped and received in
the period, units on hand at its start and end, and the average of its daily closing units.

A move that crosses into the warehouse (bins, dock, packing) adds its units, one that leaves
takes them away; each day's closing stock is today's less everything that came in after it.
"""

from dataclasses import dataclass
from datetime import date

from app.core.reports.base import CROSSING, INTERNAL, day_of, on_hand_now, start_of
from app.db.models import database

_MOVES = f"""
SELECT m.item_id, m.created_at, m.kind, m.reverses_id IS NULL,
       CASE WHEN d.kind IN {INTERNAL} THEN m.qty ELSE -m.qty END
  FROM move m JOIN location s ON s.id = m.src_id JOIN location d ON d.id = m.dst_id
 WHERE m.kind IN {CROSSING} AND m.created_at >= ?
   AND (s.kind IN {INTERNAL}) <> (d.kind IN {INTERNAL})
"""


@dataclass
class Flow:
    shipped: int = 0
    received: int = 0
    at_start: int = 0
    at_end: int = 0
    average: float = 0.0


def flows(start: date, end: date, today: date | None = None) -> dict[int, Flow]:
    """Per item, over the days `start` to `end` (both included)."""
    today = today or date.today()
    days = (end - start).days + 1
    now = on_hand_now()
    out: dict[int, Flow] = {}
    # Per item: net in from `start` on, net in after `end`, and the sum over the period's
    # days of what came in after each day's close.
    since_start: dict[int, int] = {}
    after_end: dict[int, int] = {}
    weighted: dict[int, int] = {}
    index: dict[str, int] = {}
    for item_id, at, kind, forward, delta in database.execute_sql(_MOVES, (start_of(start),)):
        key = at[:10] if isinstance(at, str) else day_of(at).isoformat()
        offset = index.get(key)
        if offset is None:
            offset = index[key] = (date.fromisoformat(key) - start).days
        since_start[item_id] = since_start.get(item_id, 0) + delta
        if offset >= days:
            after_end[item_id] = after_end.get(item_id, 0) + delta
            weighted[item_id] = weighted.get(item_id, 0) + delta * days
            continue
        weighted[item_id] = weighted.get(item_id, 0) + delta * offset
        flow = out.get(item_id)
        if flow is None:
            flow = out[item_id] = Flow()
        if kind == "ship":
            flow.shipped += -delta
        elif kind == "receipt" and forward:
            flow.received += delta
    for item_id in set(now) | set(since_start):
        flow = out.get(item_id)
        if flow is None:
            flow = out[item_id] = Flow()
        units = now.get(item_id, 0)
        flow.at_start = units - since_start.get(item_id, 0)
        flow.at_end = units - after_end.get(item_id, 0)
        flow.average = units - weighted.get(item_id, 0) / days
    return out
