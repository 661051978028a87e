"""What a shop may sell of its kits: built kits free, plus the whole kits its free components
make (the minimum over the components of floor(free units / qty per kit)).

A component's own figure is already net of what kit orders reserved (reservations are of the
components). A component that is itself a kit counts only its built stock, as allocation does.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from app.core import kits

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
