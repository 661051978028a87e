"""Schema versions. SQLite keeps the version in `PRAGMA user_version`, PostgreSQL in a one-row
`schema_version` table; each step runs in one write transaction, and a SQLite file is backed up
(with SQLite's online backup API) before an existing database is changed.

Versions 1-5 are frozen DDL (app/db/frozen_ddl.py). A new PostgreSQL database starts from the
same schema as SQLite's version 5 in one step.

To change the schema: append a function to LATER_STEPS that works on both databases (portable
SQL through `db.execute_sql`, or playhouse.migrate's SchemaMigrator), never `create_tables`
from the live models. Never edit a step that has shipped.
"""

import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import Database, PostgresqlDatabase

from app.db.frozen_ddl import POSTGRES_V5, SQLITE_STEPS


class SchemaTooNewError(RuntimeError):
    pass


SYSTEM_LOCATIONS = [
    ("DOCK", "Receiving dock", "dock"),
    ("PACK", "Packing area", "packing"),
    ("SUPPLIER", "Suppliers", "supplier"),
    ("CUSTOMER", "Customers", "customer"),
    ("LOSS", "Inventory loss", "loss"),
]
_INTERNAL = ("dock", "packing")

# Codes people scan match without case on PostgreSQL as on SQLite (COLLATE NOCASE); LIKE is
# never used on these columns (nondeterministic collations refuse it).
POSTGRES_COLLATION = ("CREATE COLLATION IF NOT EXISTS nocase "
                      "(provider = icu, locale = 'und-u-ks-level2', deterministic = false)")


def _seed(db: Database) -> None:
    """The places every warehouse has, and the operator who works until users are set up.
    Written with the columns of version 1 only, so later columns never break it."""
    from app.db.models import utcnow

    def location(code: str, name: str, kind: str, parent: int | None) -> int:
        return db.execute_sql(
            "INSERT INTO location (code, name, kind, parent_id, sequence, capacity, blocked) "
            "VALUES (?, ?, ?, ?, 0, NULL, ?) RETURNING id",
            (code, name, kind, parent, False)).fetchone()[0]

    warehouse = location("WH", "Warehouse", "warehouse", None)
    for code, name, kind in SYSTEM_LOCATIONS:
        location(code, name, kind, warehouse if kind in _INTERNAL else None)
    db.execute_sql('INSERT INTO "user" (name, created_at) VALUES (?, ?)', ("operator", utcnow()))


def _frozen(number: int) -> Callable[[Database], None]:
    def step(db: Database) -> None:
        for sql in SQLITE_STEPS[number - 1]:
            db.execute_sql(sql)
        if number == 1:
            _seed(db)

    step.__name__ = f"_v{number}_frozen"
    return step


def _v6_people(db: Database) -> None:
    # Step 1 builds its tables from the models, so a new file already has these columns: add
    # only what an older file lacks. ("user" is a reserved word in PostgreSQL: always quoted.)
    users = {c.name for c in db.get_columns("user")}
    if "role" not in users:
        db.execute_sql("ALTER TABLE \"user\" ADD COLUMN role VARCHAR(255) NOT NULL "
                       "DEFAULT 'operator' CHECK (role IN ('operator','supervisor','admin'))")
    if "pin_hash" not in users:
        db.execute_sql("ALTER TABLE \"user\" ADD COLUMN pin_hash VARCHAR(255) NOT NULL "
                       "DEFAULT ''")
    if "badge" not in users:
        db.execute_sql("ALTER TABLE \"user\" ADD COLUMN badge VARCHAR(255)")
        db.execute_sql("CREATE UNIQUE INDEX user_badge ON \"user\" (badge)")
    if "active" not in users:
        db.execute_sql("ALTER TABLE \"user\" ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE")
    if "approver_id" not in {c.name for c in db.get_columns("move")}:
        # Who approved a move that needed a supervisor; NULL for everyday moves.
        db.execute_sql("ALTER TABLE move ADD COLUMN approver_id INTEGER "
                       "REFERENCES \"user\" (id)")
    # Written on every scan, read almost never: the audit filters by person and time instead.
    db.execute_sql("DROP INDEX IF EXISTS move_approver_id")
    # The audit lists moves newest first, by time or by one person.
    db.execute_sql("CREATE INDEX move_time ON move (created_at)")
    db.execute_sql("CREATE INDEX move_user_time ON move (user_id, created_at)")


