"""A purchase order as the supplier receives it (`binwise export po PO-NUMBER FILE.pdf`): the
seller's name when the warehouse settings have one, the PO's header and lines and the total.
The data only; app/labels/po_pdf.py lays it out.
"""

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

from app.core.errors import BinwiseError
from app.core.replenishment.suggest import po_rows
from app.db.models import WarehouseSetting

_KEY = "seller"


@dataclass(frozen=True)
class Seller:
    """Who buys: printed at the top of every PO sent to a supplier."""

    name: str = ""

    def check(self) -> None:
        if len(self.name) > 200:
            raise BinwiseError("The seller's name is at most 200 characters.")


def load_seller() -> Seller:
    row = WarehouseSetting.get_or_none(WarehouseSetting.key == _KEY)
    if row is None:
        return Seller()
    try:
        return seller_from(json.loads(row.value))
    except (ValueError, TypeError, AttributeError, BinwiseError):
        return Seller()


def seller_from(data: dict) -> Seller:
    seller = Seller(str(data.get("name", "")).strip())
    seller.check()
    return seller


def save_seller(seller: Seller) -> None:
    seller.check()
    value = json.dumps(asdict(seller))
    WarehouseSetting.insert(key=_KEY, value=value).on_conflict(
        conflict_target=[WarehouseSetting.key], update={WarehouseSetting.value: value}).execute()


@dataclass(frozen=True)
class PoLine:
    sku: str
    name: str
    qty: int
    unit_cost: Decimal
    value: Decimal


@dataclass(frozen=True)
class PoDocument:
    seller: str
    number: str
    supplier: str
    created: date
    expected: date | None
    dropship: bool
    lines: tuple[PoLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal(0))


def _day(value: str | date | datetime) -> date:
    # SQLite hands back text, PostgreSQL a date or datetime.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def po_document(number: str) -> PoDocument:
    po, rows = po_rows(number)
    return PoDocument(load_seller().name, po.number, po.supplier.name, _day(po.created_at),
                      _day(po.expected) if po.expected else None, bool(po.dropship),
                      tuple(PoLine(*row) for row in rows))
