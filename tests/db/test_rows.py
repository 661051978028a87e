"""Loading a row by id without building a query: the same instance peewee's get_by_id makes."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from app.db.models import Count, Item, Location, Lot, PurchaseOrder, Supplier
from app.db.rows import by_id


def _same(a, b) -> None:
    assert type(a) is type(b)
    assert a.__data__ == b.__data__
    assert {k: type(v) for k, v in a.__data__.items()} == \
        {k: type(v) for k, v in b.__data__.items()}
    assert not a._dirty


def test_rows_match_get_by_id_with_every_kind_of_field(db):
    item = Item.create(sku="CAFE-1", name="Coffee", tracking="expiry", unit_cost="4.5")
    lot = Lot.create(item=item, code="L1", expiry=date(2030, 1, 31))
    zone = Location.create(code="Z-A", kind="zone")
    bin_ = Location.create(code="A-01", kind="bin", parent=zone, capacity=40, blocked=True)
    po = PurchaseOrder.create(number="PO-1", supplier=Supplier.create(name="Acme"),
                              expected=date(2030, 2, 1), dropship=True)
    count = Count.create(location=bin_, kind="adhoc", planned_for=date(2030, 1, 2),
                         started_at=datetime(2030, 1, 2, 9, 30))
    for model, row in ((Item, item), (Lot, lot), (Location, bin_), (Location, zone),
                       (PurchaseOrder, po), (Count, count)):
        _same(by_id(model, row.id), model.get_by_id(row.id))
    loaded = by_id(Lot, lot.id)
    assert loaded.expiry == date(2030, 1, 31) and loaded.item.sku == "CAFE-1"
    assert by_id(Item, item.id).unit_cost == Decimal("4.5")
    assert by_id(Location, bin_.id).blocked is True and by_id(Location, bin_.id).parent == zone


def test_a_row_changed_since_is_read_as_it_is_now(db):
    bin_ = Location.create(code="A-02", kind="bin")
    assert by_id(Location, bin_.id).blocked is False
    Location.update(blocked=True).where(Location.id == bin_.id).execute()
    assert by_id(Location, bin_.id).blocked is True


def test_a_missing_row_raises_does_not_exist(db):
    with pytest.raises(Item.DoesNotExist):
        by_id(Item, 987654)


def test_a_loaded_row_saves_like_any_other(db):
    item = Item.create(sku="TEA-1", name="Tea")
    loaded = by_id(Item, item.id)
    loaded.name = "Green tea"
    loaded.save()
    assert Item.get_by_id(item.id).name == "Green tea"


def test_a_reread_inside_a_write_is_the_row_as_it_is_now_or_none(db):
    from app.core import tx
    from app.db.models import database

    bin_ = Location.create(code="A-03", kind="bin")
    with database.atomic():
        Location.update(blocked=True).where(Location.id == bin_.id).execute()
        _same(tx.reread(Location, bin_.id), Location.get_by_id(bin_.id))
        assert tx.reread(Location, bin_.id).blocked is True
        assert tx.reread(Location, bin_.id + 1000) is None
