"""Packing: every picked unit scanned into a box, boxes closed and weighed, partial shipments.

Picked units already wait in the packing area; packing books no stock move, it records which
unit went into which box. Shipping moves what a shipment holds packing -> customer through the
ledger. Each action is one transaction that locks the order row first (BEGIN IMMEDIATE on
SQLite, SELECT ... FOR UPDATE on PostgreSQL), so two stations packing the same order take
turns and every unit is packed once.
"""

from dataclasses import dataclass, field, replace

from app.core import allocation, dropship, kit_lines, kits, ledger, order_changes, tx
from app.core.errors import BinwiseError
from app.core.locations import CUSTOMER, PACKING, system_location
from app.db.models import PackBox, PackUnit, SalesOrder, Shipment, database, utcnow

PACKABLE = ("picking", "picked")


@dataclass(frozen=True)
class PackLine:
    line_id: int
    item_id: int
    sku: str
    name: str
    lot_id: int | None
    lot: str | None
    ordered: int  # of the line (repeated on each of its lots)
    picked: int  # of this line and lot
    packed: int  # of this line and lot, in every shipment
    shipped: int  # of this line and lot
    # The line's own item: a kit's lines are its components (or built kits), counted in kits.
    line_item_id: int = 0
    kit: str | None = None  # the kit's SKU on a kit line

    @property
    def to_pack(self) -> int:
        return max(0, self.picked - self.packed)


@dataclass(frozen=True)
class PackView:
    order_id: int
    number: str
    status: str
    note: str
    gift_message: str
    lines: tuple[PackLine, ...]
    shipment: int | None  # the number of the shipment in work
    box: int | None  # the number of the open box
    in_box: int  # units in the open box
    recipes: dict = field(default_factory=dict)  # of the order's kits: kit -> component -> qty
    changed: str = ""  # what the shop changed since the import (app/core/order_changes.py)

    @property
    def to_pack(self) -> int:
        return sum(line.to_pack for line in self.lines)

    @property
    def unpicked(self) -> int:
        """Units ordered and not picked yet: a backorder when shipped in part."""
        ordered = {line.line_id: line.ordered for line in self.lines}
        picked = kit_lines.done_per_line(self.lines, "picked", self.recipes)
        return sum(max(0, ordered[i] - picked[i]) for i in ordered)


@dataclass(frozen=True)
class Packed:
    unit_id: int
    sku: str
    lot: str | None
    qty: int
    box: int
    order_packed: bool  # this was the order's last unit
    reopened: bool = False  # undo took it out of a closed box, which is open again
    # The order as the packer sees it once this unit is in, read in the unit's own transaction
    # (so the page needs no second read after a scan); None where not built.
    view: "PackView | None" = None


# Per line and lot: net picked, packed (any shipment) and shipped units. A line not picked yet
# still shows, so the packer sees everything the order wants. Moves and packed units are found
# through their order lines (indexed), not by scanning the ledger for the order.
_LINES = """
SELECT ol.id, i.id, i.sku, i.name, k.lot_id, l.code, ol.qty_ordered,
       COALESCE(k.picked, 0), COALESCE(k.packed, 0), COALESCE(k.shipped, 0), ol.item_id,
       CASE WHEN EXISTS (SELECT 1 FROM kit_component kc WHERE kc.kit_id = ol.item_id)
            THEN oi.sku END
  FROM sales_order_line ol JOIN item oi ON oi.id = ol.item_id
  LEFT JOIN (
       SELECT line_id, item_id, lot_id, SUM(picked) AS picked, SUM(packed) AS packed,
              SUM(shipped) AS shipped FROM (
         SELECT m.line_id, m.item_id, m.lot_id,
                SUM(CASE WHEN m.kind = 'pick' AND m.reverses_id IS NULL THEN m.qty
                         WHEN m.kind = 'pick' THEN -m.qty ELSE 0 END) AS picked,
                0 AS packed,
                SUM(CASE WHEN m.kind = 'ship' AND m.reverses_id IS NULL THEN m.qty
                         WHEN m.kind = 'ship' THEN -m.qty ELSE 0 END) AS shipped
           FROM move m WHERE m.doc_type = 'order'
            AND m.line_id IN (SELECT id FROM sales_order_line WHERE order_id = ?)
          GROUP BY m.line_id, m.item_id, m.lot_id
         UNION ALL
         SELECT u.line_id, u.item_id, u.lot_id, 0, SUM(u.qty), 0
           FROM pack_unit u
          WHERE u.line_id IN (SELECT id FROM sales_order_line WHERE order_id = ?)
          GROUP BY u.line_id, u.item_id, u.lot_id) parts
        GROUP BY line_id, item_id, lot_id) k ON k.line_id = ol.id
  JOIN item i ON i.id = COALESCE(k.item_id, ol.item_id)
  LEFT JOIN lot l ON l.id = k.lot_id
 WHERE ol.order_id = ?
 ORDER BY i.sku, ol.id, l.code
"""


