"""Counting a bin: start (snapshot what the system expects), record what is found, close and
judge the variances.

The count is compared with the quantity at the moment the bin was scanned plus what moved in or
out since (a pick from the same bin during the count is no variance). A variance within the
tolerance of the item's class is adjusted at once; outside it the bin is counted again; a recount
that confirms the variance goes to a supervisor, who approves or rejects it. Adjustments are
moves to or from inventory loss with the count as their document. An adjustment that leaves less
stock than is reserved releases those reservations and allocates the orders again.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.core import allocation, ledger, tx, users
from app.core.count_policy import CountPolicy
from app.core.errors import BinwiseError
from app.core.locations import LOSS, system_location
from app.db import execute_many
from app.db.models import (
    Count,
    CountLine,
    CountRequest,
    Lot,
    Reservation,
    SalesOrder,
    SalesOrderLine,
    database,
    utcnow,
)
from app.db.rows import by_id, by_id_or_none

Key = tuple[int, int | None]  # (item id, lot id)


def _current(count: Count) -> Count:
    current = tx.reread(Count, count.id)
    if current is None:
        raise BinwiseError("That count is gone.")
    return current


def start(count: Count, user_id: int) -> None:
    """The bin was scanned: note what the system expects there now.

    A compare-and-set from planned to counting: when another station started the same count
    (or another count of the bin) first, this one is refused and nothing is copied twice."""
    with database.atomic():
        current = _current(count)
        if current.status != "planned":
            raise BinwiseError(f"The count of {count.location.code} is {current.status}.")
        last = database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM move").fetchone()[0]
        busy = f"{count.location.code} is already being counted at another station."
        with tx.unique_or(busy):
            tx.compare_and_set(Count, count.id, "status", "planned", "counting", busy,
                               user=user_id, started_at=utcnow(), snapshot_move_id=last)
        # What the system expects, copied in one statement.
        database.execute_sql(
            "INSERT INTO count_line (count_id, item_id, lot_id, expected, moved, counted, "
            "unexpected, status, adjusted) SELECT ?, item_id, lot_id, qty, 0, 0, ?, 'open', 0 "
            "FROM quant WHERE location_id = ?", (count.id, False, count.location_id))
    count.status, count.snapshot_move_id = "counting", last
    count.user_id = user_id


def open_count_of(location_id: int, day: date) -> Count | None:
    """The count a scan of this bin carries on with: one being counted, else the earliest
    planned for `day` or before; None when there is neither. (Fixed statements: this runs at
    every bin scanned.)"""
    row = database.execute_sql(
        'SELECT id FROM "count" WHERE location_id = ? AND status = ? ', (location_id, "counting")
    ).fetchone() or database.execute_sql(
        'SELECT id FROM "count" WHERE location_id = ? AND status = ? AND planned_for <= ? '
        'ORDER BY planned_for LIMIT 1', (location_id, "planned", day)).fetchone()
    return None if row is None else by_id_or_none(Count, row[0])


def shown_lines(count_id: int) -> list[tuple[str, str, str | None, int]]:
    """(sku, item name, lot, counted) of what has been counted in a bin so far, and of what
    was found there unexpected, in the order the lines were made: one query, for the screen
    after every scan."""
    return database.execute_sql(
        "SELECT i.sku, i.name, l.code, c.counted FROM count_line c "
        "JOIN item i ON i.id = c.item_id LEFT JOIN lot l ON l.id = c.lot_id "
        "WHERE c.count_id = ? AND (c.counted <> 0 OR c.unexpected) ORDER BY c.id",
        (count_id,)).fetchall()


def open_counts() -> list[Count]:
    """Counts started and never closed (a replay that ended early, a crash), oldest first."""
    return list(Count.select().where(Count.status == "counting").order_by(Count.started_at,
                                                                           Count.id))


def cancel(count: Count) -> None:
    """Drop a count that was started and never closed: what was counted is forgotten, no
    stock changes, and the bin can be counted again."""
    with database.atomic():
        current = _current(count)
        if current.status != "counting":
            raise BinwiseError(f"The count of {count.location.code} is {current.status}: only "
                               f"a count in progress can be cancelled.")
        tx.compare_and_set(Count, count.id, "status", "counting", "cancelled",
                           f"The count of {count.location.code} was closed at another "
                           f"station.", closed_at=utcnow())
        CountLine.delete().where(CountLine.count == count.id).execute()
    count.status = "cancelled"


def record(count: Count, item_id: int, lot_id: int | None, qty: int) -> CountLine:
    """Add `qty` found of an item (and lot); a negative qty corrects a miscount."""
    # Raw SQL on purpose: this runs at every item scan of a count, and building the queries
    # through the models cost more CPU than running them.
    with database.atomic():
        lock = " FOR UPDATE" if getattr(database.obj, "for_update", False) else ""
        status = database.execute_sql('SELECT status FROM "count" WHERE id = ?' + lock,
                                      (count.id,)).fetchone()
        if status is None:
            raise BinwiseError("That count is gone.")
        if status[0] != "counting":
            raise BinwiseError(f"The count of {count.location.code} was closed or cancelled "
                               f"at another station.")
        found = database.execute_sql(
            "SELECT id, counted FROM count_line WHERE count_id = ? AND item_id = ? "
            "AND COALESCE(lot_id, 0) = ?", (count.id, item_id, lot_id or 0)).fetchone()
        if found is None:
            if qty < 0:
                raise BinwiseError("Nothing of that was counted yet.")
            return CountLine.create(count=count, item=item_id, lot=lot_id, counted=qty,
                                    unexpected=True)
        line_id, counted = found
        if counted + qty < 0:
            raise BinwiseError(f"Only {counted} counted so far.")
        database.execute_sql("UPDATE count_line SET counted = counted + ? WHERE id = ?",
                             (qty, line_id))
        return by_id(CountLine, line_id)


def found_lot(item_id: int, code: str) -> Lot:
    """The item's lot of that code; a lot nobody received is recorded (the count will show it
    as found). Two stations finding the same new lot at once record it once."""
    def existing() -> Lot | None:
        row = database.execute_sql("SELECT id FROM lot WHERE item_id = ? AND code = ?",
                                   (item_id, code)).fetchone()
        return None if row is None else by_id(Lot, row[0])

    # Lots are never deleted: one that exists now still will when the count line is written,
    # so the usual case needs no write transaction.
    lot = existing()
    if lot is not None:
        return lot
    with database.atomic():
        lot = existing()
        if lot is not None:
            return lot
        try:
            with tx.unique_or("recorded already"):
                return Lot.create(item=item_id, code=code)
        except tx.ConflictError:
            return existing()


def _moved_since(count: Count) -> dict[Key, int]:
    moved: dict[Key, int] = defaultdict(int)
    for item_id, lot_id, src, qty in database.execute_sql(
            "SELECT item_id, lot_id, src_id, qty FROM move WHERE id > ? "
            "AND (src_id = ? OR dst_id = ?)",
            (count.snapshot_move_id, count.location_id, count.location_id)):
        moved[(item_id, lot_id)] += -qty if src == count.location_id else qty
    return moved


@dataclass(frozen=True)
class CloseResult:
    status: str  # "done", "recount", "review"
    adjusted: list[CountLine]
    outside: list[CountLine]
    reallocated_orders: list[str]


def _classes(item_ids: set[int]) -> dict[int, str]:
    """Each item's ABC class; C for items never classified."""
    marks = ",".join("?" * len(item_ids))
    rows = database.execute_sql(
        f'SELECT item_id, "class" FROM item_class WHERE item_id IN ({marks})', tuple(item_ids))
    classes = dict(rows.fetchall())
    return {item_id: classes.get(item_id, "C") for item_id in item_ids}


