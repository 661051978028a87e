"""The catalog: items and their barcodes, GTIN normalisation."""

from app.db.models import Item, ItemBarcode

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(payload: str) -> int:
    """GS1 check digit: weights 3,1,3,1... from the rightmost payload digit."""
    # Slices and map() instead of a loop per digit: imports check 100,000 barcodes at a time.
    digits = payload[::-1]
    total = 3 * sum(map(int, digits[0::2])) + sum(map(int, digits[1::2]))
    return (10 - total % 10) % 10


def normalize_gtin(code: str) -> str | None:
    """A GTIN-8/12/13/14 with a valid check digit, as 14 digits; None for anything else."""
    code = code.strip()
    if not code.isdigit() or len(code) not in GTIN_LENGTHS:
        return None
    if gtin_check_digit(code[:-1]) != int(code[-1]):
        return None
    return code.zfill(14)


def barcode_key(code: str) -> str:
    """How a barcode is stored: a valid GTIN as 14 digits, anything else as printed."""
    return normalize_gtin(code) or code.strip()


def find_item_by_barcode(code: str) -> Item | None:
    row = ItemBarcode.get_or_none(ItemBarcode.code == barcode_key(code))
    return row.item if row else None


def find_item_by_sku(sku: str) -> Item | None:
    """SKUs match without case (the column's collation): Caps Lock inverts scanned letters."""
    return Item.get_or_none(Item.sku == sku.strip())
