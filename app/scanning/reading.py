"""What decoding a scan gives: a Reading (the code, and what GS1 or a GTIN said of it), and the
scanner settings it is decoded with (DecodeConfig). Plain data; app.scanning.decode makes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class DecodeConfig:
    prefix: str = ""
    suffix: str = ""
    # Characters the scanner is programmed to send instead of GS (ASCII 29).
    gs_substitutes: tuple[str, ...] = ("#",)
    # Pinned in tests: GS1's century window and expiry checks depend on today.
    today: date | None = None
    # Typed dates may be DD.MM.YYYY or DD/MM/YYYY too (besides YYYY-MM-DD).
    day_first_dates: bool = False


@dataclass(frozen=True)
class Reading:
    raw: str
    text: str
    symbology: str | None = None
    qty: int | None = None
    gtin: str | None = None
    gs1: dict[str, str] = field(default_factory=dict)
    lot: str | None = None
    expiry: date | None = None
    best_before: date | None = None
    serial: str | None = None
    count: int | None = None
    sscc: str | None = None
    po: str | None = None
    gln: str | None = None
    gln_extension: str | None = None
    error: str | None = None
    warning: str | None = None
    production_date: date | None = None  # AI 11
    net_weight_kg: Decimal | None = None  # AI 310n, variable-measure items

    @property
    def is_gs1(self) -> bool:
        return bool(self.gs1)


GS = "\x1d"
