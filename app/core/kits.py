"""Kits and bundles: a kit SKU sold as one unit and made of components, so many of each per kit.

The recipe lives in `kit_component`. A kit never contains itself, directly or through another
kit. A component may itself be a kit: it is then taken as that kit's own built stock, never
split further. A kit's recipe cannot change while an open order holds stock for it (its
reservations and picks were counted by the old recipe).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.errors import BinwiseError
from app.core.quantities import MAX_QTY
from app.db.models import Item, KitComponent, database


@dataclass(frozen=True)
class Component:
    item_id: int
    sku: str
    name: str
    qty: int  # per kit


@dataclass(frozen=True)
class Kit:
    item_id: int
    sku: str
    name: str
    components: tuple[Component, ...]


def recipe(kit_id: int) -> dict[int, int]:
    """Component item id -> qty per kit; empty when the item is not a kit."""
    return dict(database.execute_sql(
        "SELECT component_id, qty FROM kit_component WHERE kit_id = ? ORDER BY component_id",
        (kit_id,)).fetchall())


def recipes(kit_ids: Iterable[int] | None = None) -> dict[int, dict[int, int]]:
    """Every kit's recipe (or those of `kit_ids`), kit id -> component id -> qty per kit."""
    sql = "SELECT kit_id, component_id, qty FROM kit_component"
    params: tuple = ()
    if kit_ids is not None:
        ids = sorted(set(kit_ids))
        if not ids:
            return {}
        sql += f" WHERE kit_id IN ({', '.join('?' * len(ids))})"
        params = tuple(ids)
    out: dict[int, dict[int, int]] = {}
    for kit_id, component_id, qty in database.execute_sql(sql, params):
        out.setdefault(kit_id, {})[component_id] = qty
    return out


def is_kit(item_id: int) -> bool:
    return database.execute_sql("SELECT 1 FROM kit_component WHERE kit_id = ? LIMIT 1",
                                (item_id,)).fetchone() is not None


def kits(sku: str | None = None) -> list[Kit]:
    """Kits with their components, by SKU (only `sku` when given; refused if it is no kit)."""
    where, params = "", ()
    if sku is not None:
        item = Item.get_or_none(Item.sku == sku)
        if item is None:
            raise BinwiseError(f"No item with SKU '{sku}'.")
        where, params = "WHERE k.kit_id = ?", (item.id,)
    rows = database.execute_sql(f"""
        SELECT k.kit_id, ki.sku, ki.name, k.component_id, ci.sku, ci.name, k.qty
          FROM kit_component k JOIN item ki ON ki.id = k.kit_id
          JOIN item ci ON ci.id = k.component_id {where}
         ORDER BY ki.sku, ci.sku""", params).fetchall()
    if sku is not None and not rows:
        raise BinwiseError(f"{sku} is not a kit: it has no components.")
    out: dict[int, Kit] = {}
    for kit_id, kit_sku, kit_name, comp_id, comp_sku, comp_name, qty in rows:
        kit = out.setdefault(kit_id, Kit(kit_id, kit_sku, kit_name, ()))
        out[kit_id] = Kit(kit_id, kit_sku, kit_name,
                          (*kit.components, Component(comp_id, comp_sku, comp_name, qty)))
    return list(out.values())


def kit_of(item_id: int) -> Kit | None:
    item = Item.get_by_id(item_id)
    found = kits(item.sku) if is_kit(item_id) else []
    return found[0] if found else None


def cycle(graph: dict[int, dict[int, int]], kit_id: int) -> list[int] | None:
    """A path kit -> ... -> kit through the recipes, when the kit contains itself."""
    stack: list[tuple[int, list[int]]] = [(c, [kit_id, c]) for c in graph.get(kit_id, {})]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node == kit_id:
            return path
        if node in seen:
            continue
        seen.add(node)
        stack.extend((c, [*path, c]) for c in graph.get(node, {}))
    return None


def _sku_path(path: list[int]) -> str:
    skus = dict(database.execute_sql(
        f"SELECT id, sku FROM item WHERE id IN ({', '.join('?' * len(set(path)))})",
        tuple(set(path))).fetchall())
    return " -> ".join(skus[i] for i in path)


