"""Writes v1.sqlite ... v5.sqlite: a small warehouse at each earlier schema version, made by
running the frozen steps up to that version. Run once when a version ships:
`python -m tests.core.schemas.make`; the files are committed."""

import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from app.db import migrations

HERE = Path(__file__).parent
AT = "2025-03-01 09:00:00.000000"


def _data(db: SqliteDatabase, version: int) -> None:
    ids = dict(db.execute_sql("SELECT code, id FROM location").fetchall())
    run = db.execute_sql
    run("INSERT INTO item (sku, name, tracking, uom, unit_cost, removal, min_shelf_life_days, "
        "active) VALUES ('MUG-01', 'Mug', 'none', 'unit', 4.5, 'fifo', 0, 1), "
        "('TEA-01', 'Tea', 'expiry', 'unit', 2.25, 'fefo', 30, 1)")
    run("INSERT INTO item_barcode (item_id, code, kind) VALUES (1, '04012345000016', 'gtin')")
    run("INSERT INTO location (code, name, kind, parent_id, sequence, capacity, blocked) "
        "VALUES ('A', 'Zone A', 'zone', ?, 0, NULL, 0)", (ids["WH"],))
    zone = run("SELECT id FROM location WHERE code = 'A'").fetchone()[0]
    run("INSERT INTO location (code, name, kind, parent_id, sequence, capacity, blocked) "
        "VALUES ('A-01', '', 'bin', ?, 1, NULL, 0)", (zone,))
    bin_ = run("SELECT id FROM location WHERE code = 'A-01'").fetchone()[0]
    run("INSERT INTO lot (item_id, code, expiry, created_at) VALUES (2, 'L1', '2027-01-31', ?)",
        (AT,))
    for item, lot, qty in ((1, None, 12), (2, 1, 5)):
        run("INSERT INTO move (item_id, lot_id, src_id, dst_id, qty, kind, user_id, created_at, "
            "note) VALUES (?, ?, ?, ?, ?, 'receipt', 1, ?, '')",
            (item, lot, ids["SUPPLIER"], bin_, qty, AT))
        run("INSERT INTO quant (item_id, lot_id, location_id, qty, reserved, in_date) "
            "VALUES (?, ?, ?, ?, 0, ?)", (item, lot, bin_, qty, AT))
    if version >= 3:
        run("INSERT INTO sales_order (number, channel, ship_by, shipping_method, status, "
            "created_at) VALUES ('SO-1', 'shop', '2025-03-05', '', 'open', ?)", (AT,))
        run("INSERT INTO sales_order_line (order_id, item_id, qty_ordered) VALUES (1, 1, 2)")
    if version >= 4:
        run("INSERT INTO warehouse_setting (key, value) VALUES ('count_policy', '{}')")


def make(version: int) -> Path:
    path = HERE / f"v{version}.sqlite"
    path.unlink(missing_ok=True)
    db = SqliteDatabase(str(path), pragmas={"page_size": 1024})
    db.connect()
    for number in range(version):
        with db.atomic():
            migrations.STEPS[number](db)
            db.execute_sql(f"PRAGMA user_version = {number + 1}")
    with db.atomic():
        _data(db, version)
    db.close()
    connection = sqlite3.connect(path)
    connection.execute("VACUUM")
    connection.close()
    return path


if __name__ == "__main__":
    for n in range(1, 6):
        print(make(n))
