"""Importing how items are reordered: a fixed reorder point, min/max, minimum order, packs."""

import pytest

from app.core.errors import ImportFileError
from app.core.replenishment.item_settings import import_item_settings
from app.db.models import Item, ItemReplenishment, Supplier


def test_import_and_replace(db, tmp_path):
    Supplier.create(name="Acme")
    for sku in ("MUG", "CUP"):
        Item.create(sku=sku, name=sku.title())
    path = tmp_path / "r.csv"
    path.write_text("sku,supplier,reorder_point,min,max,moq,pack\n"
                    "MUG,Acme,20,,,12,6\nCUP,,,5,30,,\n", encoding="utf-8")
    assert import_item_settings(path) == 2
    mug = ItemReplenishment.get(ItemReplenishment.item == Item.get(sku="MUG"))
    assert (mug.supplier.name, mug.reorder_point, mug.moq, mug.pack_multiple) == (
        "Acme", 20, 12, 6)
    cup = ItemReplenishment.get(ItemReplenishment.item == Item.get(sku="CUP"))
    assert (cup.supplier, cup.min_qty, cup.max_qty, cup.moq) == (None, 5, 30, 1)
    path.write_text("sku,moq\nMUG,3\n", encoding="utf-8")
    import_item_settings(path)
    mug = ItemReplenishment.get(ItemReplenishment.item == Item.get(sku="MUG"))
    assert (mug.supplier, mug.reorder_point, mug.moq) == (None, None, 3)


@pytest.mark.parametrize("line,problem", [
    ("NOPE,,5", "no item with SKU 'NOPE'"),
    ("MUG,Birch,5", "no supplier named 'Birch'"),
    ("MUG,,,10,5", "5 is below the min of 10"),
    ("MUG,,-1", "'-1' is not a whole number"),
    ("CUP,,2", "CUP is already on row 2"),
])
def test_a_bad_row_changes_nothing(db, tmp_path, line, problem):
    Item.create(sku="MUG", name="Mug")
    Item.create(sku="CUP", name="Cup")
    path = tmp_path / "r.csv"
    path.write_text(f"sku,supplier,reorder_point,min,max\nCUP,,1\n{line}\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=problem):
        import_item_settings(path)
    assert ItemReplenishment.select().count() == 0


def test_dropship_items_need_their_supplier(db, tmp_path):
    Supplier.create(name="Acme")
    for sku in ("SOFA", "MUG", "LAMP"):
        Item.create(sku=sku, name=sku.title())
    path = tmp_path / "r.csv"
    path.write_text("sku,supplier,dropship\nSOFA,Acme,yes\nMUG,,no\nLAMP,Acme,\n",
                    encoding="utf-8")
    assert import_item_settings(path) == 3
    flags = {r.item.sku: r.dropship for r in ItemReplenishment.select()}
    assert flags == {"SOFA": True, "MUG": False, "LAMP": False}
    path.write_text("sku,supplier,dropship\nMUG,,yes\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="MUG is dropship: name the supplier"):
        import_item_settings(path)
    path.write_text("sku,supplier,dropship\nMUG,Acme,maybe\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="'maybe' is not one of"):
        import_item_settings(path)
    assert not ItemReplenishment.get(ItemReplenishment.item == Item.get(sku="MUG")).dropship
