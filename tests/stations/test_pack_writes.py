"""What a unit scan at Pack writes while it holds the write lock: fixed statements, and the
same rows the models would write."""

from app.core import packing
from app.core.orders import OrderLineInput as L
from app.db.models import PackBox, PackUnit, SalesOrder, Shipment
from app.stations.base import Level, Scan
from app.stations.pack import PackStation
from tests.statements import statements_of
from tests.stations import test_pack
from tests.stations.test_pack import MUG, picked_order

bench = test_pack.bench  # the same warehouse as the pack station's tests


def test_units_and_boxes_are_written_by_fixedstatements_of(bench, monkeypatch):
    order = picked_order("SO-1", [L("MUG", 3)], bench["user"])
    station = PackStation(bench["user"])
    station.handle(Scan("SO-1"))
    seen, feedback = statements_of(monkeypatch, lambda: station.handle(Scan(MUG)))
    assert feedback.level is Level.OK, feedback.message
    writes = [s for s in seen if s.lstrip().upper().startswith("INSERT")]
    # The shipment (once per order), the box and the unit.
    assert [w.split("(")[0].strip() for w in writes] == \
        ["INSERT INTO shipment", "INSERT INTO pack_box", "INSERT INTO pack_unit"]
    station.new_box()
    seen, feedback = statements_of(monkeypatch, lambda: station.handle(Scan(MUG)))
    assert feedback.level is Level.OK, feedback.message
    assert [s.split("(")[0].strip() for s in seen if s.lstrip().upper().startswith("INSERT")] \
        == ["INSERT INTO pack_box", "INSERT INTO pack_unit"]
    boxes = list(PackBox.select().order_by(PackBox.number))
    assert [(b.number, b.closed, b.dimensions, b.tracking, b.carrier) for b in boxes] == \
        [(1, True, "", "", ""), (2, False, "", "", "")]
    units = list(PackUnit.select().order_by(PackUnit.id))
    assert [(u.box.number, u.qty, u.user.id, u.lot) for u in units] == \
        [(1, 1, bench["user"], None), (2, 1, bench["user"], None)]
    assert all(u.created_at is not None for u in units)
    assert packing.view(order.id).lines[0].packed == 2
    seen, feedback = statements_of(monkeypatch, lambda: station.handle(Scan(MUG)))
    assert feedback.level is Level.OK and SalesOrder.get_by_id(order.id).status == "packed"
    assert [s for s in seen if s.lstrip().upper().startswith("UPDATE")] == \
        ["UPDATE sales_order SET status = 'packed' WHERE id = ? AND status = 'picked'"]
    shipment = Shipment.get(Shipment.order == order.id)
    assert (shipment.number, shipment.status) == (1, "open") and shipment.created_at


def test_the_last_unit_of_an_order_changed_meanwhile_is_refused_and_writes_nothing(bench):
    order = picked_order("SO-2", [L("MUG", 1)], bench["user"])
    station = PackStation(bench["user"])
    station.handle(Scan("SO-2"))
    # Another station puts the order back to picking between the screen and the scan.
    SalesOrder.update(status="picking").where(SalesOrder.id == order.id).execute()
    feedback = station.handle(Scan(MUG))
    assert feedback.level is Level.ERROR
    assert "SO-2 was changed by another station" in feedback.message
    assert PackUnit.select().count() == 0 and Shipment.select().count() == 0
    assert SalesOrder.get_by_id(order.id).status == "picking"


def test_a_shipment_another_station_opened_first_is_a_clear_refusal(bench, monkeypatch):
    order = picked_order("SO-3", [L("MUG", 2)], bench["user"])
    station = PackStation(bench["user"])
    station.handle(Scan("SO-3"))
    Shipment.create(order=order.id, number=1)  # opened by another station meanwhile
    real = packing._work
    monkeypatch.setattr(packing, "_work", lambda order_id: None)  # as read before it did
    feedback = station.handle(Scan(MUG))
    monkeypatch.setattr(packing, "_work", real)
    assert feedback.level is Level.ERROR
    assert "Another station started packing this order" in feedback.message
    assert PackUnit.select().count() == 0 and Shipment.select().count() == 1
