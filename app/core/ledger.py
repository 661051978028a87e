"""The stock ledger: the one writer of moves and quants.

Every change of stock is a move (item, lot, from, to, qty). Posting a move updates the quants of
internal locations in the same transaction; virtual locations (supplier, customer, loss) keep no
quants, so the ledger balances by construction. The database's CHECK constraints back the rules
up: qty >= 0, 0 <= reserved <= qty.
"""

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime

from app.core.errors import StockError
from app.core.quantities import MAX_QTY
from app.db import parallel_reads
from app.db.models import INTERNAL_KINDS, MOVE_KINDS, database, utcnow


@dataclass(frozen=True)
class MoveRequest:
    item_id: int
    lot_id: int | None
    src_id: int
    dst_id: int
    qty: int
    kind: str
    doc_type: str | None = None
    doc_id: int | None = None
    line_id: int | None = None
    reverses_id: int | None = None
    note: str = ""
    # How much of qty is taken out of the source quant's reservation (a pick of reserved stock).
    from_reserved: int = 0


@dataclass(frozen=True)
class Mismatch:
    item_id: int
    lot_id: int | None
    location_id: int
    ledger_qty: int
    quant_qty: int


def _sql_time(at: datetime) -> str:
    return at.isoformat(" ")


def _locations(ids: set[int]) -> dict[int, tuple[str, str]]:
    """id -> (kind, code) of the locations a post touches, in one query."""
    marks = ",".join("?" * len(ids))
    rows = database.execute_sql(f"SELECT id, kind, code FROM location WHERE id IN ({marks})",
                                tuple(ids))
    return {id_: (kind, code) for id_, kind, code in rows}


def _quant(item_id: int, lot_id: int | None, location_id: int):
    return database.execute_sql(
        "SELECT id, qty, reserved, in_date FROM quant "
        "WHERE item_id = ? AND location_id = ? AND COALESCE(lot_id, 0) = ?",
        (item_id, location_id, lot_id or 0),
    ).fetchone()


def _check(request: MoveRequest, kinds: dict[int, str]) -> None:
    if not isinstance(request.qty, int) or request.qty <= 0:
        raise StockError(f"A move needs a whole quantity above zero, not {request.qty!r}.")
    if request.qty > MAX_QTY:
        raise StockError(f"A move of {request.qty} is more than the {MAX_QTY:,} units one step "
                         f"may book.")
    if request.kind not in MOVE_KINDS:
        raise StockError(f"Unknown kind of move: {request.kind!r}.")
    if request.src_id == request.dst_id:
        raise StockError("A move needs two different locations.")
    for loc_id in (request.src_id, request.dst_id):
        kind = kinds.get(loc_id)
        if kind is None:
            raise StockError(f"Location {loc_id} does not exist.")
        if kind in ("warehouse", "zone"):
            raise StockError("Stock can only be in a bin, the dock or the packing area.")
    if not 0 <= request.from_reserved <= request.qty:
        raise StockError("The reserved part of a move must be between 0 and its quantity.")
    # The item and its lot in one query: a scan posts one move, and every query counts.
    row = database.execute_sql("SELECT i.tracking, l.item_id FROM item i "
                               "LEFT JOIN lot l ON l.id = ? WHERE i.id = ?",
                               (request.lot_id, request.item_id)).fetchone()
    if row is None:
        raise StockError(f"Item {request.item_id} does not exist.")
    if request.lot_id is None:
        if row[0] != "none":
            raise StockError("This item is tracked by lot: the move needs a lot.")
    elif row[1] != request.item_id:
        raise StockError("That lot does not belong to this item.")


def _source(request: MoveRequest, location_code: str, quant=None):
    """The source quant (id, qty, reserved, in_date), checked to hold what the move takes;
    `quant` when the caller has read it (None: read here)."""
    if quant is None:
        quant = _quant(request.item_id, request.lot_id, request.src_id)
    qty, reserved = (quant[1], quant[2]) if quant else (0, 0)
    if request.from_reserved > reserved:
        raise StockError(f"Only {reserved} reserved in {location_code}, "
                         f"cannot take {request.from_reserved} from reservations.")
    free_needed = request.qty - request.from_reserved
    if qty - reserved < free_needed:
        if qty < request.qty:
            raise StockError(f"Only {qty} in {location_code}, cannot move {request.qty}.")
        raise StockError(f"{location_code} holds {qty}, but {reserved} of it is reserved: "
                         f"cannot move {request.qty}.")
    return quant


