"""The peewee models: catalog, locations, lots, the stock ledger (moves) and balances (quants),
suppliers and purchase orders, receipts, users.

Quantities are integers in the item's base unit. Quants and moves are written only by
`app.core.ledger`.
"""

from datetime import UTC, datetime

from peewee import (
    SQL,
    BlobField,
    BooleanField,
    CharField,
    Check,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


# Tracking of an item: none, by lot, or by lot with an expiry date.
TRACKING = ("none", "lot", "expiry")
# Removal strategy when picking.
REMOVAL = ("fifo", "fefo", "lifo")


ROLES = ("operator", "supervisor", "admin")


class User(BaseModel):
    """A person at a station. Never deleted (moves refer to them): disabled instead."""

    name = CharField(unique=True)
    created_at = DateTimeField(default=utcnow)
    # Defaults in the schema too, as the migration that adds them has: rows written by raw
    # SQL (bulk tools) need them.
    role = CharField(default="operator", constraints=[
        SQL("DEFAULT 'operator'"), Check("role IN ('operator','supervisor','admin')")])
    pin_hash = CharField(default="", constraints=[SQL("DEFAULT ''")])  # empty: no PIN set
    badge = CharField(null=True, unique=True)
    active = BooleanField(default=True, constraints=[SQL("DEFAULT TRUE")])


class Item(BaseModel):
    # Codes people scan match without case (Caps Lock inverts scanned letters); lots do not.
    sku = CharField(unique=True, collation="NOCASE")
    name = CharField()
    tracking = CharField(default="none", constraints=[Check("tracking IN ('none','lot','expiry')")])
    uom = CharField(default="unit")
    unit_cost = DecimalField(max_digits=12, decimal_places=4, default=0, auto_round=True)
    removal = CharField(default="fifo", constraints=[Check("removal IN ('fifo','fefo','lifo')")])
    min_shelf_life_days = IntegerField(default=0, constraints=[Check("min_shelf_life_days >= 0")])
    active = BooleanField(default=True)

    @property
    def is_tracked(self) -> bool:
        return self.tracking != "none"


class ItemBarcode(BaseModel):
    """Any code printed on the item: a GTIN (stored as 14 digits), a UPC, a supplier's code."""

    item = ForeignKeyField(Item, backref="barcodes", on_delete="CASCADE")
    code = CharField(unique=True, collation="NOCASE")
    kind = CharField(default="gtin")


# Kinds of location. Internal ones hold stock (quants); virtual ones stand for the outside world.
INTERNAL_KINDS = ("bin", "dock", "packing")
VIRTUAL_KINDS = ("supplier", "customer", "loss")
LOCATION_KINDS = ("warehouse", "zone") + INTERNAL_KINDS + VIRTUAL_KINDS


class Location(BaseModel):
    code = CharField(unique=True, collation="NOCASE")
    name = CharField(default="")
    kind = CharField(constraints=[Check("kind IN ('warehouse','zone','bin','dock','packing',"
                                        "'supplier','customer','loss')")])
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    sequence = IntegerField(default=0)
    capacity = IntegerField(null=True, constraints=[Check("capacity IS NULL OR capacity > 0")])
    blocked = BooleanField(default=False)

    @property
    def holds_stock(self) -> bool:
        return self.kind in INTERNAL_KINDS


class Lot(BaseModel):
    item = ForeignKeyField(Item, backref="lots", on_delete="RESTRICT")
    code = CharField()
    expiry = DateField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("item", "code"), True), (("code",), False))


class Quant(BaseModel):
    """The balance of one item (and lot) in one internal location."""

    item = ForeignKeyField(Item, on_delete="RESTRICT")
    lot = ForeignKeyField(Lot, null=True, on_delete="RESTRICT")
    location = ForeignKeyField(Location, on_delete="RESTRICT")
    qty = IntegerField(default=0, constraints=[Check("qty >= 0")])
    reserved = IntegerField(default=0, constraints=[Check("reserved >= 0 AND reserved <= qty")])
    in_date = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("location", "item"), False),)