def close(count: Count, user_id: int, policy: CountPolicy, today: date) -> CloseResult:
    """Judge every line of a counted bin; adjust, ask for a recount, or send to review."""
    with database.atomic():
        current = _current(count)
        if current.status != "counting":
            raise BinwiseError(f"The count of {count.location.code} is not being counted "
                               f"(it is {current.status}).")
        # Judged on the count as it is now (its snapshot may come from another station).
        count = current
        moved = _moved_since(count)
        lines = list(count.lines)
        for key in moved:
            if not any((ln.item_id, ln.lot_id) == key for ln in lines):
                lines.append(CountLine.create(count=count, item=key[0], lot=key[1]))
        adjusted, outside, orders = [], [], []
        first = {(ln.item_id, ln.lot_id): ln for ln in count.parent.lines} if count.parent else {}
        classes = _classes({ln.item_id for ln in lines}) if lines else {}
        for line in lines:
            line.moved = moved.get((line.item_id, line.lot_id), 0)
            variance = line.variance
            tolerance = policy.tolerance[classes[line.item_id]]
            earlier = first.get((line.item_id, line.lot_id))
            if variance == 0:
                line.status = "ok"
            elif tolerance.allows(variance, line.expected + line.moved):
                orders += _adjust(line, count, user_id, today)
                line.status = "adjusted"
                adjusted.append(line)
            elif count.kind == "recount" and earlier is not None \
                    and earlier.variance == variance:
                line.status = "review"
                outside.append(line)
            else:
                line.status = "recount" if count.kind != "recount" else "review"
                outside.append(line)
        # Only what judging changed, in one statement.
        execute_many(
            "UPDATE count_line SET moved = ?, status = ?, adjusted = ? WHERE id = ?",
            [(ln.moved, ln.status, ln.adjusted, ln.id) for ln in lines])
        _supersede_reviews(count, [ln for ln in lines if ln.status != "open"])
        status = "done"
        if any(ln.status == "recount" for ln in outside):
            status = "recount"
            Count.create(location=count.location_id, kind="recount", planned_for=today,
                         klass=count.klass, parent=count, reason="variance outside tolerance")
        elif outside:
            status = "review"
        Count.update(status=status, closed_at=utcnow()).where(Count.id == count.id).execute()
        count.status = status
        if count.parent_id is not None:
            # The recount settles the first count.
            Count.update(status="done").where(Count.id == count.parent_id).execute()
        if status == "done":
            _finish_requests(count)
    return CloseResult(status, adjusted, outside, sorted(set(orders)))