def _take(request: MoveRequest, quant) -> str | None:
    """Take the move's quantity out of its (checked) source quant; returns its in_date."""
    if quant[1] == request.qty:
        database.execute_sql("DELETE FROM quant WHERE id = ?", (quant[0],))
    else:
        database.execute_sql(
            "UPDATE quant SET qty = qty - ?, reserved = reserved - ? WHERE id = ?",
            (request.qty, request.from_reserved, quant[0]),
        )
    return quant[3]


def _put(request: MoveRequest, in_date: str, quant=None) -> None:
    """Add the move's quantity to its destination quant (`quant`, when the caller read it)."""
    if quant is None:
        database.execute_sql(
            "INSERT INTO quant (item_id, lot_id, location_id, qty, reserved, in_date) "
            "VALUES (?, ?, ?, ?, 0, ?)",
            (request.item_id, request.lot_id, request.dst_id, request.qty, in_date),
        )
    else:
        # Merged stock keeps the oldest in_date, so FIFO never skips older units.
        database.execute_sql(
            "UPDATE quant SET qty = qty + ?, "
            "in_date = CASE WHEN in_date <= ? THEN in_date ELSE ? END WHERE id = ?",
            (request.qty, in_date, in_date, quant[0]),
        )


def _relocate(request: MoveRequest, location_code: str, now: str) -> None:
    """A move between two internal places: a whole balance going where its item and lot have
    none moves its quant row there (same qty and in_date, nothing reserved any more: the
    move took all of it), which writes fewer index pages than a delete and an insert."""
    # Both balances in one statement: a scan's write transaction runs as few as it can.
    both = {row[0]: row[1:] for row in database.execute_sql(
        "SELECT location_id, id, qty, reserved, in_date FROM quant "
        "WHERE item_id = ? AND COALESCE(lot_id, 0) = ? AND location_id IN (?, ?)",
        (request.item_id, request.lot_id or 0, request.src_id, request.dst_id))}
    source = _source(request, location_code, both.get(request.src_id))
    target = both.get(request.dst_id)
    if source[1] == request.qty and target is None:
        database.execute_sql("UPDATE quant SET location_id = ?, reserved = 0 WHERE id = ?",
                             (request.dst_id, source[0]))
        return
    _put(request, _take(request, source) or now, target)


def _write(joined: bool):
    """The write transaction of a post: the caller's own when it says the post is part of it
    (`joined`: an error rolls the whole action back, so a savepoint would only cost two more
    statements on every scan), else a transaction (or a savepoint) of its own."""
    if joined and database.in_transaction():
        return nullcontext()
    return database.atomic()


def post(requests: Iterable[MoveRequest], user_id: int, at: datetime | None = None,
         approver_id: int | None = None, *, joined: bool = False,
         places: dict[int, tuple[str, str]] | None = None) -> list[int]:
    """Post moves and update quants, all or nothing. Returns the new move ids. `approver_id` is
    the supervisor who approved them, when they needed one. `joined`: the caller's open write
    transaction ends with this post as one unit (nothing catches an error in between).
    `places`: id -> (kind, code) of the locations, as the caller read them inside that same
    transaction (one statement fewer while the write lock is held)."""
    requests = list(requests)
    if not requests:
        return []
    now = _sql_time(at or utcnow())
    ids = []
    with _write(joined):
        if places is None or not joined:
            places = _locations({r.src_id for r in requests} | {r.dst_id for r in requests})
        kinds = {id_: kind for id_, (kind, _) in places.items()}
        for request in requests:
            _check(request, kinds)
            inside = (kinds[request.src_id] in INTERNAL_KINDS,
                      kinds[request.dst_id] in INTERNAL_KINDS)
            if inside == (True, True):
                _relocate(request, places[request.src_id][1], now)
            elif inside[0]:
                _take(request, _source(request, places[request.src_id][1]))
            elif inside[1]:
                _put(request, now, _quant(request.item_id, request.lot_id, request.dst_id))
            cursor = database.execute_sql(
                "INSERT INTO move (item_id, lot_id, src_id, dst_id, qty, kind, doc_type, doc_id, "
                "line_id, reverses_id, user_id, created_at, note, approver_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (request.item_id, request.lot_id, request.src_id, request.dst_id, request.qty,
                 request.kind, request.doc_type, request.doc_id, request.line_id,
                 request.reverses_id, user_id, now, request.note, approver_id),
            )
            ids.append(cursor.fetchone()[0])
    return ids


