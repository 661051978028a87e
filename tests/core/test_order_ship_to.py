"""Orders carry the ship-to address, the currency and each line's unit price from the import
file (our own columns or a Shopify export) to the packing slip."""

from decimal import Decimal

import pytest

from app.core.errors import BinwiseError
from app.core.order_import import import_orders
from app.db.models import Item, SalesOrder, SalesOrderLine


@pytest.fixture
def items(db):
    Item.create(sku="MUG", name="Mug")
    Item.create(sku="TEA", name="Tea")


def _prices(number: str) -> dict[str, Decimal | None]:
    order = SalesOrder.get(SalesOrder.number == number)
    return {line.item.sku: line.unit_price for line in
            SalesOrderLine.select().where(SalesOrderLine.order == order)}


def test_own_format_reads_ship_to_and_prices(items, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text('order,sku,qty,ship_to_name,ship_to_address,price,currency\n'
                    'S1,MUG,2,Ada Lovelace,"12 St James Sq|London SW1Y 4JH| |UK",12.5,gbp\n'
                    'S1,TEA,1,,,,\n'
                    'S2,MUG,1,Bob,1 Main St|Springfield,,\n', encoding="utf-8")
    import_orders(path, allocate=False)
    first = SalesOrder.get(SalesOrder.number == "S1")
    assert first.ship_to_name == "Ada Lovelace"
    assert first.ship_to_address == "12 St James Sq\nLondon SW1Y 4JH\nUK"
    assert first.currency == "GBP"
    assert _prices("S1") == {"MUG": Decimal("12.50"), "TEA": None}
    assert SalesOrder.get(SalesOrder.number == "S2").ship_to_address == "1 Main St\nSpringfield"


def test_shopify_shipping_columns_and_lineitem_price(items, tmp_path):
    path = tmp_path / "orders_export.csv"
    path.write_text(
        "Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Shipping Name,"
        "Shipping Address1,Shipping Address2,Shipping City,Shipping Zip,Shipping Province,"
        "Shipping Country,Shipping Phone\n"
        "#1001,EUR,2,24.90,MUG,Grace Hopper,Hauptstr. 5,2. OG,Berlin,10115,,DE,+49 30 1234\n"
        "#1001,,1,3.00,TEA,,,,,,,,\n", encoding="utf-8")
    import_orders(path, allocate=False)
    order = SalesOrder.get(SalesOrder.number == "#1001")
    assert (order.ship_to_name, order.currency) == ("Grace Hopper", "EUR")
    assert order.ship_to_address == "Hauptstr. 5\n2. OG\n10115 Berlin\nDE\n+49 30 1234"
    assert _prices("#1001") == {"MUG": Decimal("24.90"), "TEA": Decimal("3.00")}


def test_files_without_the_columns_import_as_before(items, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order,sku,qty\nS1,MUG,1\n", encoding="utf-8")
    import_orders(path, allocate=False)
    order = SalesOrder.get(SalesOrder.number == "S1")
    assert (order.ship_to_name, order.ship_to_address, order.currency) == ("", "", "")
    assert _prices("S1") == {"MUG": None}


def test_a_bad_price_names_its_row_and_imports_nothing(items, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order,sku,qty,price\nS1,MUG,1,2.00\nS2,MUG,1,$3\n", encoding="utf-8")
    with pytest.raises(BinwiseError, match="row 3, column 'price'"):
        import_orders(path, allocate=False)
    assert SalesOrder.select().count() == 0