def _supersede_reviews(count: Count, lines: list[CountLine]) -> None:
    """A newer count of the same bin, item and lot answers an older variance still waiting for
    review: that one is closed without adjusting, so one difference is never booked twice."""
    # Almost always nothing of this bin waits for review: one read says so, instead of an
    # update per line that changes nothing.
    waiting = database.execute_sql(
        "SELECT 1 FROM count c WHERE c.location_id = ? AND c.id <> ? AND (c.status = 'review' "
        "OR EXISTS (SELECT 1 FROM count_line cl WHERE cl.count_id = c.id "
        "AND cl.status = 'review')) LIMIT 1", (count.location_id, count.id)).fetchone()
    if waiting is None:
        return
    now = utcnow()
    for line in lines:
        database.execute_sql(
            "UPDATE count_line SET status = 'rejected', decided_at = ? WHERE status = 'review' "
            "AND id <> ? AND item_id = ? AND COALESCE(lot_id, 0) = ? AND count_id IN "
            "(SELECT id FROM count WHERE location_id = ? AND id <> ?)",
            (now, line.id, line.item_id, line.lot_id or 0, count.location_id, count.id))
    # Counts left with nothing to review are done.
    database.execute_sql(
        "UPDATE count SET status = 'done' WHERE status = 'review' AND location_id = ? AND NOT "
        "EXISTS (SELECT 1 FROM count_line cl WHERE cl.count_id = count.id "
        "AND cl.status = 'review')", (count.location_id,))


def _finish_requests(count: Count) -> None:
    """A closed count answers the short-pick requests of its bin: allocation may use it again."""
    CountRequest.update(done_at=utcnow()).where(
        (CountRequest.location == count.location_id) & CountRequest.done_at.is_null()).execute()


def _adjust(line: CountLine, count: Count, user_id: int, today: date,
            approver_id: int | None = None) -> list[str]:
    """Post the line's variance to or from inventory loss; returns orders allocated again."""
    variance = line.variance
    loss = system_location(LOSS).id
    affected: list[str] = []
    if variance < 0:
        affected = _release_for(line, count, -variance)
        src, dst, qty = count.location_id, loss, -variance
    else:
        src, dst, qty = loss, count.location_id, variance
    ledger.post([ledger.MoveRequest(line.item_id, line.lot_id, src, dst, qty, "adjust",
                                    doc_type="count", doc_id=count.id, line_id=line.id,
                                    note=f"count of {count.location.code}")], user_id,
                approver_id=approver_id)
    line.adjusted = variance
    for number in affected:
        order = SalesOrder.get(SalesOrder.number == number)
        allocation.allocate_order(order.id, today)
    return affected


