"""Orders carry a note and a gift message from the import file to the pack station."""

import pytest

from app.core.errors import BinwiseError
from app.core.order_import import import_orders
from app.db.models import Item, SalesOrder


@pytest.fixture
def items(db):
    Item.create(sku="MUG", name="Mug")
    Item.create(sku="TEA", name="Tea")


def test_own_format_reads_note_and_gift_message(items, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text('order,sku,qty,note,gift_message\n'
                    'S1,MUG,1,,\n'
                    'S1,TEA,1,"Fragile, wrap twice",Happy birthday!\n'
                    'S2,MUG,1,,\n', encoding="utf-8")
    import_orders(path, allocate=False)
    first = SalesOrder.get(SalesOrder.number == "S1")
    assert (first.note, first.gift_message) == ("Fragile, wrap twice", "Happy birthday!")
    assert (SalesOrder.get(SalesOrder.number == "S2").note, "") == ("", "")


def test_shopify_notes_column_is_the_order_note(items, tmp_path):
    path = tmp_path / "orders_export.csv"
    path.write_text("Name,Created at,Lineitem quantity,Lineitem sku,Notes\n"
                    "#1001,2026-11-20 14:03:22 +0100,1,MUG,Leave with the neighbour\n"
                    "#1001,,1,TEA,\n", encoding="utf-8")
    import_orders(path, allocate=False)
    assert SalesOrder.get(SalesOrder.number == "#1001").note == "Leave with the neighbour"


def test_a_note_too_long_names_its_row_and_imports_nothing(items, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order,sku,qty,note\nS1,MUG,1,ok\nS2,MUG,1," + "x" * 2001 + "\n",
                    encoding="utf-8")
    with pytest.raises(BinwiseError, match="row 3, column 'note'"):
        import_orders(path, allocate=False)
    assert SalesOrder.select().count() == 0
