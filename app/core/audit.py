"""The audit trail: every move with when, who did it, who approved it, its kind, its document
and its note, newest first. The window's Audit page and `binwise audit` ask the same query.

It stays quick on millions of moves: each filter has an index that hands rows over newest
first (time: move_time, a person: move_user_time) or a small set to sort (an item, a bin), and
a page is the newest `limit` rows; the next page starts below the last row shown (`before`).
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.core import csv_output
from app.core.errors import BinwiseError
from app.db.models import Item, Location, User, database

PAGE_SIZE = 500
COLUMNS = ("time", "user", "approver", "kind", "sku", "lot", "qty", "from", "to", "document",
           "note")


@dataclass(frozen=True)
class AuditFilter:
    user: str | None = None
    sku: str | None = None
    bin: str | None = None
    since: date | None = None


@dataclass(frozen=True)
class AuditRow:
    move_id: int
    time: datetime
    user: str
    approver: str
    kind: str
    sku: str
    lot: str
    qty: int
    src: str
    dst: str
    document: str
    note: str

    def values(self) -> tuple:
        return (self.time.isoformat(" ", "seconds"), self.user, self.approver, self.kind,
                self.sku, self.lot, self.qty, self.src, self.dst, self.document, self.note)


_SQL = """
SELECT m.id, m.created_at, u.name, COALESCE(a.name, ''), m.kind, i.sku, COALESCE(l.code, ''),
       m.qty, s.code, d.code, m.doc_type,
       COALESCE(CASE m.doc_type
         WHEN 'order' THEN (SELECT so.number FROM sales_order so WHERE so.id = m.doc_id)
         WHEN 'receipt' THEN (SELECT po.number FROM receipt r
                                JOIN purchase_order po ON po.id = r.po_id
                               WHERE r.id = m.doc_id)
         WHEN 'supplier_return' THEN (SELECT sr.number FROM supplier_return sr
                                       WHERE sr.id = m.doc_id)
       END, CAST(m.doc_id AS VARCHAR(20))), m.note
  FROM move m
  JOIN "user" u ON u.id = m.user_id
  LEFT JOIN "user" a ON a.id = m.approver_id
  JOIN item i ON i.id = m.item_id
  LEFT JOIN lot l ON l.id = m.lot_id
  JOIN location s ON s.id = m.src_id
  JOIN location d ON d.id = m.dst_id
 WHERE {where}
 ORDER BY m.created_at DESC, m.id DESC
 LIMIT ?
"""


def _as_datetime(value) -> datetime:
    # SQLite gives text, PostgreSQL a datetime.
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _id_of(model, field, value: str, what: str) -> int:
    found = model.get_or_none(field == value.strip())
    if found is None:
        raise BinwiseError(f"No {what} '{value.strip()}'.")
    return found.id


def moves(where: AuditFilter = AuditFilter(), limit: int = PAGE_SIZE,
          before: AuditRow | None = None) -> list[AuditRow]:
    """The newest `limit` moves matching `where`, older than `before` when given."""
    clauses, params = ["1 = 1"], []
    if where.user:
        clauses.append("m.user_id = ?")
        params.append(_id_of(User, User.name, where.user, "user"))
    if where.sku:
        clauses.append("m.item_id = ?")
        params.append(_id_of(Item, Item.sku, where.sku, "item with SKU"))
    if where.bin:
        bin_id = _id_of(Location, Location.code, where.bin, "bin")
        clauses.append("(m.src_id = ? OR m.dst_id = ?)")
        params += [bin_id, bin_id]
    if where.since:
        clauses.append("m.created_at >= ?")
        params.append(where.since.isoformat())
    if before is not None:
        stamp = before.time.isoformat(" ")
        # A row value, not an OR: both databases then walk the time index from that point.
        clauses.append("(m.created_at, m.id) < (?, ?)")
        params += [stamp, before.move_id]
    rows = database.execute_sql(_SQL.format(where=" AND ".join(clauses)), (*params, limit))
    return [AuditRow(move_id, _as_datetime(at), user, approver, kind, sku, lot, qty, src, dst,
                     f"{doc_type} {document}" if doc_type else "", note or "")
            for (move_id, at, user, approver, kind, sku, lot, qty, src, dst, doc_type, document,
                 note) in rows.fetchall()]


def write_csv(path: str | Path, where: AuditFilter = AuditFilter(), batch: int = 5000) -> int:
    """Every matching move, newest first, to a CSV file; returns how many."""

    def every_move():
        last = None
        while True:
            rows = moves(where, batch, last)
            yield from (row.values() for row in rows)
            if len(rows) < batch:
                return
            last = rows[-1]

    return csv_output.write_csv(path, COLUMNS, every_move())
