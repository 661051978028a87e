"""Reserving stock for a kit line: built kits first, then whole sets of components.

Per kit, all or nothing: a kit is promised only when every component can be reserved for it,
each by the component's own removal strategy (FIFO/FEFO/LIFO, through app/core/allocation.py's
candidates). Component units a line holds beyond its whole kits (after a short pick, say) count
toward the next kit; those that still make no whole kit are given back, so no order keeps half
a kit that another order could ship.
"""

from datetime import date

from app.core import kit_lines, ledger
from app.core.allocation import LineNeed, candidates, reserve_from
from app.db.models import Item, database
from app.db.transactions import lock_rows


def allocate_kit_line(need: LineNeed, kit: Item, recipe: dict[int, int], today: date,
                      exclude_location: int | None = None) -> int:
    """Reserve the kits the line still needs; returns how many kits stay on backorder."""
    wanted = need.open
    # Lock every item the decision reads, in id order, so two stations cannot deadlock.
    ids = sorted({kit.id, *recipe})
    lock_rows("quant", f"item_id IN ({', '.join('?' * len(ids))})", tuple(ids))
    if wanted:
        wanted = reserve_from(need.line_id, kit, wanted,
                              list(candidates(kit, today, exclude_location)),
                              f"built kit {kit.sku}: ")
    picked, reserved = kit_lines.line_units([need.line_id])[need.line_id]
    held = kit_lines.held(picked, reserved)
    extra = kit_lines.surplus(kit.id, recipe, held)
    components = {i.id: i for i in Item.select().where(Item.id.in_(list(recipe)))}
    found = {c: list(candidates(components[c], today, exclude_location)) for c in recipe}
    free = {c: sum(x.available for x in found[c]) for c in recipe}
    kits = min([wanted] + [(free[c] + extra.get(c, 0)) // q for c, q in recipe.items()])
    for c, q in sorted(recipe.items()):
        missing = kits * q - extra.get(c, 0)
        if missing > 0:
            reserve_from(need.line_id, components[c], missing, found[c],
                         f"component of kit {kit.sku}: ")
            held[c] = held.get(c, 0) + missing
    _give_back_half_kits(need.line_id, kit.id, recipe, held)
    return wanted - kits


def _give_back_half_kits(line_id: int, kit_id: int, recipe: dict[int, int],
                         held: dict[int, int]) -> None:
    """Release reserved component units that make no whole kit (picked ones are in packing
    already and stay)."""
    for component, units in sorted(kit_lines.surplus(kit_id, recipe, held).items()):
        rows = database.execute_sql(
            "SELECT id, qty FROM reservation WHERE line_id = ? AND item_id = ? "
            "ORDER BY id DESC", (line_id, component)).fetchall()
        for reservation_id, qty in rows:
            if units <= 0:
                break
            units -= ledger.release(reservation_id, min(qty, units))