def reverse(move_id: int, user_id: int, note: str = "") -> int:
    """Post the move that undoes `move_id`: same item, lot and quantity, back the other way.

    Checked inside the write transaction, and backed by a unique index on `reverses_id`: two
    stations undoing the same step at once end in one reversal and one refusal."""
    from app.core import tx

    with database.atomic():
        row = database.execute_sql(
            "SELECT item_id, lot_id, src_id, dst_id, qty, kind, doc_type, doc_id, line_id "
            "FROM move WHERE id = ?", (move_id,)).fetchone()
        if row is None:
            raise StockError(f"Move {move_id} does not exist.")
        already = database.execute_sql("SELECT 1 FROM move WHERE reverses_id = ?",
                                        (move_id,)).fetchone()
        if already:
            raise StockError("That step was already undone.")
        item_id, lot_id, src_id, dst_id, qty, kind, doc_type, doc_id, line_id = row
        request = MoveRequest(item_id, lot_id, dst_id, src_id, qty, kind, doc_type, doc_id,
                              line_id, reverses_id=move_id, note=note or "undo")
        with tx.unique_or("That step was already undone."):
            return post([request], user_id)[0]


def _change_reserved(item_id: int, lot_id: int | None, location_id: int, delta: int) -> None:
    # Row lock on PostgreSQL (SQLite's write transaction already holds the file).
    suffix = " FOR UPDATE OF q" if getattr(database.obj, "for_update", False) else ""
    quant = database.execute_sql(
        "SELECT q.id, q.qty, q.reserved, loc.kind FROM quant q "
        "JOIN location loc ON loc.id = q.location_id WHERE q.item_id = ? AND q.location_id = ? "
        "AND COALESCE(q.lot_id, 0) = ?" + suffix, (item_id, location_id, lot_id or 0)).fetchone()
    if quant is None:
        raise StockError("That stock is no longer there.")
    quant_id, qty, reserved, kind = quant
    if delta > 0 and kind != "bin":
        # Orders are picked from bins; the dock's count of what waits relies on this.
        raise StockError("Only stock in a bin can be reserved for an order: put it away first.")
    if not 0 <= reserved + delta <= qty:
        raise StockError(f"Only {qty - reserved} free there: cannot reserve {delta}."
                         if delta > 0 else f"Only {reserved} reserved there.")
    database.execute_sql("UPDATE quant SET reserved = reserved + ? WHERE id = ?",
                         (delta, quant_id))


