"""The seller printed at the top of every packing slip: name, address lines and logo.

Warehouse-wide (`WarehouseSetting`), so every station prints the same slip. The name is the one
the purchase orders print (`binwise setting seller`); the address lines and the logo (PNG bytes,
base64 in the table) are kept beside it under keys of their own.
"""

import base64
import io
import json
from dataclasses import dataclass

from app.core.errors import BinwiseError
from app.core.replenishment import po_document
from app.db.models import WarehouseSetting, database

ADDRESS_KEY = "seller_address"
LOGO_KEY = "seller_logo"
MAX_ADDRESS_LINES = 6
MAX_LINE = 120
MAX_LOGO_BYTES = 1_000_000  # a logo is small; a photo straight off a camera is a mistake
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Seller:
    name: str = ""
    address: tuple[str, ...] = ()
    logo: bytes = b""  # PNG; empty: no logo


def _value(key: str) -> str | None:
    row = WarehouseSetting.get_or_none(WarehouseSetting.key == key)
    return None if row is None else row.value


def load() -> Seller:
    """The seller as set; a damaged value reads as not set rather than stopping a print."""
    address: tuple[str, ...] = ()
    logo = b""
    try:
        lines = json.loads(_value(ADDRESS_KEY) or "[]")
        address = tuple(str(x) for x in lines) if isinstance(lines, list) else ()
    except ValueError:
        pass
    try:
        logo = base64.b64decode(_value(LOGO_KEY) or "", validate=True)
    except ValueError:
        pass
    return Seller(po_document.load_seller().name, address, logo)


def address_lines(text: str) -> tuple[str, ...]:
    """Address lines typed in one field ("|" between lines) or a multi-line box."""
    lines = [x.strip() for part in text.split("|") for x in part.split("\n")]
    lines = [x for x in lines if x]
    if len(lines) > MAX_ADDRESS_LINES:
        raise BinwiseError(f"The seller's address has {len(lines)} lines; at most "
                           f"{MAX_ADDRESS_LINES} fit on a slip.")
    if any(len(x) > MAX_LINE for x in lines):
        raise BinwiseError(f"An address line is at most {MAX_LINE} characters.")
    return tuple(lines)


def check_logo(data: bytes) -> None:
    """A logo must be a PNG that opens, small enough to keep in the database."""
    from PIL import Image, UnidentifiedImageError

    if not data.startswith(PNG_SIGNATURE):
        raise BinwiseError("The logo must be a PNG image (export it as .png).")
    if len(data) > MAX_LOGO_BYTES:
        raise BinwiseError(f"The logo is {len(data) // 1000} kB; at most "
                           f"{MAX_LOGO_BYTES // 1000} kB. Make it smaller (a few hundred "
                           f"pixels wide is plenty).")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise BinwiseError(f"The logo cannot be read as a PNG image: {error}") from None


def _put(key: str, value: str) -> None:
    WarehouseSetting.insert(key=key, value=value).on_conflict(
        conflict_target=[WarehouseSetting.key], update={WarehouseSetting.value: value}).execute()


def save(name: str | None = None, address: tuple[str, ...] | None = None,
         logo: bytes | None = None) -> Seller:
    """Change what is given (None keeps it; b"" removes the logo) in one transaction."""
    if logo:
        check_logo(logo)
    if address is not None:
        address = address_lines("|".join(address))
    with database.atomic():
        if name is not None:
            po_document.save_seller(po_document.seller_from({"name": name}))
        if address is not None:
            _put(ADDRESS_KEY, json.dumps(list(address)))
        if logo is not None:
            _put(LOGO_KEY, base64.b64encode(logo).decode("ascii"))
    return load()