def in_use(kit_id: int) -> str | None:
    """The number of an open order holding stock for this kit (reserved or picked), if any."""
    row = database.execute_sql("""
        SELECT o.number FROM sales_order_line ol JOIN sales_order o ON o.id = ol.order_id
         WHERE ol.item_id = ? AND o.status NOT IN ('shipped', 'cancelled')
           AND (EXISTS (SELECT 1 FROM reservation r WHERE r.line_id = ol.id)
                OR EXISTS (SELECT 1 FROM move m WHERE m.doc_type = 'order'
                             AND m.line_id = ol.id AND m.kind = 'pick'))
         ORDER BY o.number LIMIT 1""", (kit_id,)).fetchone()
    return row[0] if row else None


def check_change(kit_id: int, new: dict[int, int], graph: dict[int, dict[int, int]],
                 old: dict[int, int] | None = None) -> None:
    """Refuse a recipe that makes a cycle in `graph` (every recipe, this one replaced by
    `new`), or that differs from `old` while an order holds stock for the kit."""
    for component_id, qty in new.items():
        if component_id == kit_id:
            raise BinwiseError(f"{_sku_path([kit_id])} cannot contain itself.")
        if not 0 < qty <= MAX_QTY:
            raise BinwiseError(f"A component is needed 1 to {MAX_QTY:,} times per kit.")
    path = cycle({**graph, kit_id: new}, kit_id)
    if path:
        raise BinwiseError(f"{_sku_path([kit_id])} would contain itself: {_sku_path(path)}.")
    if new != (graph.get(kit_id, {}) if old is None else old):
        order = in_use(kit_id)
        if order:
            raise BinwiseError(f"Order {order} holds stock for kit {_sku_path([kit_id])}: "
                               f"change its components once that order has shipped.")


def write_recipe(kit_id: int, new: dict[int, int]) -> None:
    """Replace a kit's components (inside the caller's transaction)."""
    KitComponent.delete().where(KitComponent.kit == kit_id).execute()
    if new:
        KitComponent.insert_many([{"kit": kit_id, "component": c, "qty": q}
                                  for c, q in sorted(new.items())]).execute()


def set_components(kit_sku: str, components: dict[str, int]) -> Kit | None:
    """Make `kit_sku` a kit of exactly these components (SKU -> qty per kit); an empty dict
    makes it a plain item again. Returns the kit as stored."""
    with database.atomic():
        kit = Item.get_or_none(Item.sku == kit_sku)
        if kit is None:
            raise BinwiseError(f"No item with SKU '{kit_sku}'.")
        new = {}
        for sku, qty in components.items():
            item = Item.get_or_none(Item.sku == sku)
            if item is None:
                raise BinwiseError(f"No item with SKU '{sku}'.")
            new[item.id] = qty
        check_change(kit.id, new, recipes())
        write_recipe(kit.id, new)
    return kit_of(kit.id)


def components_of(sku: str) -> tuple[Component, ...]:
    """The item's components; none when it is a plain item (refused when there is no item)."""
    return next((kit.components for kit in _kits_or_none(sku)), ())


def add_component(kit_sku: str, component_sku: str, qty: int) -> Kit | None:
    """Add a component (or change how many go in each kit)."""
    current = {c.sku: c.qty for kit in _kits_or_none(kit_sku) for c in kit.components}
    return set_components(kit_sku, {**current, component_sku: qty})


def remove_component(kit_sku: str, component_sku: str) -> Kit | None:
    current = {c.sku: c.qty for kit in _kits_or_none(kit_sku) for c in kit.components}
    if component_sku not in current:
        raise BinwiseError(f"{component_sku} is not a component of {kit_sku}.")
    del current[component_sku]
    return set_components(kit_sku, current)


def _kits_or_none(sku: str) -> list[Kit]:
    item = Item.get_or_none(Item.sku == sku)
    if item is None:
        raise BinwiseError(f"No item with SKU '{sku}'.")
    return kits(sku) if is_kit(item.id) else []
