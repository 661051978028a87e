"""How each item is reordered, set by hand: its supplier, a fixed reorder point or min/max, the
supplier's minimum order and pack size, and whether the supplier ships it to the customers
(dropship). Imported from a file `sku[,supplier,reorder_point,min,max,moq,pack,dropship]`
(empty cells: computed, 1 or no); a row replaces what the item had. All or nothing, like
every import.
"""

from pathlib import Path

from app.core.csv_input import choice, read_rows, required_text, whole
from app.db.models import Item, ItemReplenishment, Supplier, database

COLUMNS = (("sku",), ("supplier", "reorder_point", "min", "max", "moq", "pack", "dropship"))
_YES, _NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")


def import_item_settings(path: str | Path) -> int:
    rows = read_rows(path, COLUMNS, "Replenishment")
    settings = []
    seen: dict[str, int] = {}
    for row in rows:
        sku = required_text(row, "sku", "a SKU")
        item = Item.get_or_none(Item.sku == sku)
        if item is None:
            raise row.fail("sku", f"no item with SKU '{sku}'")
        if item.id in seen:
            raise row.fail("sku", f"{sku} is already on row {seen[item.id]}")
        seen[item.id] = row.number
        supplier = None
        if row.get("supplier"):
            supplier = Supplier.get_or_none(Supplier.name == row.get("supplier"))
            if supplier is None:
                raise row.fail("supplier", f"no supplier named '{row.get('supplier')}' (a PO "
                                           f"import creates suppliers)")
        dropship = choice(row, "dropship", _YES + _NO) in _YES
        if dropship and supplier is None:
            raise row.fail("supplier", f"{sku} is dropship: name the supplier who ships it")
        low, high = whole(row, "min", 0), whole(row, "max", 0)
        if low is not None and high is not None and high < low:
            raise row.fail("max", f"{high} is below the min of {low}")
        settings.append({
            "item": item.id, "supplier": supplier.id if supplier else None,
            "reorder_point": whole(row, "reorder_point", 0), "min_qty": low, "max_qty": high,
            "moq": whole(row, "moq", 1) or 1, "pack_multiple": whole(row, "pack", 1) or 1,
            "dropship": dropship})
    with database.atomic():
        ItemReplenishment.delete().where(ItemReplenishment.item.in_(list(seen))).execute()
        for chunk in range(0, len(settings), 500):
            ItemReplenishment.insert_many(settings[chunk:chunk + 500]).execute()
    return len(settings)
