"""What a shop may sell of its kits: built kits free, plus the whole kits its free components
make (the minimum over the components of floor(free units / qty per kit)).

A component's own figure is already net of what kit orders reserved (reservations are of the
components). A component that is itself a kit counts only its built stock, as allocation does.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar

from app.core import kits
from app.db.models import database

T = TypeVar("T")


def with_kits(rows: Sequence[T], item_ids: Sequence[int]) -> list[T]:
    """`rows` (with `available` and a `from_components` field), one per item id, in the same
    order; kits get their `from_components` filled in."""
    recipes = kits.recipes()
    if not recipes:
        return list(rows)
    free = {item_id: max(0, row.available)  # type: ignore[attr-defined]
            for item_id, row in zip(item_ids, rows, strict=True)}
    out = list(rows)
    for index, item_id in enumerate(item_ids):
        recipe = recipes.get(item_id)
        if recipe:
            made = min(free.get(c, 0) // q for c, q in recipe.items())
            out[index] = replace(out[index], from_components=made)  # type: ignore[type-var]
    return out


def makeable(kit_id: int, today: date | None = None) -> int:
    """How many more kits the free components make now (as `export available` counts them)."""
    recipe = kits.recipe(kit_id)
    if not recipe:
        return 0
    ids = sorted(recipe)
    rows = database.execute_sql(f"""
        SELECT q.item_id, SUM(q.qty - q.reserved) FROM quant q
          JOIN location loc ON loc.id = q.location_id LEFT JOIN lot l ON l.id = q.lot_id
         WHERE q.item_id IN ({', '.join('?' * len(ids))}) AND loc.kind IN ('bin', 'dock')
           AND (l.expiry IS NULL OR l.expiry >= ?)
         GROUP BY q.item_id""", (*ids, (today or date.today()).isoformat())).fetchall()
    free = {item_id: max(0, int(units)) for item_id, units in rows}
    return min(free.get(c, 0) // q for c, q in recipe.items())
