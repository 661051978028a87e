"""ABC classification by annual usage value: what was shipped in the last 365 days times the
item's unit cost. The items making the top 80 % of the value are A, the next 15 % B, the rest C
(thresholds in the counting policy). Items that did not ship are C.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from app.core.count_policy import CountPolicy
from app.db import execute_many
from app.db.models import ItemClass, database, utcnow


@dataclass(frozen=True)
class AbcSummary:
    counts: dict[str, int]
    values: dict[str, Decimal]


def usage_values(today: date) -> dict[int, Decimal]:
    """Annual usage value per item that shipped in the 365 days before `today`."""
    since = datetime.combine(today - timedelta(days=365), datetime.min.time()).isoformat(" ")
    rows = database.execute_sql("""
        SELECT m.item_id, SUM(m.qty) * i.unit_cost FROM move m JOIN item i ON i.id = m.item_id
         WHERE m.kind = 'ship' AND m.created_at >= ? AND m.reverses_id IS NULL
         GROUP BY m.item_id, i.unit_cost""", (since,))
    return {item_id: Decimal(str(value or 0)) for item_id, value in rows}


def classify(values: dict[int, Decimal], item_ids: list[int],
             policy: CountPolicy) -> dict[int, str]:
    """A, B or C for every item: by rank of value, cut where the cumulative share passes the
    thresholds (the item that crosses a threshold still belongs to the higher class)."""
    total = sum(values.values()) or Decimal(1)
    ranked = sorted((v, i) for i, v in values.items() if v > 0)
    ranked.reverse()
    classes = dict.fromkeys(item_ids, "C")
    running = Decimal(0)
    for value, item_id in ranked:
        share_before = running * 100 / total
        running += value
        if share_before < Decimal(str(policy.a_share)):
            classes[item_id] = "A"
        elif share_before < Decimal(str(policy.b_share)):
            classes[item_id] = "B"
    return classes


def recompute_classes(policy: CountPolicy, today: date | None = None) -> AbcSummary:
    """Classify every active item again and store the result."""
    today = today or date.today()
    values = usage_values(today)
    item_ids = [row[0] for row in database.execute_sql("SELECT id FROM item WHERE active")]
    classes = classify(values, item_ids, policy)
    now = utcnow()
    with database.atomic():
        ItemClass.delete().execute()
        rows = [(item_id, klass, str(values.get(item_id, 0)), now)
                for item_id, klass in classes.items()]
        execute_many(
            'INSERT INTO item_class (item_id, "class", annual_value, computed_at) '
            "VALUES (?, ?, ?, ?)", rows)
    counts = {k: 0 for k in "ABC"}
    sums = {k: Decimal(0) for k in "ABC"}
    for item_id, klass in classes.items():
        counts[klass] += 1
        sums[klass] += values.get(item_id, Decimal(0))
    return AbcSummary(counts, sums)
