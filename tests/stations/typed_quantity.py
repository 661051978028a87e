"""The rule for a quantity typed before the unit it counts for (app.stations.quantity_first),
checked the same way at every station that takes one."""

from app.stations.base import Level, Scan


def check_typed_quantity(station, order: str, unit: str, sku: str, then: str) -> None:
    """Drive `station` from no order open to a typed 3 and one scan of `unit`."""
    assert station.enter("2").level is Level.ERROR  # no order yet: "2" is no order either
    assert station.state.pending_qty is None
    station.handle(Scan(order))
    feedback = station.enter("0")
    assert feedback.level is Level.ERROR and "at least 1" in feedback.message
    assert station.state.pending_qty is None
    feedback = station.enter("3")
    assert feedback.message == f"Quantity 3: {then}"
    assert station.state.pending_qty == 3
    assert f"3 × {sku}" in station.handle(Scan(unit)).message