def _v7_done_once(db: Database) -> None:
    # What can happen only once is a unique index, so two stations doing it at the same moment
    # end in one write and one clear refusal. Databases written before may hold the doubles
    # these forbid: open counts are tidied first (extra ones cancelled, repeated lines of a
    # count not yet closed dropped); reversed moves are never rewritten.
    db.execute_sql(
        "UPDATE count SET status = 'cancelled' WHERE status IN ('planned', 'counting') "
        "AND id NOT IN (SELECT MIN(id) FROM count WHERE status IN ('planned', 'counting') "
        "GROUP BY location_id, status)")
    db.execute_sql(
        "DELETE FROM count_line WHERE status = 'open' AND id NOT IN (SELECT MIN(id) FROM "
        "count_line GROUP BY count_id, item_id, COALESCE(lot_id, 0))")
    db.execute_sql("CREATE UNIQUE INDEX move_reverses_once ON move (reverses_id)")
    db.execute_sql("CREATE UNIQUE INDEX count_counting_per_bin ON count (location_id) "
                   "WHERE status = 'counting'")
    db.execute_sql("CREATE UNIQUE INDEX count_planned_per_bin ON count (location_id) "
                   "WHERE status = 'planned'")
    db.execute_sql("CREATE UNIQUE INDEX count_line_key ON count_line "
                   "(count_id, item_id, (COALESCE(lot_id, 0)))")


def _v8_item_replenishment(db: Database) -> None:
    # Fixed DDL (not the live model) so the step stays what it was when it shipped.
    db.execute_sql("""
        CREATE TABLE item_replenishment (
            item_id INTEGER NOT NULL PRIMARY KEY REFERENCES item (id) ON DELETE CASCADE,
            supplier_id INTEGER NULL REFERENCES supplier (id) ON DELETE SET NULL,
            reorder_point INTEGER NULL CHECK (reorder_point >= 0),
            min_qty INTEGER NULL CHECK (min_qty >= 0),
            max_qty INTEGER NULL CHECK (max_qty >= 0),
            moq INTEGER NOT NULL DEFAULT 1 CHECK (moq >= 1),
            pack_multiple INTEGER NOT NULL DEFAULT 1 CHECK (pack_multiple >= 1),
            CHECK (min_qty IS NULL OR max_qty IS NULL OR max_qty >= min_qty))""")


def _v9_first_allocation(db: Database) -> None:
    db.execute_sql("""
        CREATE TABLE first_allocation (
            line_id INTEGER NOT NULL PRIMARY KEY
                REFERENCES sales_order_line (id) ON DELETE CASCADE,
            ordered INTEGER NOT NULL,
            reserved INTEGER NOT NULL,
            allocated_at TIMESTAMP NOT NULL)""")
    db.execute_sql("CREATE INDEX first_allocation_at ON first_allocation (allocated_at)")


def _v10_dropship(db: Database) -> None:
    # An item the supplier ships straight to the customer; its order lines go on the supplier's
    # one open dropship PO (the partial unique index), one PO line per order line.
    db.execute_sql("ALTER TABLE item_replenishment ADD COLUMN dropship BOOLEAN NOT NULL "
                   "DEFAULT FALSE")
    db.execute_sql("ALTER TABLE purchase_order ADD COLUMN dropship BOOLEAN NOT NULL "
                   "DEFAULT FALSE")
    db.execute_sql("CREATE UNIQUE INDEX purchase_order_dropship_open ON purchase_order "
                   "(supplier_id) WHERE dropship AND status = 'open'")
    db.execute_sql("""
        CREATE TABLE dropship_line (
            order_line_id INTEGER NOT NULL PRIMARY KEY
                REFERENCES sales_order_line (id) ON DELETE CASCADE,
            po_line_id INTEGER NOT NULL REFERENCES purchase_order_line (id) ON DELETE RESTRICT,
            confirmed_at TIMESTAMP NULL,
            tracking VARCHAR(255) NOT NULL DEFAULT '')""")
    db.execute_sql("CREATE INDEX dropship_line_po_line ON dropship_line (po_line_id)")


def _v11_move_balance_indexes(db: Database) -> None:
    # The ledger check sums moves per (location, item, lot) on each side: indexes that hold
    # those columns and qty let it read them in order, without sorting 2M rows. They replace
    # the one-column indexes on src_id/dst_id (a prefix of each), so a scan still writes two.
    for side in ("src", "dst"):
        db.execute_sql(f"DROP INDEX IF EXISTS move_{side}_id")
        db.execute_sql(f"CREATE INDEX move_{side}_balance ON move ({side}_id, item_id, lot_id, "
                       f"qty)")