def reserve(line_id: int, item_id: int, lot_id: int | None, location_id: int, qty: int,
            reason: str = "") -> int:
    """Promise `qty` of a quant to an order line: the quant's `reserved` and the reservation
    row change together. Adds to the line's reservation of that quant if it has one. Returns
    the reservation id."""
    if qty <= 0:
        raise StockError(f"A reservation needs a quantity above zero, not {qty}.")
    with database.atomic():
        _change_reserved(item_id, lot_id, location_id, qty)
        existing = database.execute_sql(
            "SELECT id FROM reservation WHERE line_id = ? AND item_id = ? AND location_id = ? "
            "AND COALESCE(lot_id, 0) = ?", (line_id, item_id, location_id, lot_id or 0)
        ).fetchone()
        if existing:
            database.execute_sql("UPDATE reservation SET qty = qty + ? WHERE id = ?",
                                 (qty, existing[0]))
            return existing[0]
        cursor = database.execute_sql(
            "INSERT INTO reservation (line_id, item_id, lot_id, location_id, qty, reason, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (line_id, item_id, lot_id, location_id, qty, reason, _sql_time(utcnow())))
        return cursor.fetchone()[0]


def _shrink_reservation(reservation_id: int, qty: int | None) -> tuple[int, int | None, int, int]:
    """Take `qty` (all when None) off a reservation as it is now; returns its item, lot,
    location and the quantity taken."""
    row = database.execute_sql(
        "SELECT item_id, lot_id, location_id, qty FROM reservation WHERE id = ?",
        (reservation_id,)).fetchone()
    if row is None:
        raise StockError("That reservation is gone: another station picked or released it.")
    item_id, lot_id, location_id, held = row
    qty = held if qty is None else qty
    if not 0 < qty <= held:
        raise StockError(f"Only {held} reserved there, not {qty}.")
    if qty == held:
        database.execute_sql("DELETE FROM reservation WHERE id = ?", (reservation_id,))
    else:
        database.execute_sql("UPDATE reservation SET qty = qty - ? WHERE id = ?",
                             (qty, reservation_id))
    return item_id, lot_id, location_id, qty


def release(reservation_id: int, qty: int | None = None) -> int:
    """Give back all (or `qty`) of a reservation; the quant's `reserved` shrinks with it.
    Returns the quantity released."""
    with database.atomic():
        item_id, lot_id, location_id, taken = _shrink_reservation(reservation_id, qty)
        _change_reserved(item_id, lot_id, location_id, -taken)
    return taken


def consume(reservation_id: int, request: MoveRequest, user_id: int, *,
            joined: bool = False) -> int:
    """Post a move of reserved stock (a pick) and take its quantity off the reservation it
    fulfils, in one transaction. Returns the move id. `joined` as for `post`."""
    with _write(joined):
        item_id, lot_id, location_id, _ = _shrink_reservation(reservation_id, request.qty)
        if (item_id, lot_id, location_id) != (request.item_id, request.lot_id, request.src_id):
            raise StockError("That reservation is for other stock.")
        return post([replace(request, from_reserved=request.qty)], user_id, joined=True)[0]


# The check, merged in the database so only the disagreeing balances come back (millions of
# moves never pass through Python). Lot ids start at 1, so 0 stands for "no lot".
#
# PostgreSQL: one hash aggregate over every move (both of its sides) and every quant.
_RECOMPUTE_AGGREGATE = """
SELECT item_id, lot_key, location_id, SUM(booked), SUM(held)
  FROM (SELECT m.item_id, COALESCE(m.lot_id, 0) AS lot_key, m.dst_id AS location_id,
               m.qty AS booked, 0 AS held
          FROM move m WHERE m.dst_id IN (SELECT id FROM location WHERE kind IN {kinds})
        UNION ALL
        SELECT m.item_id, COALESCE(m.lot_id, 0), m.src_id, -m.qty, 0
          FROM move m WHERE m.src_id IN (SELECT id FROM location WHERE kind IN {kinds})
        UNION ALL
        SELECT q.item_id, COALESCE(q.lot_id, 0), q.location_id, 0, q.qty FROM quant q) balances
 GROUP BY item_id, lot_key, location_id
HAVING SUM(booked) <> SUM(held)
"""

# SQLite has no hash aggregate and sorting 2M rows takes seconds, so it walks the two move
# indexes (location, item, lot, qty) in order instead: every balance moved into, less what
# left it, against its quant; then balances only ever moved out of; then quants no move
# explains (or held where the ledger keeps none). Each key lands in exactly one part.
# IS NOT DISTINCT FROM (SQLite 3.39+, PostgreSQL) matches "no lot" to "no lot" and, unlike a
# COALESCE, lets the lookup seek on the index's lot column too.
_SAME_KEY = ("{t}.item_id = {k}.item_id AND {t}.{loc} = {k}.location_id "
             "AND {t}.lot_id IS NOT DISTINCT FROM {k}.lot_id")
_OUT = f"(SELECT SUM(o.qty) FROM move o WHERE {_SAME_KEY.format(t='o', k='g', loc='src_id')})"
_IN = f"(SELECT 1 FROM move i WHERE {_SAME_KEY.format(t='i', k='{k}', loc='dst_id')})"
_OUT_ANY = f"(SELECT 1 FROM move o WHERE {_SAME_KEY.format(t='o', k='{k}', loc='src_id')})"
_HELD = f"(SELECT q.qty FROM quant q WHERE {_SAME_KEY.format(t='q', k='g', loc='location_id')})"
_INTERNAL = "(SELECT id FROM location WHERE kind IN {kinds})"
# Balances moved into: what came in less what left, against the quant.
_WALK_IN = f"""
SELECT g.item_id, g.lot_id, g.location_id, g.total - COALESCE({_OUT}, 0), COALESCE({_HELD}, 0)
  FROM (SELECT dst_id AS location_id, item_id, lot_id, SUM(qty) AS total FROM move
         WHERE dst_id IN {_INTERNAL} GROUP BY dst_id, item_id, lot_id) g
 WHERE g.total - COALESCE({_OUT}, 0) <> COALESCE({_HELD}, 0)
"""
# Balances only ever moved out of.
_WALK_OUT_ONLY = f"""
SELECT g.item_id, g.lot_id, g.location_id, -g.total, COALESCE({_HELD}, 0)
  FROM (SELECT src_id AS location_id, item_id, lot_id, SUM(qty) AS total FROM move
         WHERE src_id IN {_INTERNAL} GROUP BY src_id, item_id, lot_id) g
 WHERE NOT EXISTS {_IN.replace('{k}', 'g')} AND -g.total <> COALESCE({_HELD}, 0)
"""
# Quants no move explains, or held where the ledger keeps none.
_WALK_UNEXPLAINED = f"""
SELECT q.item_id, q.lot_id, q.location_id, 0, q.qty FROM quant q
 WHERE q.qty <> 0 AND (q.location_id NOT IN {_INTERNAL}
       OR (NOT EXISTS {_IN.replace('{k}', 'q')}
           AND NOT EXISTS {_OUT_ANY.replace('{k}', 'q')}))
"""
_RECOMPUTE_WALK = "UNION ALL".join((_WALK_IN, _WALK_OUT_ONLY, _WALK_UNEXPLAINED))


def _walk_jobs() -> list[tuple[str, tuple]]:
    """The SQLite check in parts that can run side by side: the first two walks once per kind
    of internal location (each balance belongs to exactly one), longest first."""
    kinds = tuple(sorted(INTERNAL_KINDS))
    jobs = []
    for part in (_WALK_IN, _WALK_OUT_ONLY):
        for kind in ("dock", "packing", "bin"):
            jobs.append((part.replace("{kinds}", "(?)"), (kind,)))
    marks = "(" + ",".join("?" * len(kinds)) + ")"
    jobs.append((_WALK_UNEXPLAINED.replace("{kinds}", marks), kinds))
    return jobs


def recompute() -> list[Mismatch]:
    """Rebuild every balance from the moves and list where the quants disagree.

    On a SQLite file outside any transaction the parts of the check run side by side on
    their own connections, all in one snapshot (app.db.parallel_reads)."""
    kinds = tuple(sorted(INTERNAL_KINDS))
    marks = "(" + ",".join("?" * len(kinds)) + ")"
    if getattr(database.obj, "for_update", False):  # PostgreSQL
        rows = database.execute_sql(_RECOMPUTE_AGGREGATE.replace("{kinds}", marks), kinds * 2)
    elif parallel_reads.available():
        rows = [row for part in parallel_reads.snapshot_reads(_walk_jobs()) for row in part]
    else:
        rows = database.execute_sql(_RECOMPUTE_WALK.replace("{kinds}", marks), kinds * 3)
    mismatches = [Mismatch(item_id, lot_id or None, location_id, int(booked), int(held))
                  for item_id, lot_id, location_id, booked, held in rows]
    mismatches.sort(key=lambda m: (m.item_id, m.lot_id or 0, m.location_id))
    return mismatches