def _release_for(line: CountLine, count: Count, missing: int) -> list[str]:
    """Release reservations on the quant so that `missing` units can leave it."""
    row = database.execute_sql(
        "SELECT qty, reserved FROM quant WHERE item_id = ? AND location_id = ? "
        "AND COALESCE(lot_id, 0) = ?",
        (line.item_id, count.location_id, line.lot_id or 0)).fetchone()
    if row is None:
        return []
    qty, reserved = row
    excess = reserved - (qty - missing)
    affected = []
    if excess <= 0:
        return affected
    reservations = (Reservation.select().join(SalesOrderLine).join(SalesOrder)
                    .where((Reservation.item == line.item_id)
                           & (Reservation.location == count.location_id)
                           & (Reservation.lot.is_null() if line.lot_id is None
                              else Reservation.lot == line.lot_id))
                    .order_by(SalesOrder.ship_by.desc(nulls="first"), Reservation.id.desc()))
    # The whole list first: releasing writes while a lazy query would still be reading.
    for reservation in list(reservations):
        take = min(excess, reservation.qty)
        affected.append(reservation.line.order.number)
        allocation.release(reservation, take)
        excess -= take
        if excess == 0:
            break
    return affected


def decide(line: CountLine, approve: bool, user_id: int, today: date,
           approver_id: int | None = None) -> list[str]:
    """A supervisor approves (the adjustment is posted) or rejects a variance under review;
    `approver_id` is the supervisor who approved on the spot for `user_id`."""
    approver = users.approve(user_id, approver_id, "supervisor", "Deciding a count variance")
    with database.atomic():
        current = tx.reread(CountLine, line.id)
        if current is None or current.status != "review":
            raise BinwiseError("That line is not waiting for review (any more).")
        line = current
        count = line.count
        # The decision is taken first, as a compare-and-set: a second approval of the same
        # variance is refused before anything is posted.
        decided = "approved" if approve else "rejected"
        tx.compare_and_set(CountLine, line.id, "status", "review", decided,
                           "That variance was already decided at another station.",
                           decided_by=approver, decided_at=utcnow())
        orders = _adjust(line, count, user_id, today, approver) if approve else []
        line.status = decided
        CountLine.update(adjusted=line.adjusted).where(CountLine.id == line.id).execute()
        if not CountLine.select().where((CountLine.count == count.id)
                                        & (CountLine.status == "review")).exists():
            Count.update(status="done").where(Count.id == count.id).execute()
            _finish_requests(count)
    return orders


def review_queue() -> list[CountLine]:
    return list(CountLine.select().join(Count).where(CountLine.status == "review")
                .order_by(Count.closed_at, CountLine.id))


@dataclass(frozen=True)
class HistoryLine:
    when: str
    bin: str
    kind: str
    counted_by: str
    sku: str
    lot: str | None
    expected: int
    counted: int
    adjusted: int
    status: str


def history(location_id: int | None = None, item_id: int | None = None,
            limit: int = 200) -> list[HistoryLine]:
    """Every count line, newest first: who counted, expected, counted, adjusted, when."""
    where, params = ["c.started_at IS NOT NULL"], []
    if location_id is not None:
        where.append("c.location_id = ?")
        params.append(location_id)
    if item_id is not None:
        where.append("cl.item_id = ?")
        params.append(item_id)
    rows = database.execute_sql(f"""
        SELECT COALESCE(c.closed_at, c.started_at), loc.code, c.kind, COALESCE(u.name, ''), i.sku,
               l.code, cl.expected + cl.moved, cl.counted, cl.adjusted, cl.status
          FROM count_line cl JOIN count c ON c.id = cl.count_id
          JOIN location loc ON loc.id = c.location_id JOIN item i ON i.id = cl.item_id
          LEFT JOIN lot l ON l.id = cl.lot_id LEFT JOIN "user" u ON u.id = c.user_id
         WHERE {" AND ".join(where)}
         ORDER BY COALESCE(c.closed_at, c.started_at) DESC, cl.id LIMIT ?""",
                                (*params, limit))
    return [HistoryLine(str(when)[:16], *rest) for when, *rest in rows]