def _v12_packing(db: Database) -> None:
    # The packer must see an order's note and gift message; a shipment is what leaves in one
    # go (an order shipped in parts has several), its boxes hold the units scanned into them.
    key = "SERIAL PRIMARY KEY" if is_postgres(db) else "INTEGER NOT NULL PRIMARY KEY"
    db.execute_sql("ALTER TABLE sales_order ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE sales_order ADD COLUMN gift_message TEXT NOT NULL DEFAULT ''")
    db.execute_sql(f"""
        CREATE TABLE shipment (
            id {key},
            order_id INTEGER NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            status VARCHAR(255) NOT NULL DEFAULT 'open' CHECK (status IN ('open','shipped')),
            created_at TIMESTAMP NOT NULL,
            shipped_at TIMESTAMP NULL)""")
    # One shipment in work per order: two stations opening one at once end in one.
    db.execute_sql("CREATE UNIQUE INDEX shipment_open_per_order ON shipment (order_id) "
                   "WHERE status = 'open'")
    db.execute_sql(f"""
        CREATE TABLE pack_box (
            id {key},
            shipment_id INTEGER NOT NULL REFERENCES shipment (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            closed BOOLEAN NOT NULL DEFAULT FALSE,
            weight_g INTEGER NULL CHECK (weight_g > 0),
            dimensions VARCHAR(255) NOT NULL DEFAULT '',
            tracking VARCHAR(255) NOT NULL DEFAULT '')""")
    db.execute_sql("CREATE UNIQUE INDEX pack_box_number ON pack_box (shipment_id, number)")
    db.execute_sql(f"""
        CREATE TABLE pack_unit (
            id {key},
            box_id INTEGER NOT NULL REFERENCES pack_box (id) ON DELETE CASCADE,
            line_id INTEGER NOT NULL REFERENCES sales_order_line (id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL REFERENCES item (id),
            lot_id INTEGER NULL REFERENCES lot (id),
            qty INTEGER NOT NULL CHECK (qty > 0),
            user_id INTEGER NOT NULL REFERENCES "user" (id),
            created_at TIMESTAMP NOT NULL)""")
    db.execute_sql("CREATE INDEX pack_unit_box ON pack_unit (box_id)")
    db.execute_sql("CREATE INDEX pack_unit_line ON pack_unit (line_id)")


def _v13_slip_addresses(db: Database) -> None:
    # The packing slip prints where the parcel goes and what each line cost, when the shop's
    # export said so: the address is its lines joined by newlines; no price is NULL, not 0.
    db.execute_sql("ALTER TABLE sales_order ADD COLUMN ship_to_name TEXT NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE sales_order ADD COLUMN ship_to_address TEXT NOT NULL "
                   "DEFAULT ''")
    db.execute_sql("ALTER TABLE sales_order ADD COLUMN currency VARCHAR(255) NOT NULL "
                   "DEFAULT ''")
    db.execute_sql("ALTER TABLE sales_order_line ADD COLUMN unit_price DECIMAL(12, 2) NULL "
                   "CHECK (unit_price >= 0)")


def _v14_shipping_labels(db: Database) -> None:
    # The carrier's label files (PDF or ZPL bytes, kept whole: ZPL goes raw to the printer),
    # each matched to an order and, when its name says so, to a box; a hash of the bytes with
    # the order and box keeps the same file from being stored twice. A box also keeps its
    # tracking number's carrier.
    key = "SERIAL PRIMARY KEY" if is_postgres(db) else "INTEGER NOT NULL PRIMARY KEY"
    blob = "BYTEA" if is_postgres(db) else "BLOB"
    db.execute_sql(f"""
        CREATE TABLE shipping_label (
            id {key},
            order_id INTEGER NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
            box INTEGER NULL CHECK (box > 0),
            file_name VARCHAR(255) NOT NULL,
            format VARCHAR(255) NOT NULL CHECK (format IN ('pdf','zpl')),
            data {blob} NOT NULL,
            sha256 VARCHAR(64) NOT NULL,
            tracking VARCHAR(255) NOT NULL DEFAULT '',
            carrier VARCHAR(255) NOT NULL DEFAULT '',
            imported_at TIMESTAMP NOT NULL,
            printed_at TIMESTAMP NULL)""")
    db.execute_sql("CREATE UNIQUE INDEX shipping_label_sha256 ON shipping_label (sha256)")
    db.execute_sql("CREATE INDEX shipping_label_order ON shipping_label (order_id, box)")
    db.execute_sql("ALTER TABLE pack_box ADD COLUMN carrier VARCHAR(255) NOT NULL DEFAULT ''")
    # A scanned tracking number is looked up to refuse it on a second box.
    db.execute_sql("CREATE INDEX pack_box_tracking ON pack_box (tracking)")