class Supplier(BaseModel):
    name = CharField(unique=True)


PO_STATUSES = ("open", "partial", "received", "cancelled")


class PurchaseOrder(BaseModel):
    number = CharField(unique=True, collation="NOCASE")
    supplier = ForeignKeyField(Supplier, backref="orders", on_delete="RESTRICT")
    status = CharField(default="open", constraints=[
        Check("status IN ('open','partial','received','cancelled')")])
    # How much more than ordered may be received, in percent of each line.
    over_receipt_pct = IntegerField(default=0, constraints=[Check("over_receipt_pct >= 0")])
    expected = DateField(null=True)
    created_at = DateTimeField(default=utcnow)
    # The supplier ships these lines to the customers: never received here.
    dropship = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])


class PurchaseOrderLine(BaseModel):
    po = ForeignKeyField(PurchaseOrder, backref="lines", on_delete="CASCADE")
    item = ForeignKeyField(Item, on_delete="RESTRICT")
    qty_ordered = IntegerField(constraints=[Check("qty_ordered > 0")])
    unit_cost = DecimalField(max_digits=12, decimal_places=4, null=True, auto_round=True)

    class Meta:
        indexes = ((("po", "item"), False),)


class Receipt(BaseModel):
    """One receiving session against a PO: the document its receipt moves belong to."""

    po = ForeignKeyField(PurchaseOrder, backref="receipts", on_delete="RESTRICT")
    user = ForeignKeyField(User, on_delete="RESTRICT")
    started_at = DateTimeField(default=utcnow)


MOVE_KINDS = ("receipt", "putaway", "transfer", "pick", "ship", "adjust", "return")


class Move(BaseModel):
    """One line of the stock ledger. Never updated or deleted; a correction is a reversing move."""

    item = ForeignKeyField(Item, on_delete="RESTRICT")
    # No index of its own (migration step 20): read with the item, from (item, lot, time).
    lot = ForeignKeyField(Lot, null=True, on_delete="RESTRICT", index=False)
    # Indexed with item, lot and qty below (migration step 10), for the ledger check.
    src = ForeignKeyField(Location, column_name="src_id", on_delete="RESTRICT", index=False)
    dst = ForeignKeyField(Location, column_name="dst_id", on_delete="RESTRICT", index=False)
    qty = IntegerField(constraints=[Check("qty > 0")])
    kind = CharField(constraints=[Check("kind IN ('receipt','putaway','transfer','pick','ship',"
                                        "'adjust','return')")])
    # The document: its type ("receipt", "order", "count"...), its id, and the line within it.
    doc_type = CharField(null=True)
    doc_id = IntegerField(null=True)
    line_id = IntegerField(null=True)
    # Unique among the corrections alone (migration step 19): a move is undone at most once.
    reverses = ForeignKeyField("self", null=True, on_delete="RESTRICT", index=False)
    user = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)
    note = TextField(default="")
    # Who approved it, when it needed a supervisor (a write-off, an over-receipt...).
    approver = ForeignKeyField(User, null=True, column_name="approver_id", backref="approved",
                               on_delete="RESTRICT")

    class Meta:
        constraints = [SQL("CHECK (src_id <> dst_id)")]
        indexes = (
            (("doc_type", "line_id"), False),
            (("item", "lot", "created_at"), False),
            (("src", "item", "lot", "qty"), False),
            (("dst", "item", "lot", "qty"), False),
        )


class PutawayRule(BaseModel):
    """Where an item should go: a preferred bin, or any bin of a preferred zone."""

    item = ForeignKeyField(Item, unique=True, backref="putaway_rule", on_delete="CASCADE")
    zone = ForeignKeyField(Location, null=True, on_delete="CASCADE")
    bin = ForeignKeyField(Location, null=True, on_delete="CASCADE")

    class Meta:
        constraints = [SQL("CHECK (zone_id IS NOT NULL OR bin_id IS NOT NULL)")]


