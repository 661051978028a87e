"""Order lines for kits, counted in kits: a line's units are its components (or built kits).

A kit line's reservations, picks, packed and shipped units are of its components, or of the
kit item itself where the seller keeps built kits. A kit counts as covered only when all its
components are there, so half a kit is never counted: kits = built kits + the minimum over the
components of floor(units of the component / qty per kit).
"""

from collections.abc import Iterable, Mapping

from app.db.models import database


def kits_in(kit_id: int, recipe: Mapping[int, int], units: Mapping[int, int]) -> int:
    """Whole kits in `units` (item id -> units): built kits plus complete sets of components."""
    built = units.get(kit_id, 0)
    if not recipe:
        return built
    return built + min(max(0, units.get(c, 0)) // q for c, q in recipe.items())


def surplus(kit_id: int, recipe: Mapping[int, int], units: Mapping[int, int]) -> dict[int, int]:
    """Component units beyond the complete sets: what half a kit holds."""
    sets = kits_in(kit_id, recipe, units) - units.get(kit_id, 0)
    return {c: units.get(c, 0) - sets * q for c, q in recipe.items()
            if units.get(c, 0) > sets * q}


_UNITS = """
SELECT line_id, item_id, SUM(picked), SUM(reserved) FROM (
  SELECT m.line_id, m.item_id,
         SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END) AS picked,
         0 AS reserved
    FROM move m WHERE m.doc_type = 'order' AND m.kind = 'pick' AND m.line_id IN ({ids})
   GROUP BY m.line_id, m.item_id
  UNION ALL
  SELECT r.line_id, r.item_id, 0, SUM(r.qty) FROM reservation r WHERE r.line_id IN ({ids})
   GROUP BY r.line_id, r.item_id) u
 GROUP BY line_id, item_id
"""


def line_units(line_ids: Iterable[int]) -> dict[int, tuple[dict[int, int], dict[int, int]]]:
    """Per kit line: (picked units by item, reserved units by item)."""
    ids = sorted(set(line_ids))
    out: dict[int, tuple[dict[int, int], dict[int, int]]] = {i: ({}, {}) for i in ids}
    if not ids:
        return out
    marks = ", ".join("?" * len(ids))
    for line_id, item_id, picked, reserved in database.execute_sql(
            _UNITS.format(ids=marks), (*ids, *ids)):
        out[line_id][0][item_id] = int(picked)
        out[line_id][1][item_id] = int(reserved)
    return out


def held(picked: Mapping[int, int], reserved: Mapping[int, int]) -> dict[int, int]:
    """Units picked or reserved, by item."""
    return {i: picked.get(i, 0) + reserved.get(i, 0) for i in {*picked, *reserved}}


def done_per_line(lines: Iterable, measure: str,
                  recipes: Mapping[int, Mapping[int, int]]) -> dict[int, int]:
    """Per order line, how much of it `measure` ("picked", "packed", "shipped") covers, in the
    line's own units: units for a plain line, whole kits for a kit line. `lines` are rows by
    line, item and lot with `line_id`, `item_id`, `line_item_id` and the measure."""
    units: dict[int, dict[int, int]] = {}
    line_items: dict[int, int] = {}
    for line in lines:
        line_items[line.line_id] = line.line_item_id
        by_item = units.setdefault(line.line_id, {})
        by_item[line.item_id] = by_item.get(line.item_id, 0) + getattr(line, measure)
    return {line_id: kits_in(line_items[line_id], recipes.get(line_items[line_id], {}), by_item)
            for line_id, by_item in units.items()}
