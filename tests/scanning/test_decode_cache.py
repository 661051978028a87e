"""A label scanned unit after unit is decoded once; a new day decodes it anew (GS1's century
window and every date check depend on the day)."""

from datetime import date

from app.scanning import decode as decoding
from app.scanning.decode import DecodeConfig, decode

LABEL = "]C101040123450000161799123110LOT1"


class _Clock(date):
    day = date(2048, 6, 1)

    @classmethod
    def today(cls):
        return cls.day


def test_the_same_scan_is_decoded_once():
    first = decode(LABEL)
    assert decode(LABEL) is first
    assert first.lot == "LOT1" and first.gtin == "04012345000016"


def test_a_new_day_decodes_the_scan_again(monkeypatch):
    monkeypatch.setattr(decoding, "date", _Clock)
    monkeypatch.setattr(_Clock, "day", date(2048, 6, 1))
    assert decode(LABEL).expiry == date(1999, 12, 31)
    monkeypatch.setattr(_Clock, "day", date(2049, 6, 1))
    assert decode(LABEL).expiry == date(2099, 12, 31)


def test_settings_are_part_of_what_is_decoded():
    assert decode("X-4012345000016").gtin is None
    assert decode("X-4012345000016", DecodeConfig(prefix="X-")).gtin == "04012345000016"
    pinned = DecodeConfig(today=date(2048, 6, 1))
    assert decode(LABEL, pinned).expiry == date(1999, 12, 31)
    assert decode(LABEL, DecodeConfig(today=date(2049, 6, 1))).expiry == date(2099, 12, 31)


def test_settings_that_cannot_be_a_cache_key_still_decode():
    listed = DecodeConfig(gs_substitutes=["|"])  # type: ignore[arg-type]
    assert decode("]C10104012345000016|10LOT1", listed).gtin == "04012345000016"
