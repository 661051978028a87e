"""Answers to "what is here?" and "where is it?": the contents of a bin, every place an item or
lot is, with totals. Oldest and soonest-expiring stock first.
"""

from dataclasses import dataclass
from datetime import date

from app.core import allocation, stock_words
from app.db.models import Item, database


@dataclass(frozen=True)
class BinLine:
    """One quant: an item (and lot) in one location."""

    item_id: int
    sku: str
    name: str
    lot_id: int | None
    lot: str | None
    expiry: str | None
    location: str
    qty: int
    reserved: int
    in_date: str
    expired: bool = False
    # In a bin or the dock, where allocation finds it; not picked goods waiting at packing,
    # nor damaged returns in quarantine.
    sellable: bool = True

    @property
    def available(self) -> int:
        """What can still be promised: nothing of an expired lot, nothing outside the bins and
        the dock."""
        return self.qty - self.reserved if self.sellable and not self.expired else 0


_LINES = """
SELECT q.item_id, i.sku, i.name, q.lot_id, l.code, l.expiry, loc.code, q.qty, q.reserved,
       q.in_date, COALESCE(l.expiry < :today, FALSE), loc.kind IN ('bin', 'dock')
  FROM quant q JOIN item i ON i.id = q.item_id JOIN location loc ON loc.id = q.location_id
  LEFT JOIN lot l ON l.id = q.lot_id
 WHERE {where}
 ORDER BY {order}
"""
# Soonest expiry first (no expiry last), then oldest stock.
_OLDEST_FIRST = "l.expiry IS NULL, l.expiry, q.in_date, loc.sequence, loc.code"


_BIN_ORDER = "i.sku, " + _OLDEST_FIRST


def _lines(where: str, key: int, order: str = _OLDEST_FIRST, limit: int | None = None,
           today: date | None = None, **params) -> list[BinLine]:
    sql = _LINES.format(where=where, order=order)
    params |= {"key": key, "today": (today or date.today()).isoformat()}
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [BinLine(*row[:10], bool(row[10]), bool(row[11]))
            for row in database.execute_sql(sql, params)]


def bin_contents(location_id: int, today: date | None = None) -> list[BinLine]:
    return _lines("q.location_id = :key", location_id, _BIN_ORDER, today=today)


# A bin holds a few lines, the dock on a busy day thousands: a look-up lists this many and
# counts and totals all of them, so the answer takes as long for the dock as for a bin.
SHOWN_LINES = 200


@dataclass(frozen=True)
class HeldBack:
    """A lot held back for its expiry: expired, or too close to it for its item's minimum
    remaining shelf life (`stock_words.expiry_problem` says why in words)."""

    sku: str
    min_shelf_life_days: int
    lot: str
    expiry: str | date


# The banner names the first lot held back and counts the others: the first few are read.
HELD_BACK_LISTED = 10


@dataclass(frozen=True)
class BinPage:
    """The first lines of a location in its order, with what all of its lines add up to."""

    lines: list[BinLine]
    count: int  # every line
    totals: "Totals"  # of every line
    # The first HELD_BACK_LISTED lots held back for their expiry, in the order of `lines`,
    # and how many there are in all.
    held_back: list[HeldBack]
    held_back_count: int

    @property
    def more(self) -> int:
        """Lines not listed."""
        return self.count - len(self.lines)


# Count and totals of a location's lines per minimum shelf life of their items, with the
# soonest lot expiry of each: the totals of a crowded location and what the held-back rule
# below needs, in one pass over its lines.
_BY_SHELF_LIFE = """
SELECT i.min_shelf_life_days, MIN(l.expiry), COUNT(*), COALESCE(SUM(q.qty), 0),
       COALESCE(SUM(q.reserved), 0),
       COALESCE(SUM(CASE WHEN l.expiry < ? OR loc.kind NOT IN ('bin', 'dock') THEN 0
                         ELSE q.qty - q.reserved END), 0)
  FROM quant q JOIN item i ON i.id = q.item_id LEFT JOIN lot l ON l.id = q.lot_id
  JOIN location loc ON loc.id = q.location_id
 WHERE q.location_id = ?
 GROUP BY i.min_shelf_life_days
"""


