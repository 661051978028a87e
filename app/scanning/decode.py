"""Decoding what a scanner sent: prefix/suffix, symbology identifiers, the GS substitute,
`CODE,QTY`, and GS1 element strings or plain GTINs through biip.

Interface (kept stable for the stations):
    decode(raw, config) -> Reading
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DecodeConfig:
    prefix: str = ""
    suffix: str = ""
    # Characters the scanner is programmed to send instead of GS (ASCII 29).
    gs_substitutes: tuple[str, ...] = ("#",)
    # Pinned in tests: GS1's century window and expiry checks depend on today.
    today: date | None = None


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

    @property
    def is_gs1(self) -> bool:
        return bool(self.gs1)


def decode(raw: str, config: DecodeConfig = DecodeConfig()) -> Reading:
    raise NotImplementedError
