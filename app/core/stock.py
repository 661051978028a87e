"""Reading stock: the on-hand list (`binwise stock`) and the ledger check (`binwise check`)."""

from app.core import allocation, ledger, tx
from app.db import parallel_reads
from app.db.models import database

# One query, no per-row lookups: the list must come back in seconds from a warehouse with
# millions of moves. It reads only the balances (quants), never the ledger.
_STOCK_SQL = """
SELECT i.sku, i.name, l.code, l.expiry, loc.code, q.qty, q.reserved, q.in_date
  FROM quant q
  JOIN item i ON i.id = q.item_id
  JOIN location loc ON loc.id = q.location_id
  LEFT JOIN lot l ON l.id = q.lot_id
 ORDER BY i.sku, loc.code, l.expiry NULLS FIRST, l.code NULLS FIRST
"""


def _iso(value) -> str | None:
    """Dates and times as SQLite holds them ('2025-03-31 12:00:00.123') in ISO 8601."""
    if value is None:
        return None
    text = value if isinstance(value, str) else value.isoformat(" ")
    return text[:19].replace(" ", "T")


def stock_rows() -> list[dict]:
    """Every balance: sku, name, lot, expiry, location, qty, reserved, in_date; sorted by sku,
    location, expiry, lot. Dates are ISO strings (expiry None for untracked stock)."""
    cursor = database.execute_sql(_STOCK_SQL)
    return [
        {"sku": sku, "name": name, "lot": lot, "expiry": _iso(expiry)[:10] if expiry else None,
         "location": location, "qty": qty, "reserved": reserved, "in_date": _iso(in_date)}
        for sku, name, lot, expiry, location, qty, reserved, in_date in cursor
    ]


def _names(table: str, column: str, ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    ids_list = sorted(ids)
    # SQLite limits the number of bound parameters per statement.
    for start in range(0, len(ids_list), 500):
        chunk = ids_list[start:start + 500]
        marks = ",".join("?" * len(chunk))
        names.update(database.execute_sql(
            f"SELECT id, {column} FROM {table} WHERE id IN ({marks})", tuple(chunk)).fetchall())
    return names


def check_report() -> list[str]:
    """Recompute every balance from the ledger; one line per balance that disagrees, naming the
    sku, lot, location and both quantities; then one line per balance whose `reserved` differs
    from the sum of its reservations. An empty list means stock matches the ledger.

    Each comparison reads its tables in one snapshot, so a station committing in between
    cannot make up a difference. On a SQLite file the ledger's comparison runs on every core in
    a snapshot of its own (see ledger.recompute), then the reservations' in another."""
    if parallel_reads.available():
        mismatches = ledger.recompute()
        with tx.snapshot():
            reservations = allocation.reservation_mismatches()
    else:
        with tx.snapshot():
            mismatches = ledger.recompute()
            reservations = allocation.reservation_mismatches()
    if not mismatches:
        return reservations
    skus = _names("item", "sku", {m.item_id for m in mismatches})
    lots = _names("lot", "code", {m.lot_id for m in mismatches if m.lot_id is not None})
    places = _names("location", "code", {m.location_id for m in mismatches})
    lines = []
    for m in mismatches:
        sku = skus.get(m.item_id, f"item #{m.item_id}")
        lot = (f"lot {lots.get(m.lot_id, f'#{m.lot_id}')}" if m.lot_id is not None
               else "no lot")
        place = places.get(m.location_id, f"location #{m.location_id}")
        lines.append(f"{sku} ({lot}) in {place}: the ledger says {m.ledger_qty}, "
                     f"the stock balance says {m.quant_qty} "
                     f"(difference {m.quant_qty - m.ledger_qty:+d})")
    return lines + reservations
