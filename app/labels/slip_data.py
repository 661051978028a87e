"""What a packing slip shows, as plain data: app/core/slips.py fills it from the order and the
shipment's boxes, app/labels/packing_slip.py lays it out. No Qt here, so the core and the
stations can build one without loading it.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Paper sizes a slip prints on, width x height in millimetres.
PAPERS = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4), "4x6": (101.6, 152.4)}


def paper_named(name: str) -> str:
    """The paper of that name (any case, "4x6in" too), or A4 for one Binwise does not know."""
    wanted = name.strip().lower().removesuffix("in").removesuffix("inch").strip()
    return next((p for p in PAPERS if p.lower() == wanted), "A4")


@dataclass(frozen=True)
class SlipLine:
    sku: str
    name: str
    qty: int
    lots: tuple[str, ...] = ()  # e.g. "L24123A exp 2026-12-31 × 2"
    unit_price: Decimal | None = None

    @property
    def amount(self) -> Decimal | None:
        return None if self.unit_price is None else self.unit_price * self.qty


@dataclass(frozen=True)
class FollowLine:
    """Ordered and not in this shipment nor shipped before: it comes in a later parcel."""

    sku: str
    name: str
    qty: int


@dataclass(frozen=True)
class Slip:
    order: str
    order_date: date | None
    shipment: int
    shipments: int  # known so far; more when a later part is shipped separately
    boxes: int
    seller_name: str
    seller_address: tuple[str, ...]
    logo: bytes  # PNG, or empty
    ship_to_name: str
    ship_to_address: tuple[str, ...]
    currency: str
    lines: tuple[SlipLine, ...]
    to_follow: tuple[FollowLine, ...]
    note: str
    gift_message: str
    gift: bool  # no prices anywhere

    @property
    def priced(self) -> bool:
        """Whether the slip shows prices: never on a gift slip, else when the shop sent any."""
        return not self.gift and any(line.unit_price is not None for line in self.lines)

    @property
    def total(self) -> Decimal | None:
        """The shipment's value; None when a price is missing (a partial total misleads)."""
        amounts = [line.amount for line in self.lines]
        if not self.priced or any(a is None for a in amounts):
            return None
        return sum(amounts, Decimal(0))


def slip_file_name(order: str, shipment: int) -> str:
    """`slip-<order>-<shipment>.pdf`, with only characters every file system takes."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "", order) or "order"
    return f"slip-{safe}-{shipment}.pdf"