def _v15_returns(db: Database) -> None:
    # Customer returns: the RMAs a shop export announces, each returned unit's reason and
    # grade, and the documents quarantined stock goes back to suppliers under. (The quarantine
    # location itself is made with the first damaged return: app/core/returns.py.)
    key = "SERIAL PRIMARY KEY" if is_postgres(db) else "INTEGER NOT NULL PRIMARY KEY"
    db.execute_sql(f"""
        CREATE TABLE rma (
            id {key},
            number VARCHAR(255) NOT NULL COLLATE NOCASE,
            order_id INTEGER NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
            created_at TIMESTAMP NOT NULL)""")
    db.execute_sql("CREATE UNIQUE INDEX rma_number ON rma (number)")
    db.execute_sql("CREATE INDEX rma_order ON rma (order_id)")
    db.execute_sql(f"""
        CREATE TABLE rma_line (
            id {key},
            rma_id INTEGER NOT NULL REFERENCES rma (id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL REFERENCES item (id),
            qty INTEGER NOT NULL CHECK (qty > 0),
            reason VARCHAR(255) NOT NULL DEFAULT '')""")
    db.execute_sql("CREATE INDEX rma_line_rma ON rma_line (rma_id)")
    # One row per return move: why it came back and how it was graded. The move itself holds
    # item, lot, quantity, where it went, who and when.
    db.execute_sql(f"""
        CREATE TABLE return_line (
            id {key},
            move_id INTEGER NOT NULL REFERENCES move (id),
            order_id INTEGER NOT NULL REFERENCES sales_order (id),
            rma_id INTEGER NULL REFERENCES rma (id),
            reason VARCHAR(255) NOT NULL,
            grade VARCHAR(255) NOT NULL CHECK (grade IN ('sellable','damaged','scrap')))""")
    db.execute_sql("CREATE UNIQUE INDEX return_line_move ON return_line (move_id)")
    db.execute_sql("CREATE INDEX return_line_order ON return_line (order_id)")
    db.execute_sql(f"""
        CREATE TABLE supplier_return (
            id {key},
            number VARCHAR(255) NOT NULL,
            supplier_id INTEGER NOT NULL REFERENCES supplier (id),
            user_id INTEGER NOT NULL REFERENCES "user" (id),
            created_at TIMESTAMP NOT NULL)""")
    db.execute_sql("CREATE UNIQUE INDEX supplier_return_number ON supplier_return (number)")


def _v17_order_changed(db: Database) -> None:
    # What the shop changed on an order after it was imported ("cancelled in the shop on ...",
    # "line SKU-1 2 -> 1"), shown on the Orders page and at Pack.
    db.execute_sql("ALTER TABLE sales_order ADD COLUMN changed TEXT NOT NULL DEFAULT ''")


def _v18_scan_path_indexes(db: Database) -> None:
    # What waits in a place with some of it free (the dock, oldest first, at every putaway
    # scan and its prompt): read from a small index in in_date order instead of looking up
    # every balance of the place and sorting them.
    db.execute_sql("CREATE INDEX quant_free ON quant (location_id, in_date) WHERE qty > reserved")
    # move_reverses_once (unique, version 7) answers every lookup this one did: one index
    # page less for every move a scan writes and commits.
    db.execute_sql("DROP INDEX IF EXISTS move_reverses_id")
    if not is_postgres(db):
        # SQLite's planner passes over an index it has no statistics for, when the others
        # have some (PostgreSQL's autovacuum gathers them by itself).
        db.execute_sql("ANALYZE quant_free")


def _v19_reversal_index_partial(db: Database) -> None:
    # Only a correction has reverses_id set: a unique index of the corrections alone still
    # refuses a second undo of one move and answers "was this move undone?", and every other
    # move no longer writes its NULL into it (one index page less per scan's commit).
    db.execute_sql("DROP INDEX IF EXISTS move_reverses_once")
    db.execute_sql("CREATE UNIQUE INDEX move_reverses_once ON move (reverses_id) "
                   "WHERE reverses_id IS NOT NULL")


