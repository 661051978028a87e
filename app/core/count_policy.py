"""The warehouse's counting policy: ABC thresholds, how often each class is counted, the
working days, and the variance each class tolerates. Stored in the database, so every station
on the file follows the same policy; missing or malformed values fall back to the defaults.
"""

import json
from dataclasses import asdict, dataclass, field

from app.core import users
from app.core.errors import BinwiseError
from app.db.models import WarehouseSetting

CLASSES = ("A", "B", "C")
_KEY = "counting"


@dataclass(frozen=True)
class Tolerance:
    units: int = 0
    percent: float = 0.0

    def allows(self, variance: int, expected: int) -> bool:
        """Within tolerance: at most `units`, or at most `percent` of what was expected."""
        limit = max(self.units, abs(expected) * self.percent / 100)
        return abs(variance) <= limit


@dataclass(frozen=True)
class CountPolicy:
    # Cumulative share of annual usage value: A up to 80 %, B up to 95 %, C the rest.
    a_share: float = 80.0
    b_share: float = 95.0
    # Counts a year per class: monthly, quarterly, yearly.
    per_year: dict[str, int] = field(default_factory=lambda: {"A": 12, "B": 4, "C": 1})
    # ISO weekdays counted on: Monday (1) to Friday (5).
    workdays: tuple[int, ...] = (1, 2, 3, 4, 5)
    tolerance: dict[str, Tolerance] = field(default_factory=lambda: {
        "A": Tolerance(0, 0.0), "B": Tolerance(1, 2.0), "C": Tolerance(2, 5.0)})

    def interval(self, klass: str) -> int:
        """Working days between two counts of a bin of this class."""
        days_a_year = 52 * len(self.workdays)
        return max(1, round(days_a_year / max(1, self.per_year[klass])))

    def check(self) -> None:
        if not 0 < self.a_share < self.b_share <= 100:
            raise BinwiseError("ABC thresholds must satisfy 0 < A < B <= 100 (percent).")
        if not self.workdays or any(d not in range(1, 8) for d in self.workdays):
            raise BinwiseError("Working days are ISO weekdays 1 (Monday) to 7 (Sunday).")
        for klass in CLASSES:
            if self.per_year.get(klass, 0) < 1:
                raise BinwiseError(f"Class {klass} must be counted at least once a year.")
            tolerance = self.tolerance.get(klass)
            if tolerance is None or tolerance.units < 0 or tolerance.percent < 0:
                raise BinwiseError(f"The tolerance of class {klass} cannot be negative.")


def load_policy() -> CountPolicy:
    row = WarehouseSetting.get_or_none(WarehouseSetting.key == _KEY)
    if row is None:
        return CountPolicy()
    try:
        data = json.loads(row.value)
        policy = CountPolicy(
            a_share=float(data["a_share"]), b_share=float(data["b_share"]),
            per_year={k: int(data["per_year"][k]) for k in CLASSES},
            workdays=tuple(int(d) for d in data["workdays"]),
            tolerance={k: Tolerance(int(data["tolerance"][k]["units"]),
                                    float(data["tolerance"][k]["percent"])) for k in CLASSES})
        policy.check()
        return policy
    except (ValueError, KeyError, TypeError, BinwiseError):
        return CountPolicy()


def save_policy(policy: CountPolicy, user_id: int | None = None,
                approver_id: int | None = None) -> None:
    """Store the policy; changing it needs a supervisor."""
    users.approve(user_id, approver_id, "supervisor", "Changing the count policy")
    policy.check()
    value = json.dumps(asdict(policy))
    (WarehouseSetting.insert(key=_KEY, value=value)
     .on_conflict(conflict_target=[WarehouseSetting.key], update={WarehouseSetting.value: value})
     .execute())
