"""Answers to "what is here?" and "where is it?": the contents of a bin, every place an item or
lot is, with totals. Oldest and soonest-expiring stock first.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from app.db.models import database


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
           **params) -> list[BinLine]:
    sql = _LINES.format(where=where, order=order)
    params |= {"key": key, "today": date.today().isoformat()}
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [BinLine(*row[:10], bool(row[10]), bool(row[11]))
            for row in database.execute_sql(sql, params)]


def bin_contents(location_id: int) -> list[BinLine]:
    return _lines("q.location_id = :key", location_id, _BIN_ORDER)


# A bin holds a few lines, the dock on a busy day thousands: a look-up lists this many and
# counts and totals all of them, so the answer takes as long for the dock as for a bin.
SHOWN_LINES = 200


@dataclass(frozen=True)
class BinPage:
    """The first lines of a location in its order, with what all of its lines add up to."""

    lines: list[BinLine]
    count: int  # every line
    totals: "Totals"  # of every line
    # Every line whose lot expires before its item's minimum shelf life could end (a superset
    # of those held back for their expiry), in the same order as `lines`.
    expiring: list[BinLine]

    @property
    def more(self) -> int:
        """Lines not listed."""
        return self.count - len(self.lines)


_BIN_TOTALS = """
SELECT COUNT(*), COALESCE(SUM(q.qty), 0), COALESCE(SUM(q.reserved), 0),
       COALESCE(SUM(CASE WHEN l.expiry < ? OR loc.kind NOT IN ('bin', 'dock') THEN 0
                         ELSE q.qty - q.reserved END), 0),
       COALESCE(MAX(i.min_shelf_life_days), 0)
  FROM quant q JOIN item i ON i.id = q.item_id LEFT JOIN lot l ON l.id = q.lot_id
  JOIN location loc ON loc.id = q.location_id
 WHERE q.location_id = ?
"""


def bin_page(location_id: int, limit: int | None = None) -> BinPage:
    """A location's first `limit` lines (by SKU, soonest expiry first), its count and totals,
    and the lines whose lot may be too close to expiry, read with indexed queries whatever
    the location holds."""
    limit = SHOWN_LINES if limit is None else limit
    lines = _lines("q.location_id = :key", location_id, _BIN_ORDER, limit)
    if len(lines) < limit:
        return BinPage(lines, len(lines), totals(lines), lines)
    today = date.today()
    count, qty, reserved, available, shelf_days = database.execute_sql(
        _BIN_TOTALS, (today.isoformat(), location_id)).fetchone()
    try:
        horizon = (today + timedelta(days=int(shelf_days))).isoformat()
    except OverflowError:
        horizon = date.max.isoformat()
    expiring = _lines("q.location_id = :key AND l.expiry < :horizon", location_id, _BIN_ORDER,
                      horizon=horizon)
    return BinPage(lines, int(count), Totals(int(qty), int(reserved), int(available)),
                   expiring)


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