def _v20_no_move_lot_index(db: Database) -> None:
    # Nothing looks moves up by their lot alone: a lot's history is read with its item, from
    # (item, lot, time). The index was only SQLite's way to refuse deleting a lot that has
    # moves, and Binwise deletes no lot. One index page less for every move a scan writes.
    db.execute_sql("DROP INDEX IF EXISTS move_lot_id")


# Steps after version 5, written once for both databases.
def _v16_kits(db: Database) -> None:
    # A kit (bundle) is sold as one SKU and made of components, each so many per kit. The kit
    # item keeps its own stock for kits the seller builds ahead.
    key = "SERIAL PRIMARY KEY" if is_postgres(db) else "INTEGER NOT NULL PRIMARY KEY"
    db.execute_sql(f"""
        CREATE TABLE kit_component (
            id {key},
            kit_id INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
            component_id INTEGER NOT NULL REFERENCES item (id) ON DELETE RESTRICT,
            qty INTEGER NOT NULL CHECK (qty > 0),
            CHECK (kit_id <> component_id))""")
    db.execute_sql("CREATE UNIQUE INDEX kit_component_kit_component ON kit_component "
                   "(kit_id, component_id)")
    db.execute_sql("CREATE INDEX kit_component_component ON kit_component (component_id)")


LATER_STEPS: list[Callable[[Database], None]] = [_v6_people, _v7_done_once,
                                                 _v8_item_replenishment, _v9_first_allocation,
                                                 _v10_dropship, _v11_move_balance_indexes,
                                                 _v12_packing,
                                                 _v13_slip_addresses,
                                                 _v14_shipping_labels,
                                                 _v15_returns,
                                                 _v16_kits,
                                                 _v17_order_changed,
                                                 _v18_scan_path_indexes,
                                                 _v19_reversal_index_partial,
                                                 _v20_no_move_lot_index]
STEPS: list[Callable[[Database], None]] = [_frozen(n) for n in range(1, 6)] + LATER_STEPS
SCHEMA_VERSION = len(STEPS)
BASELINE_VERSION = 5


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def current_version(db: Database) -> int:
    if not is_postgres(db):
        return db.execute_sql("PRAGMA user_version").fetchone()[0]
    if db.execute_sql("SELECT to_regclass('schema_version')").fetchone()[0] is None:
        return 0
    row = db.execute_sql("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def _set_version(db: Database, version: int) -> None:
    if is_postgres(db):
        db.execute_sql("UPDATE schema_version SET version = ?", (version,))
    else:
        db.execute_sql(f"PRAGMA user_version = {int(version)}")


def _postgres_baseline(db: Database) -> None:
    db.execute_sql(POSTGRES_COLLATION)
    for sql in POSTGRES_V5:
        db.execute_sql(sql)
    _seed(db)
    db.execute_sql("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute_sql("INSERT INTO schema_version (version) VALUES (?)", (BASELINE_VERSION,))


def backup_sqlite(db: Database, target: Path) -> None:
    """Copy the open SQLite database to `target` with the online backup API: a plain file copy
    would not see the write-ahead log, and opening and closing the file for it would drop this
    process's POSIX locks on it."""
    copy = sqlite3.connect(str(target))
    try:
        db.connection().backup(copy)
    finally:
        copy.close()


def _check_not_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"This database was written by a newer Binwise (schema {version}, this one knows "
            f"{SCHEMA_VERSION}). Update Binwise to open it."
        )


def migrate(db: Database, path: Path | None = None) -> int:
    """Bring the database up to SCHEMA_VERSION; returns the version it had before."""
    version = current_version(db)
    _check_not_newer(version)
    if version == SCHEMA_VERSION:
        return version
    if 0 < version and path is not None and path.exists() and not is_postgres(db):
        backup_sqlite(db, path.with_name(f"{path.name}.v{version}.bak"))
    first = version
    while version < SCHEMA_VERSION:
        # Each step re-reads the version inside its write transaction: two stations opening a
        # new database at once must not both run it.
        with db.atomic():
            version = current_version(db)
            _check_not_newer(version)
            if version >= SCHEMA_VERSION:
                break
            if version == 0 and is_postgres(db):
                _postgres_baseline(db)
                version = BASELINE_VERSION
            else:
                STEPS[version](db)
                version += 1
                _set_version(db, version)
    return first
