"""Kit recipes: import all or nothing, no kit inside itself, editing, and refusal while an
order holds stock by the old recipe."""

import pytest

from app.core import kits
from app.core.errors import BinwiseError
from app.core.kit_import import import_kits
from app.db.models import Item, KitComponent


@pytest.fixture
def items(db):
    return {sku: Item.create(sku=sku, name=sku.title()) for sku in
            ("GIFTBOX", "MUG", "TEA", "SPOON", "DUO")}


def write(tmp_path, text):
    path = tmp_path / "kits.csv"
    path.write_text("kit_sku,component_sku,qty\n" + text, encoding="utf-8")
    return path


def recipe(sku):
    return {c.sku: c.qty for k in kits.kits(sku) for c in k.components}


def test_import_writes_recipes_and_replaces_a_kit_named_again(items, tmp_path):
    assert import_kits(write(tmp_path, "GIFTBOX,MUG,1\nGIFTBOX,TEA,2\nDUO,mug,2\n")) == 2
    assert recipe("GIFTBOX") == {"MUG": 1, "TEA": 2}
    assert recipe("DUO") == {"MUG": 2}
    assert import_kits(write(tmp_path, "GIFTBOX,SPOON,1\n")) == 1
    assert recipe("GIFTBOX") == {"SPOON": 1}
    assert recipe("DUO") == {"MUG": 2}


# The file starts with a good row (row 2) for SPOON, which must not be written either.
@pytest.mark.parametrize("rows, where, words", [
    ("GIFTBOX,MUG,1\nGIFTBOX,NOPE,1\n", "row 4, column 'component_sku'", "NOPE"),
    ("NOKIT,MUG,1\n", "row 3, column 'kit_sku'", "NOKIT"),
    ("GIFTBOX,MUG,0\n", "row 3, column 'qty'", "whole number"),
    ("GIFTBOX,GIFTBOX,1\n", "row 3, column 'component_sku'", "itself"),
    ("GIFTBOX,MUG,1\nGIFTBOX,MUG,2\n", "row 4", "row 3"),
    ("GIFTBOX,DUO,1\nDUO,GIFTBOX,1\n", "row 3", "GIFTBOX -> DUO -> GIFTBOX"),
])
def test_a_bad_file_changes_nothing_and_names_the_row(items, tmp_path, rows, where, words):
    kits.set_components("GIFTBOX", {"TEA": 1})
    with pytest.raises(BinwiseError) as error:
        import_kits(write(tmp_path, "SPOON,MUG,1\n" + rows))
    assert str(error.value).startswith(where)
    assert words in str(error.value)
    assert recipe("GIFTBOX") == {"TEA": 1}
    assert not KitComponent.select().where(KitComponent.kit == items["SPOON"].id).exists()


def test_a_kit_cannot_contain_a_kit_that_contains_it(items):
    kits.set_components("DUO", {"GIFTBOX": 1})
    with pytest.raises(BinwiseError, match="GIFTBOX -> DUO -> GIFTBOX"):
        kits.add_component("GIFTBOX", "DUO", 1)
    assert not kits.is_kit(items["GIFTBOX"].id)


def test_editing_adds_changes_and_removes_components(items):
    kits.add_component("GIFTBOX", "MUG", 1)
    kits.add_component("GIFTBOX", "TEA", 3)
    kits.add_component("GIFTBOX", "MUG", 2)
    assert recipe("GIFTBOX") == {"MUG": 2, "TEA": 3}
    kits.remove_component("GIFTBOX", "MUG")
    assert recipe("GIFTBOX") == {"TEA": 3}
    with pytest.raises(BinwiseError, match="not a component"):
        kits.remove_component("GIFTBOX", "SPOON")
    kits.remove_component("GIFTBOX", "TEA")
    assert not kits.is_kit(items["GIFTBOX"].id)
    with pytest.raises(BinwiseError, match="not a kit"):
        kits.kits("GIFTBOX")
