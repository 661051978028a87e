"""`binwise import kits FILE.csv`: kit recipes from a spreadsheet, `kit_sku,component_sku,qty`.

All or nothing. Each kit named in the file gets exactly the components its rows list (a file
is the whole recipe of the kits it names; kits it does not name are left as they are). A kit
that would contain itself, directly or through another kit, is refused with its rows.
"""

from pathlib import Path

from app.core import kits
from app.core.csv_input import Row, read_rows, required_text, whole
from app.core.errors import BinwiseError
from app.core.quantities import MAX_QTY
from app.db.models import database

KIT_COLUMNS = (("kit_sku", "component_sku", "qty"), ())


def _item_ids(skus: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(skus)
    for start in range(0, len(ordered), 500):
        part = ordered[start:start + 500]
        for item_id, sku in database.execute_sql(
                f"SELECT id, sku FROM item WHERE sku IN ({', '.join('?' * len(part))})",
                tuple(part)):
            found[sku.lower()] = item_id
    # SKUs match without case, as everywhere people type them.
    return {sku: found[sku.lower()] for sku in skus if sku.lower() in found}


def import_kits(path: str | Path) -> int:
    """Import kit recipes; returns how many kits were written."""
    rows = read_rows(path, KIT_COLUMNS, "Kit")
    parsed: list[tuple[Row, str, str, int]] = []
    for row in rows:
        kit = required_text(row, "kit_sku", "the kit's SKU")
        component = required_text(row, "component_sku", "a component's SKU")
        qty = whole(row, "qty", 1, MAX_QTY)
        if qty is None:
            raise row.fail("qty", "is empty; every row needs how many go in one kit")
        if kit.lower() == component.lower():
            raise row.fail("component_sku", f"'{component}' is the kit itself; a kit cannot "
                                            f"contain itself")
        parsed.append((row, kit, component, qty))
    with database.atomic():
        ids = _item_ids({kit for _, kit, _, _ in parsed} | {c for _, _, c, _ in parsed})
        new: dict[int, dict[int, int]] = {}
        first_row: dict[int, int] = {}
        seen: dict[tuple[int, int], int] = {}
        for row, kit, component, qty in parsed:
            for column, sku in (("kit_sku", kit), ("component_sku", component)):
                if sku not in ids:
                    raise row.fail(column, f"no item has the SKU '{sku}'; import it with "
                                           f"`binwise import items` first")
            pair = (ids[kit], ids[component])
            if pair in seen:
                raise row.fail("component_sku", f"{component} is already a component of "
                                                f"{kit} in row {seen[pair]}; list it once")
            seen[pair] = row.number
            new.setdefault(ids[kit], {})[ids[component]] = qty
            first_row.setdefault(ids[kit], row.number)
        current = kits.recipes()
        graph = {**current, **new}
        for kit_id, components in new.items():
            try:
                kits.check_change(kit_id, components, graph, current.get(kit_id, {}))
            except BinwiseError as error:
                raise next(r for r, *_ in parsed if r.number == first_row[kit_id]).fail(
                    "kit_sku", str(error)) from None
        for kit_id, components in new.items():
            kits.write_recipe(kit_id, components)
    return len(new)