def bin_page(location_id: int, limit: int | None = None, today: date | None = None) -> BinPage:
    """A location's first `limit` lines (by SKU, soonest expiry first), its count and totals,
    and the lots held back for their expiry on `today`, read with indexed queries whatever
    the location holds."""
    limit = SHOWN_LINES if limit is None else limit
    today = today or date.today()
    # One day for the lines, the totals and the lots held back alike.
    lines = _lines("q.location_id = :key", location_id, _BIN_ORDER, limit, today)
    groups = database.execute_sql(_BY_SHELF_LIFE, (today.isoformat(), location_id)).fetchall()
    held_back, held_back_count = _held_back(location_id, today,
                                            [(row[0], row[1]) for row in groups])
    if len(lines) < limit:
        return BinPage(lines, len(lines), totals(lines), held_back, held_back_count)
    count, qty, reserved, available = (int(sum(row[column] for row in groups))
                                       for column in range(2, 6))
    return BinPage(lines, count, Totals(qty, reserved, available), held_back, held_back_count)


# -- lots held back for their expiry, counted by the database -------------------------------

_HELD_BACK = """
SELECT i.sku, i.min_shelf_life_days, l.code, l.expiry, COUNT(*) OVER ()
  FROM quant q JOIN item i ON i.id = q.item_id JOIN lot l ON l.id = q.lot_id
  JOIN location loc ON loc.id = q.location_id
 WHERE q.location_id = ? AND ({rule})
 ORDER BY {order} LIMIT ?
"""


def _held_back(location_id: int, today: date,
               shelf_lives: list[tuple[int, str | date | None]]) -> tuple[list[HeldBack], int]:
    """The first lots of a location that allocation never takes for their expiry, and how
    many there are, from each minimum shelf life among its items with its soonest expiry:
    the rule of `stock_words.expiry_state` as SQL. A lot expires too soon when its expiry
    comes before today plus its item's minimum shelf life; the horizon of each shelf life
    is worked out here (`allocation.earliest_allowed_expiry`), since date arithmetic differs
    between SQLite and PostgreSQL, and the rule has one term per shelf life with a lot
    inside it (a handful). A lot is one line per location (one quant: the ledger keeps it
    so), so counting lines counts lots."""
    horizons = []
    for days, soonest in shelf_lives:
        if soonest is None:
            continue
        horizon = allocation.earliest_allowed_expiry(Item(min_shelf_life_days=days), today)
        if stock_words.as_date(soonest).isoformat() < horizon:
            horizons.append((days, horizon))
    if not horizons:
        return [], 0
    rule = " OR ".join(["(i.min_shelf_life_days = ? AND l.expiry < ?)"] * len(horizons))
    rows = database.execute_sql(
        _HELD_BACK.format(rule=rule, order=_BIN_ORDER),
        [location_id, *(value for pair in horizons for value in pair), HELD_BACK_LISTED]
    ).fetchall()
    return [HeldBack(*row[:4]) for row in rows], int(rows[0][4]) if rows else 0


def item_stock(item_id: int) -> list[BinLine]:
    return _lines("q.item_id = :key", item_id)


def lot_stock(lot_id: int) -> list[BinLine]:
    return _lines("q.lot_id = :key", lot_id)


@dataclass(frozen=True)
class Totals:
    on_hand: int
    reserved: int
    available: int


def totals(lines: list[BinLine]) -> Totals:
    return Totals(sum(x.qty for x in lines), sum(x.reserved for x in lines),
                  sum(x.available for x in lines))


_RESERVED_FOR_ORDER = """
SELECT r.item_id, i.sku, i.name, r.lot_id, l.code, l.expiry, loc.code, r.qty, r.qty, r.created_at,
       COALESCE(l.expiry < ?, FALSE)
  FROM reservation r JOIN sales_order_line ol ON ol.id = r.line_id
  JOIN item i ON i.id = r.item_id JOIN location loc ON loc.id = r.location_id
  LEFT JOIN lot l ON l.id = r.lot_id
 WHERE ol.order_id = ? ORDER BY loc.sequence, loc.code, i.sku
"""


def reserved_for_order(order_id: int) -> list[BinLine]:
    """Where an order's reserved stock waits: bin, item, lot, quantity."""
    rows = database.execute_sql(_RESERVED_FOR_ORDER, (date.today().isoformat(), order_id))
    return [BinLine(*row[:10], bool(row[10])) for row in rows]
