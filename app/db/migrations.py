"""Schema versions. The version lives in SQLite's `user_version`; each step is atomic and the
file is backed up before an existing database is changed.

To change the schema: append a step to STEPS. Never edit a step that has shipped.
"""

import shutil
from collections.abc import Callable
from pathlib import Path

from peewee import SqliteDatabase

from app.db import models


class SchemaTooNewError(RuntimeError):
    pass


SYSTEM_LOCATIONS = [
    ("DOCK", "Receiving dock", "dock"),
    ("PACK", "Packing area", "packing"),
    ("SUPPLIER", "Suppliers", "supplier"),
    ("CUSTOMER", "Customers", "customer"),
    ("LOSS", "Inventory loss", "loss"),
]


def _v1_initial(db: SqliteDatabase) -> None:
    db.create_tables(models.ALL_MODELS)
    # One quant per (item, lot, location); a NULL lot must count as one value here.
    db.execute_sql(
        "CREATE UNIQUE INDEX quant_key ON quant (item_id, location_id, IFNULL(lot_id, 0))"
    )
    db.execute_sql("CREATE INDEX move_src ON move (src_id)")
    db.execute_sql("CREATE INDEX move_dst ON move (dst_id)")
    db.execute_sql("CREATE INDEX move_reverses ON move (reverses_id)")
    # The places every warehouse has, and the operator who works until users are set up.
    warehouse = models.Location.create(code="WH", name="Warehouse", kind="warehouse")
    for code, name, kind in SYSTEM_LOCATIONS:
        parent = warehouse if kind in models.INTERNAL_KINDS else None
        models.Location.create(code=code, name=name, kind=kind, parent=parent)
    models.User.create(name="operator")


def _v2_putaway(db: SqliteDatabase) -> None:
    db.create_tables([models.PutawayRule])
    # Putaway looks for bins by stock of an item, and for empty bins in walking order.
    db.execute_sql("CREATE INDEX quant_item_lot ON quant (item_id, lot_id)")
    db.execute_sql("CREATE INDEX location_walk ON location (kind, sequence)")


def _v3_orders(db: SqliteDatabase) -> None:
    db.create_tables([models.SalesOrder, models.SalesOrderLine, models.Reservation,
                      models.PickList, models.PickListOrder, models.CountRequest])
    db.execute_sql("CREATE INDEX sales_order_status ON sales_order (status)")
    db.execute_sql("CREATE INDEX count_request_open ON count_request (done_at, location_id)")


def _v4_counting(db: SqliteDatabase) -> None:
    db.create_tables([models.WarehouseSetting, models.ItemClass, models.CountPlan, models.Count,
                      models.CountLine])
    db.execute_sql("CREATE INDEX count_day ON count (planned_for, status)")
    db.execute_sql("CREATE INDEX count_location ON count (location_id, status)")
    # ABC analysis sums a year of shipments.
    db.execute_sql("CREATE INDEX move_kind_time ON move (kind, created_at)")


def _v5_fewer_indexes(db: SqliteDatabase) -> None:
    # Every index is written on every scan; these repeat another index or its first column.
    for name in ("move_src", "move_dst", "move_reverses", "move_item_id", "move_user_id",
                 "quant_item_id", "quant_location_id"):
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")


def _v6_item_replenishment(db: SqliteDatabase) -> None:
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


def _v7_first_allocation(db: SqliteDatabase) -> None:
    db.execute_sql("""
        CREATE TABLE first_allocation (
            line_id INTEGER NOT NULL PRIMARY KEY
                REFERENCES sales_order_line (id) ON DELETE CASCADE,
            ordered INTEGER NOT NULL,
            reserved INTEGER NOT NULL,
            allocated_at TIMESTAMP NOT NULL)""")
    db.execute_sql("CREATE INDEX first_allocation_at ON first_allocation (allocated_at)")


STEPS: list[Callable[[SqliteDatabase], None]] = [_v1_initial, _v2_putaway, _v3_orders,
                                                  _v4_counting, _v5_fewer_indexes,
                                                  _v6_item_replenishment,
                                                  _v7_first_allocation]
SCHEMA_VERSION = len(STEPS)


def current_version(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def migrate(db: SqliteDatabase, path: Path | None = None) -> int:
    """Bring the database up to SCHEMA_VERSION; returns the version it had before."""
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"This database was written by a newer Binwise (schema {version}, this one knows "
            f"{SCHEMA_VERSION}). Update Binwise to open it."
        )
    if version < SCHEMA_VERSION and version > 0 and path is not None and path.exists():
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, path.with_name(f"{path.name}.v{version}.bak"))
    for number in range(version, SCHEMA_VERSION):
        with db.atomic():
            STEPS[number](db)
            db.execute_sql(f"PRAGMA user_version = {number + 1}")
    return version
