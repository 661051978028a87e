"""Channel buffers: what each channel may still sell, worked out by hand."""

import pytest

from app.core import channels, ledger, orders
from app.core.channels import Buffer, ChannelBuffers
from app.core.errors import BinwiseError
from app.core.locations import system_location
from app.db.models import Item, ItemClass, Location, User


@pytest.fixture
def stocked(db):
    user = User.get(User.name == "operator").id
    bin_ = Location.create(code="A-01", kind="bin")
    for sku, qty, klass in (("MUG", 10, "A"), ("CUP", 1, "C"), ("PEN", 0, "C")):
        item = Item.create(sku=sku, name=sku.title())
        ItemClass.create(item=item, klass=klass)
        if qty:
            ledger.post([ledger.MoveRequest(item.id, None, system_location("SUPPLIER").id,
                                            bin_.id, qty, "receipt")], user)
    orders.create_order("SHOP-1", [orders.OrderLineInput("MUG", 2)], channel="shop")
    orders.create_order("AMZ-1", [orders.OrderLineInput("PEN", 1)], channel="amazon")


def test_buffers_by_hand():
    # 5 units or 10 %: the more of the two, never more than there is.
    assert Buffer(5, 10).held_back(30) == 5
    assert Buffer(1, 10).held_back(30) == 3
    assert Buffer(1, 10).held_back(31) == 4  # 3.1 rounds up
    assert Buffer(5, 0).held_back(2) == 2
    assert Buffer(5, 0).held_back(-1) == 0


def test_two_channels_never_both_sell_the_last_unit(stocked):
    channels.save_buffers(ChannelBuffers(default={"amazon": Buffer(1, 0)},
                                         by_class={"amazon": {"A": Buffer(0, 50)}}))
    shop = {r.sku: r.sellable for r in channels.available_for("shop")}
    amazon = {r.sku: r.sellable for r in channels.available_for("amazon")}
    # MUG: 10 - 2 reserved = 8; the shop has no buffer, Amazon holds back half (class A).
    assert shop == {"CUP": 1, "MUG": 8, "PEN": 0}
    assert amazon == {"CUP": 0, "MUG": 4, "PEN": 0}
    assert channels.known_channels() == ["amazon", "shop"]


def test_an_unknown_channel_or_a_bad_buffer_is_refused(stocked):
    with pytest.raises(BinwiseError, match="No channel 'ebay'"):
        channels.available_for("ebay")
    with pytest.raises(BinwiseError, match="0 to 100 %"):
        channels.save_buffers(ChannelBuffers(default={"shop": Buffer(0, 120)}))
    assert channels.load_buffers() == ChannelBuffers()


def test_an_item_buffer_wins_over_its_class(stocked):
    channels.save_buffers(channels.buffers_from({
        "default": {"amazon": {"units": 1}},
        "by_class": {"amazon": {"A": {"percent": 50}}},
        "by_sku": {"amazon": {"MUG": {"units": 0, "percent": 0}, "CUP": {"units": 0}},
                   "shop": {"MUG": {"units": 3}}}}))
    loaded = channels.load_buffers()
    assert loaded.by_sku["amazon"]["MUG"] == Buffer(0, 0)
    amazon = {r.sku: r.sellable for r in channels.available_for("amazon")}
    shop = {r.sku: r.sellable for r in channels.available_for("shop")}
    # MUG: 8 available; class A would hold back half, its own buffer holds back nothing.
    # CUP: its own buffer of 0 wins over Amazon's 1 unit for every item.
    assert amazon == {"CUP": 1, "MUG": 8, "PEN": 0}
    assert shop == {"CUP": 1, "MUG": 5, "PEN": 0}


def test_an_item_buffer_for_an_unknown_sku_is_refused(stocked):
    with pytest.raises(BinwiseError, match="No item with SKU NOPE"):
        channels.save_buffers(channels.buffers_from(
            {"by_sku": {"amazon": {"NOPE": {"units": 1}}}}))
    assert channels.load_buffers() == ChannelBuffers()