def _lines(order_id: int) -> list[PackLine]:
    return [PackLine(*row) for row in database.execute_sql(_LINES, (order_id,) * 3)]


@dataclass(frozen=True)
class _Order:
    id: int
    number: str
    status: str
    note: str
    gift_message: str
    changed: str


def _order(order_id: int, lock: bool = True) -> _Order:
    """The order as it is now; inside a write transaction locked until it ends (the raw query
    keeps a scan's commit within budget; peewee's query building costs more than the read)."""
    sql = "SELECT id, number, status, note, gift_message, changed FROM sales_order WHERE id = ?"
    if lock and getattr(database.obj, "for_update", False):
        sql += " FOR UPDATE"
    row = database.execute_sql(sql, (order_id,)).fetchone()
    if row is None:
        raise BinwiseError("That order is gone.")
    return _Order(*row)


@dataclass(frozen=True)
class _Work:
    """The order's shipment in work and its open box (None when the last one was closed)."""

    shipment_id: int
    shipment: int
    box_id: int | None
    box: int | None


_WORK = """
SELECT s.id, s.number, b.id, b.number FROM shipment s
  LEFT JOIN pack_box b ON b.shipment_id = s.id AND NOT b.closed
 WHERE s.order_id = ? AND s.status = 'open'
 ORDER BY b.number IS NULL, b.number DESC LIMIT 1
"""


def _work(order_id: int) -> _Work | None:
    row = database.execute_sql(_WORK, (order_id,)).fetchone()
    return _Work(*row) if row else None


def view(order_id: int) -> PackView:
    """What the packer sees: the order's lines with picked and packed units, note, gift
    message, and the shipment and box in work."""
    with tx.snapshot():
        order = _order(order_id, lock=False)
        work = _work(order_id)
        in_box = 0
        if work is not None and work.box_id is not None:
            in_box = database.execute_sql("SELECT COALESCE(SUM(qty), 0) FROM pack_unit "
                                          "WHERE box_id = ?", (work.box_id,)).fetchone()[0]
        lines = _lines(order_id)
        return PackView(order.id, order.number, order.status, order.note, order.gift_message,
                        tuple(lines), work.shipment if work else None,
                        work.box if work else None, in_box, _recipes(lines), order.changed)


# Fixed statements for what a unit scan writes while it holds the write lock: building them
# with peewee on every scan cost more CPU than running them.
_NEW_SHIPMENT = ("INSERT INTO shipment (order_id, number, status, created_at) VALUES (?, "
                 "(SELECT COUNT(*) FROM shipment WHERE order_id = ?) + 1, 'open', ?) "
                 "RETURNING id, number")
_NEW_BOX = ("INSERT INTO pack_box (shipment_id, number, closed, dimensions, tracking, carrier) "
            "VALUES (?, (SELECT COUNT(*) FROM pack_box WHERE shipment_id = ?) + 1, ?, '', '', "
            "'') RETURNING id, number")
