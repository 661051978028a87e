"""The replenishment policy: demand window, service level per ABC class, lead-time defaults and
the order cycle. Stored in the database like the counting policy, so every station plans the
same way; missing or malformed values fall back to the defaults.
"""

import json
from dataclasses import asdict, dataclass, field

from app.core.errors import BinwiseError
from app.db.models import WarehouseSetting

_KEY = "replenishment"


@dataclass(frozen=True)
class ReplenishPolicy:
    # Days of sales history that daily demand is measured over.
    window_days: int = 90
    # Chance of not running out during a lead time, in percent, per ABC class.
    service_level: dict[str, float] = field(
        default_factory=lambda: {"A": 98.0, "B": 95.0, "C": 90.0})
    # Lead time (days) of a supplier with no receipts yet; per supplier name, else the default.
    default_lead_days: float = 14.0
    supplier_lead_days: dict[str, float] = field(default_factory=dict)
    # Days between two orders to the same supplier: a suggestion covers them too.
    order_cycle_days: int = 14
    # No sale in this many days: a dead item (reports).
    dead_days: int = 180

    def lead_days_for(self, supplier: str | None) -> float:
        return self.supplier_lead_days.get(supplier or "", self.default_lead_days)

    def check(self) -> None:
        if not 7 <= self.window_days <= 3660:
            raise BinwiseError("The demand window must be 7 to 3660 days.")
        for klass in "ABC":
            level = self.service_level.get(klass)
            if level is None or not 50 <= level < 100:
                raise BinwiseError(f"The service level of class {klass} must be at least 50 % "
                                   f"and below 100 %.")
        if self.default_lead_days < 0 or any(v < 0 for v in self.supplier_lead_days.values()):
            raise BinwiseError("A lead time cannot be negative.")
        if self.order_cycle_days < 0 or self.dead_days < 1:
            raise BinwiseError("The order cycle cannot be negative and dead days must be >= 1.")


def load_policy() -> ReplenishPolicy:
    row = WarehouseSetting.get_or_none(WarehouseSetting.key == _KEY)
    if row is None:
        return ReplenishPolicy()
    try:
        return policy_from(json.loads(row.value))
    except (ValueError, KeyError, TypeError, AttributeError, BinwiseError):
        return ReplenishPolicy()


def policy_from(data: dict) -> ReplenishPolicy:
    """A policy from its JSON form (missing keys: the defaults); checked."""
    defaults = ReplenishPolicy()
    policy = ReplenishPolicy(
        window_days=int(data.get("window_days", defaults.window_days)),
        service_level={k: float(v) for k, v in
                       data.get("service_level", defaults.service_level).items()},
        default_lead_days=float(data.get("default_lead_days", defaults.default_lead_days)),
        supplier_lead_days={str(k): float(v) for k, v in
                            data.get("supplier_lead_days", {}).items()},
        order_cycle_days=int(data.get("order_cycle_days", defaults.order_cycle_days)),
        dead_days=int(data.get("dead_days", defaults.dead_days)))
    policy.check()
    return policy


def save_policy(policy: ReplenishPolicy) -> None:
    policy.check()
    value = json.dumps(asdict(policy))
    WarehouseSetting.insert(key=_KEY, value=value).on_conflict(
        conflict_target=[WarehouseSetting.key], update={WarehouseSetting.value: value}).execute()