ORDER_STATUSES = ("open", "allocated", "partial", "picking", "picked", "packed", "shipped",
                  "cancelled")


class SalesOrder(BaseModel):
    """A customer order from the shop. `partial` means partially allocated: a backorder."""

    number = CharField(unique=True, collation="NOCASE")
    channel = CharField(default="")
    ship_by = DateField(null=True)
    shipping_method = CharField(default="")
    status = CharField(default="open", constraints=[Check(
        "status IN ('open','allocated','partial','picking','picked','packed','shipped',"
        "'cancelled')")])
    created_at = DateTimeField(default=utcnow)
    note = TextField(default="")
    gift_message = TextField(default="")
    # Where the parcel goes, as the shop's export gave it (address lines joined by newlines).
    ship_to_name = TextField(default="")
    ship_to_address = TextField(default="")
    currency = CharField(default="")
    # What the shop changed after the import (cancelled, lines edited); empty when nothing.
    changed = TextField(default="")


class SalesOrderLine(BaseModel):
    order = ForeignKeyField(SalesOrder, backref="lines", on_delete="CASCADE")
    item = ForeignKeyField(Item, on_delete="RESTRICT")
    qty_ordered = IntegerField(constraints=[Check("qty_ordered > 0")])
    unit_price = DecimalField(max_digits=12, decimal_places=2, null=True)  # for the slip

    class Meta:
        indexes = ((("order", "item"), False),)


class Shipment(BaseModel):
    """What leaves for the customer in one go; an order shipped in parts has several."""

    order = ForeignKeyField(SalesOrder, backref="shipments", on_delete="CASCADE")
    number = IntegerField()
    status = CharField(default="open", constraints=[Check("status IN ('open','shipped')")])
    created_at = DateTimeField(default=utcnow)
    shipped_at = DateTimeField(null=True)


class PackBox(BaseModel):
    shipment = ForeignKeyField(Shipment, backref="boxes", on_delete="CASCADE")
    number = IntegerField()
    closed = BooleanField(default=False)
    weight_g = IntegerField(null=True)
    dimensions = CharField(default="")
    tracking = CharField(default="")
    carrier = CharField(default="")


class ShippingLabel(BaseModel):
    """A carrier's label file matched to an order (and a box when its name says which),
    printed at Pack when that box or the order is packed."""

    order = ForeignKeyField(SalesOrder, on_delete="CASCADE")
    box = IntegerField(null=True)  # the box's number in its shipment; None: the whole order
    file_name = CharField()
    format = CharField(constraints=[Check("format IN ('pdf','zpl')")])
    data = BlobField()
    sha256 = CharField(unique=True)
    tracking = CharField(default="")
    carrier = CharField(default="")
    imported_at = DateTimeField(default=utcnow)
    printed_at = DateTimeField(null=True)


class PackUnit(BaseModel):
    """Units scanned into a box (one row a scan)."""

    box = ForeignKeyField(PackBox, backref="units", on_delete="CASCADE")
    line = ForeignKeyField(SalesOrderLine, on_delete="CASCADE")
    item = ForeignKeyField(Item, on_delete="RESTRICT")
    lot = ForeignKeyField(Lot, null=True, on_delete="RESTRICT")
    qty = IntegerField()
    user = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)


class Reservation(BaseModel):
    """Stock promised to an order line: the quant's `reserved` is the sum of these."""

    line = ForeignKeyField(SalesOrderLine, backref="reservations", on_delete="RESTRICT")
    item = ForeignKeyField(Item, on_delete="RESTRICT")
    lot = ForeignKeyField(Lot, null=True, on_delete="RESTRICT")
    location = ForeignKeyField(Location, on_delete="RESTRICT")
    qty = IntegerField(constraints=[Check("qty > 0")])
    reason = TextField(default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("item", "location"), False),)


