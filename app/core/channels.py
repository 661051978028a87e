"""Sales channels (the orders' `channel`: the shop, each marketplace) and the safety buffer each
one holds back, so that two channels listing the same stock never both sell the last unit.

A buffer is a number of units or a share of what is available, whichever is more, set per
channel for every item and, where wanted, per ABC class or per item (by SKU; an item's own
buffer wins over its class's). A channel sells what is available
(bins and dock, unexpired, not reserved) less its buffer, never below zero. Stored as a
warehouse setting, so every station and export agrees.
"""

import json
import math
from dataclasses import asdict, dataclass, field

from app.core.errors import BinwiseError
from app.core.orders import available_to_promise
from app.db.models import Item, WarehouseSetting, database

_KEY = "channels"


@dataclass(frozen=True)
class Buffer:
    units: int = 0
    percent: float = 0.0

    def held_back(self, available: int) -> int:
        if available <= 0:
            return 0
        return min(available, max(self.units, math.ceil(available * self.percent / 100)))


@dataclass(frozen=True)
class ChannelBuffers:
    # Per channel name: its buffer for every item, and per class where it differs.
    default: dict[str, Buffer] = field(default_factory=dict)
    by_class: dict[str, dict[str, Buffer]] = field(default_factory=dict)
    # Per channel name: the items (by SKU) whose buffer differs from their class's.
    by_sku: dict[str, dict[str, Buffer]] = field(default_factory=dict)

    def buffer(self, channel: str, klass: str, sku: str = "") -> Buffer:
        # An explicit Buffer(0, 0) is a real choice ("hold nothing back"), so test for None.
        for buffer in (self.by_sku.get(channel, {}).get(sku),
                       self.by_class.get(channel, {}).get(klass)):
            if buffer is not None:
                return buffer
        return self.default.get(channel, Buffer())

    def check(self) -> None:
        for buffers in (self.default, *self.by_class.values(), *self.by_sku.values()):
            for name, buffer in buffers.items():
                if buffer.units < 0 or not 0 <= buffer.percent <= 100:
                    raise BinwiseError(f"Channel {name or '(none)'}: a buffer is 0 or more "
                                       f"units and 0 to 100 %.")


def _buffer(data: dict) -> Buffer:
    return Buffer(int(data.get("units", 0)), float(data.get("percent", 0)))


def load_buffers() -> ChannelBuffers:
    row = WarehouseSetting.get_or_none(WarehouseSetting.key == _KEY)
    if row is None:
        return ChannelBuffers()
    try:
        return buffers_from(json.loads(row.value))
    except (ValueError, TypeError, AttributeError, BinwiseError):
        return ChannelBuffers()


def buffers_from(data: dict) -> ChannelBuffers:
    """Buffers from their JSON form: {"default": {"amazon": {"units": 1, "percent": 0}},
    "by_class": {"amazon": {"A": {...}}}, "by_sku": {"amazon": {"MUG-01": {...}}}}; checked."""
    buffers = ChannelBuffers(
        {name: _buffer(b) for name, b in data.get("default", {}).items()},
        {name: {k: _buffer(b) for k, b in classes.items()}
         for name, classes in data.get("by_class", {}).items()},
        {name: {str(k): _buffer(b) for k, b in skus.items()}
         for name, skus in data.get("by_sku", {}).items()})
    buffers.check()
    return buffers


def save_buffers(buffers: ChannelBuffers) -> None:
    buffers.check()
    # A mistyped SKU would otherwise hold nothing back without a word.
    skus = sorted({sku for by_item in buffers.by_sku.values() for sku in by_item})
    if skus:
        known = {i.sku for i in Item.select(Item.sku).where(Item.sku.in_(skus))}
        unknown = [sku for sku in skus if sku not in known]
        if unknown:
            raise BinwiseError(f"No item with SKU {', '.join(unknown)}: a channel buffer by "
                               f"item names an item's SKU.")
    value = json.dumps(asdict(buffers))
    WarehouseSetting.insert(key=_KEY, value=value).on_conflict(
        conflict_target=[WarehouseSetting.key], update={WarehouseSetting.value: value}).execute()


def known_channels() -> list[str]:
    """Every channel an order came from, and every channel with a buffer."""
    seen = {row[0] for row in database.execute_sql(
        "SELECT DISTINCT channel FROM sales_order WHERE channel <> ''")}
    buffers = load_buffers()
    return sorted(seen | set(buffers.default) | set(buffers.by_class) | set(buffers.by_sku))


@dataclass(frozen=True)
class ChannelAvailability:
    sku: str
    available: int
    held_back: int

    @property
    def sellable(self) -> int:
        return max(0, self.available - self.held_back)


def available_for(channel: str) -> list[ChannelAvailability]:
    """What `channel` may still sell of each item."""
    if channel not in known_channels():
        raise BinwiseError(f"No channel '{channel}': orders name "
                           f"{', '.join(known_channels()) or 'no channel yet'}.")
    buffers = load_buffers()
    classes = dict(database.execute_sql(
        'SELECT i.sku, c."class" FROM item i JOIN item_class c ON c.item_id = i.id').fetchall())
    out = []
    for row in available_to_promise():
        free = max(0, row.available)
        held = buffers.buffer(channel, classes.get(row.sku, "C"), row.sku).held_back(free)
        out.append(ChannelAvailability(row.sku, free, held))
    return out