# The order's last unit: a compare-and-set, refused when another station changed it first.
_PACKED = "UPDATE sales_order SET status = 'packed' WHERE id = ? AND status = 'picked'"
_NEW_UNIT = ("INSERT INTO pack_unit (box_id, line_id, item_id, lot_id, qty, user_id, "
             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")


def _box_for_unit(order_id: int) -> tuple[int, int, int]:
    """The open box (id, number) of the shipment in work, and that shipment's number; both
    open on the first unit."""
    work = _work(order_id)
    if work is None:
        with tx.unique_or("Another station started packing this order: scan it again."):
            shipment_id, number = database.execute_sql(
                _NEW_SHIPMENT, (order_id, order_id, utcnow().isoformat(" "))).fetchone()
        work = _Work(shipment_id, number, None, None)
    if work.box_id is None:
        box_id, number = database.execute_sql(
            _NEW_BOX, (work.shipment_id, work.shipment_id, False)).fetchone()
        return box_id, number, work.shipment
    return work.box_id, work.box, work.shipment


def pack_unit(order_id: int, item_id: int, lot_code: str | None, qty: int,
              user_id: int) -> Packed:
    """Put `qty` picked units of an item (of the lot scanned, when it carried one) into the open
    box. Refused, changing nothing, for an item not on the order, one too many, or a lot the
    pick did not book. The order's last unit marks it packed."""
    with database.atomic():
        order = _order(order_id)
        if order.status not in PACKABLE:
            if order.changed:
                raise BinwiseError(order_changes.pack_refusal(order.number, order.status,
                                                              order.changed))
            raise BinwiseError(f"Order {order.number} is {order.status}: there is nothing to "
                               f"pack.")
        all_lines = _lines(order_id)
        lines = [line for line in all_lines if line.item_id == item_id]
        if not lines:
            kit = next((x.kit for x in all_lines if x.line_item_id == item_id and x.kit), None)
            if kit is not None:
                raise BinwiseError(f"No built kit {kit} was picked for order {order.number}: "
                                   f"scan its components into the box.")
            item = database.execute_sql("SELECT sku, name FROM item WHERE id = ?",
                                        (item_id,)).fetchone()
            named = f"{item[0]} ({item[1]})" if item else "That item"
            raise BinwiseError(f"{named} is not on order {order.number}: keep it out of "
                               f"the box.")
        sku = lines[0].sku
        if lot_code is not None:
            booked = [line for line in lines if line.lot is not None]
            if booked and not any(line.lot == lot_code for line in booked):
                lots = ", ".join(sorted({line.lot for line in booked}))
                raise BinwiseError(f"Lot {lot_code} of {sku} was not picked for order "
                                   f"{order.number} (picked: lot {lots}): keep it out of the "
                                   f"box.")
            if booked:
                lines = [line for line in lines if line.lot == lot_code]
        line = next((line for line in lines if line.to_pack >= qty), None)
        if line is None:
            left = sum(line.to_pack for line in lines)
            raise BinwiseError(f"One too many: only {left} × {sku} left to pack for order "
                               f"{order.number}, not {qty}. Keep it out of the box.")
        box_id, box_number, shipment = _box_for_unit(order_id)
        unit_id = database.execute_sql(_NEW_UNIT, (
            box_id, line.line_id, item_id, line.lot_id, qty, user_id,
            utcnow().isoformat(" "))).fetchone()[0]
        after, recipes = lines_after(all_lines, line, qty), _recipes(all_lines)
        done = _all_packed(after, recipes, order_id)
        if done and not database.execute_sql(_PACKED, (order_id,)).rowcount:
            raise tx.ConflictError(f"Order {order.number} was changed by another station.")
        in_box = database.execute_sql("SELECT COALESCE(SUM(qty), 0) FROM pack_unit "
                                      "WHERE box_id = ?", (box_id,)).fetchone()[0]
        seen = PackView(order.id, order.number, "packed" if done else order.status, order.note,
                        order.gift_message, tuple(after), shipment, box_number, in_box, recipes,
                        order.changed)
    return Packed(unit_id, sku, line.lot, qty, box_number, done, view=seen)


def lines_after(lines: list[PackLine], packed: PackLine, qty: int) -> list[PackLine]:
    """The lines as they are once `qty` more of `packed` went into a box."""
    return [replace(x, packed=x.packed + qty) if x is packed else x for x in lines]


def _recipes(lines: list[PackLine]) -> dict[int, dict[int, int]]:
    """The recipes of the order's kits (none read for an order without kits)."""
    ids = {line.line_item_id for line in lines if line.kit}
    return kits.recipes(ids) if ids else {}


def _all_packed(lines: list[PackLine], recipes: dict[int, dict[int, int]],
                order_id: int) -> bool:
    """Every unit the warehouse ships is packed, a kit line by whole kits (all its components
    in a box); the supplier ships the dropship lines."""
    if not lines:
        return False
    packed = kit_lines.done_per_line(lines, "packed", recipes)
    short = {line.line_id for line in lines if packed[line.line_id] < line.ordered}
    if not short:
        return True
    if any(line.to_pack for line in lines if line.line_id in short):
        return False  # units picked for it still wait: the usual case, decided without a query
    return short <= dropship.dropship_line_ids(order_id)


def _reopen(shipment_id: int, box_id: int) -> None:
    """Open a closed box again for undo; an empty box opened after it goes (its number is
    given again to the next new box)."""
    PackBox.delete().where((PackBox.shipment == shipment_id) & ~PackBox.closed
                           & PackBox.id.not_in(PackUnit.select(PackUnit.box))).execute()
    if not PackBox.update(closed=False).where((PackBox.id == box_id) & PackBox.closed).execute():
        raise tx.ConflictError("Another station changed this box: scan the order again.")


def unpack_last(order_id: int) -> Packed:
    """Take the last unit scanned for the shipment in work back out (one unit of a `CODE,QTY`
    scan), from a closed box too, which is then open again; a shipped shipment is never
    touched. An order its last unit marked packed is open for packing again."""
    with database.atomic():
        order = _order(order_id)
        if order.status not in (*PACKABLE, "packed"):
            raise BinwiseError(f"Order {order.number} is {order.status}: nothing to take out.")
        work = _work(order_id)
        if work is None:
            raise BinwiseError(f"Nothing of order {order.number} is in a box in work (a "
                               f"shipped box stays shipped): nothing to take out.")
        unit = (PackUnit.select(PackUnit, PackBox).join(PackBox)
                .where(PackBox.shipment == work.shipment_id)
                .order_by(PackUnit.id.desc()).first())
        if unit is None:
            raise BinwiseError("The box is empty: nothing to take out.")
        reopened = unit.box.closed
        if reopened:
            _reopen(work.shipment_id, unit.box.id)
        if unit.qty > 1:
            changed = (PackUnit.update(qty=PackUnit.qty - 1)
                       .where((PackUnit.id == unit.id) & (PackUnit.qty == unit.qty)).execute())
        else:
            changed = PackUnit.delete().where(PackUnit.id == unit.id).execute()
        if not changed:
            raise tx.ConflictError("Another station changed this box: scan the order again.")
        if order.status == "packed":
            tx.compare_and_set(SalesOrder, order_id, "status", "packed", "picked",
                               f"Order {order.number} was changed by another station.")
        line = next(x for x in _lines(order_id) if x.line_id == unit.line_id
                    and x.item_id == unit.item_id and x.lot_id == unit.lot_id)
    return Packed(unit.id, line.sku, line.lot, 1, unit.box.number, False, reopened)


def close_box(order_id: int) -> int:
    """Close the open box (it must hold something); the next unit opens the next box. Returns
    the closed box's number."""
    with database.atomic():
        order = _order(order_id)
        work = _work(order_id)
        if work is None or work.box_id is None or not PackUnit.select().where(
                PackUnit.box == work.box_id).exists():
            raise BinwiseError(f"No box with units is open for order {order.number}: scan a "
                               f"unit first.")
        changed = PackBox.update(closed=True).where(
            (PackBox.id == work.box_id) & ~PackBox.closed).execute()
        if not changed:
            raise tx.ConflictError("Another station closed this box already.")
    return work.box


MAX_WEIGHT_G = 1_000_000  # one tonne: no parcel weighs more; a typo does


def _last_box(order_id: int) -> PackBox:
    box = (PackBox.select().join(Shipment).where(Shipment.order == order_id)
           .order_by(Shipment.number.desc(), PackBox.number.desc()).first())
    if box is None:
        raise BinwiseError("No box yet: scan a unit first.")
    return box


def set_box_details(order_id: int, *, weight_g: int | None = None,
                    dimensions: str | None = None, tracking: str | None = None) -> int:
    """Record the weight (grams), dimensions or tracking number of the order's latest box;
    returns its number."""
    if weight_g is not None and not 0 < weight_g <= MAX_WEIGHT_G:
        raise BinwiseError("A box weighs more than 0 and at most 1000 kg.")
    with database.atomic():
        _order(order_id)
        box = _last_box(order_id)
        fields = {k: v for k, v in (("weight_g", weight_g), ("dimensions", dimensions),
                                    ("tracking", tracking)) if v is not None}
        if fields:
            PackBox.update(fields).where(PackBox.id == box.id).execute()
    return box.number


@dataclass(frozen=True)
class Shipped:
    shipment: int
    units: int
    backorder: int  # units ordered and not shipped yet
    order_shipped: bool


def ship_shipment(order_id: int, user_id: int) -> Shipped:
    """Ship what the shipment in work holds (all boxes): its units move packing -> customer.
    Units not packed stay on the order as a backorder, picked and packed later as their own
    shipment."""
    packing, customer = system_location(PACKING).id, system_location(CUSTOMER).id
    with database.atomic():
        order = _order(order_id)
        if order.status not in (*PACKABLE, "packed"):
            raise BinwiseError(f"Order {order.number} is {order.status}: nothing to ship.")
        shipment = _work(order_id)
        rows = [] if shipment is None else database.execute_sql("""
            SELECT u.line_id, u.item_id, u.lot_id, SUM(u.qty) FROM pack_unit u
              JOIN pack_box b ON b.id = u.box_id WHERE b.shipment_id = ?
             GROUP BY u.line_id, u.item_id, u.lot_id
             ORDER BY u.line_id, u.item_id, u.lot_id""", (shipment.shipment_id,)).fetchall()
        if not rows:
            raise BinwiseError(f"Nothing is packed for order {order.number}: scan units into "
                               f"the box first.")
        tx.compare_and_set(Shipment, shipment.shipment_id, "status", "open", "shipped",
                           f"Shipment {shipment.shipment} of order {order.number} was shipped "
                           f"by another station.", shipped_at=utcnow())
        PackBox.update(closed=True).where(PackBox.shipment == shipment.shipment_id).execute()
        ledger.post([ledger.MoveRequest(item_id, lot_id, packing, customer, qty, "ship",
                                        doc_type="order", doc_id=order_id, line_id=line_id,
                                        note=f"shipment {shipment.shipment}")
                     for line_id, item_id, lot_id, qty in rows], user_id)
        lines = _lines(order_id)
        shipped = kit_lines.done_per_line(lines, "shipped", _recipes(lines))
        backorder = sum(max(0, line.ordered - shipped[line.line_id])
                        for line in {x.line_id: x for x in lines}.values())
        if backorder == 0:
            tx.compare_and_set(SalesOrder, order_id, "status", order.status, "shipped",
                               f"Order {order.number} was changed by another station.")
        else:
            allocation.refresh_status(order_id)
    return Shipped(shipment.shipment, sum(r[3] for r in rows), backorder, backorder == 0)