class PickList(BaseModel):
    number = CharField(unique=True, collation="NOCASE")
    status = CharField(default="open", constraints=[Check("status IN ('open','done')")])
    created_at = DateTimeField(default=utcnow)


class PickListOrder(BaseModel):
    pick_list = ForeignKeyField(PickList, backref="orders", on_delete="CASCADE")
    order = ForeignKeyField(SalesOrder, on_delete="CASCADE")

    class Meta:
        indexes = ((("pick_list", "order"), True),)


class CountRequest(BaseModel):
    """A bin queued for a count, e.g. after a short pick, with the discrepancy seen."""

    location = ForeignKeyField(Location, on_delete="CASCADE")
    item = ForeignKeyField(Item, null=True, on_delete="CASCADE")
    lot = ForeignKeyField(Lot, null=True, on_delete="CASCADE")
    kind = CharField(default="adhoc", constraints=[Check("kind IN ('short','adhoc','scheduled')")])
    reason = TextField(default="")
    expected = IntegerField(null=True)
    found = IntegerField(null=True)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    done_at = DateTimeField(null=True)


class WarehouseSetting(BaseModel):
    """A warehouse-wide policy value (JSON), shared by every station on the file."""

    key = CharField(primary_key=True)
    value = TextField()


class ItemClass(BaseModel):
    """An item's ABC class by annual usage value, as last computed."""

    item = ForeignKeyField(Item, unique=True, backref="abc", on_delete="CASCADE")
    klass = CharField(column_name="class", constraints=[Check("class IN ('A','B','C')")])
    annual_value = DecimalField(max_digits=16, decimal_places=2, default=0)
    computed_at = DateTimeField(default=utcnow)


class CountPlan(BaseModel):
    """When a bin is counted: every `interval` working days, on those whose index modulo the
    interval is `offset`, so every day's list is about the same size."""

    location = ForeignKeyField(Location, unique=True, on_delete="CASCADE")
    klass = CharField(column_name="class")
    interval = IntegerField(constraints=[Check("interval > 0")])
    offset = IntegerField(constraints=[Check("offset >= 0")])


COUNT_STATUSES = ("planned", "counting", "recount", "review", "done", "cancelled")


class Count(BaseModel):
    """Counting one bin: planned, then started when the bin is scanned, then closed."""

    location = ForeignKeyField(Location, on_delete="RESTRICT")
    kind = CharField(constraints=[Check("kind IN ('scheduled','adhoc','short','recount')")])
    status = CharField(default="planned", constraints=[Check(
        "status IN ('planned','counting','recount','review','done','cancelled')")])
    planned_for = DateField()
    klass = CharField(column_name="class", default="")
    reason = TextField(default="")
    parent = ForeignKeyField("self", null=True, on_delete="SET NULL")
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    # The last move when the bin was scanned: what moved since is accounted for at close.
    snapshot_move_id = IntegerField(null=True)
    started_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)


class CountLine(BaseModel):
    """One item (and lot) of a counted bin: what the system expected, what was found."""

    count = ForeignKeyField(Count, backref="lines", on_delete="CASCADE")
    item = ForeignKeyField(Item, on_delete="RESTRICT")
    lot = ForeignKeyField(Lot, null=True, on_delete="RESTRICT")
    expected = IntegerField(default=0)  # on hand when the bin was scanned
    moved = IntegerField(default=0)  # net moves into the bin since then
    counted = IntegerField(default=0)
    unexpected = BooleanField(default=False)  # found, but the system did not expect it there
    status = CharField(default="open", constraints=[Check(
        "status IN ('open','ok','adjusted','recount','review','approved','rejected')")])
    adjusted = IntegerField(default=0)
    decided_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    decided_at = DateTimeField(null=True)

    @property
    def variance(self) -> int:
        return self.counted - self.expected - self.moved


