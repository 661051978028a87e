"""What the demo barcode sheet is drawn from, as plain records: app.core.demo_sheet_data reads
them from the database, app.labels.demo_sheet draws them."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PoLineRow:
    sku: str
    name: str
    tracking: str
    ordered: int
    gtin: str | None  # 14 digits
    other: str | None  # any barcode of the item


@dataclass(frozen=True)
class OpenPoRow:
    number: str
    supplier: str
    created: date
    lines: list[PoLineRow]


@dataclass(frozen=True)
class PickRow:
    bin: str
    sku: str
    gtin: str | None
    other: str | None
    lot: str | None
    expiry: date | None
    qty: int


@dataclass(frozen=True)
class OrderPicks:
    number: str
    picks: list[PickRow]


@dataclass(frozen=True)
class SheetData:
    source: str  # the database file's name
    open_pos: list[OpenPoRow]
    bins: list[tuple[str, str]]  # (bin code, why it is on the sheet)
    orders: list[OrderPicks]
    # (name, role, badge code, PIN when it is a demo person's) of everyone with a badge.
    badges: list[tuple[str, str, str, str | None]] = field(default_factory=list)