class ItemReplenishment(BaseModel):
    """How an item is reordered when set by hand: its supplier, a fixed reorder point or
    min/max (which win over the computed one), the supplier's minimum order and pack size."""

    item = ForeignKeyField(Item, primary_key=True, backref="replenishment", on_delete="CASCADE")
    supplier = ForeignKeyField(Supplier, null=True, on_delete="SET NULL")
    reorder_point = IntegerField(null=True)
    min_qty = IntegerField(null=True)
    max_qty = IntegerField(null=True)
    moq = IntegerField(default=1)
    pack_multiple = IntegerField(default=1)
    # The supplier ships it to the customer: never reserved, picked or stocked here.
    dropship = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])


class FirstAllocation(BaseModel):
    """What an order line got when its order was first allocated: the fill rate's record."""

    line = ForeignKeyField(SalesOrderLine, primary_key=True, on_delete="CASCADE")
    ordered = IntegerField()
    reserved = IntegerField()
    allocated_at = DateTimeField()


class DropshipLine(BaseModel):
    """An order line the supplier ships: its line on the dropship PO, and when the supplier
    confirmed it shipped (with the parcel's tracking number)."""

    order_line = ForeignKeyField(SalesOrderLine, primary_key=True, on_delete="CASCADE")
    po_line = ForeignKeyField(PurchaseOrderLine, on_delete="RESTRICT")
    confirmed_at = DateTimeField(null=True)
    tracking = CharField(default="")


class Rma(BaseModel):
    """A return the shop authorised (an imported returns CSV): its number and order."""

    number = CharField(unique=True, collation="NOCASE")
    order = ForeignKeyField(SalesOrder, backref="rmas", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)


class RmaLine(BaseModel):
    """What the customer said they send back."""

    rma = ForeignKeyField(Rma, backref="lines", on_delete="CASCADE")
    item = ForeignKeyField(Item, on_delete="RESTRICT")
    qty = IntegerField(constraints=[Check("qty > 0")])
    reason = CharField(default="")


RETURN_GRADES = ("sellable", "damaged", "scrap")


class ReturnLine(BaseModel):
    """Why a returned unit came back and its grade; its move holds the rest."""

    move = ForeignKeyField(Move, unique=True, on_delete="RESTRICT")
    order = ForeignKeyField(SalesOrder, on_delete="RESTRICT")
    rma = ForeignKeyField(Rma, null=True, on_delete="RESTRICT")
    reason = CharField()
    grade = CharField(constraints=[Check("grade IN ('sellable','damaged','scrap')")])


class SupplierReturn(BaseModel):
    """Quarantined stock sent back to a supplier: the document its moves belong to."""

    number = CharField(unique=True)
    supplier = ForeignKeyField(Supplier, on_delete="RESTRICT")
    user = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow)


class KitComponent(BaseModel):
    """One component of a kit: so many of `component` in each unit of `kit`."""

    kit = ForeignKeyField(Item, backref="components", on_delete="CASCADE")
    component = ForeignKeyField(Item, backref="in_kits", on_delete="RESTRICT")
    qty = IntegerField(constraints=[Check("qty > 0")])

    class Meta:
        indexes = ((("kit", "component"), True),)


ALL_MODELS = [
    User,
    Item,
    ItemBarcode,
    Location,
    Lot,
    Quant,
    Supplier,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    Move,
]
# Tables added by later schema versions (created by their migration step).
LATER_MODELS = [PutawayRule, SalesOrder, SalesOrderLine, Reservation, PickList, PickListOrder,
                CountRequest, WarehouseSetting, ItemClass, CountPlan, Count, CountLine,
                ItemReplenishment, FirstAllocation, DropshipLine, Shipment, PackBox,
                PackUnit, Rma, RmaLine, ReturnLine, SupplierReturn, KitComponent]
