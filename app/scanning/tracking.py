"""Carrier tracking numbers: telling one from any other scan, and naming its carrier.

A carrier's label holds its tracking number as a barcode (and as text in a label file). The
shapes the carriers publish, each with its check digit where the carrier has one, so a
misread or a stray number is not taken for a tracking number:

- UPS: `1Z`, 6 characters of shipper number, 2 of service, 7 of package, 1 check digit.
- USPS (IMpb): 20-22 digits starting with 9, GS1 mod-10 check digit; on the label as GS1-128
  with AI 420 (ship-to ZIP) followed by the tracking number under AI 9x.
- FedEx: 12 digits (Express, weights 3-1-7 mod 11) or 15 digits (Ground).
- DHL Express: a 10-digit waybill whose last digit is the first nine mod 7.
- GS1-128 with an SSCC (AI 00, also after AI 420/421): the SSCC is the parcel's number
  (DHL Paket, DPD and GLS put one on their labels).

Pure functions on text and a decoded Reading; no database.
"""

import re
from dataclasses import dataclass

from biip.checksums import gs1_standard_check_digit

UPS, USPS, FEDEX, DHL = "UPS", "USPS", "FedEx", "DHL Express"

_UPS = re.compile(r"1Z[0-9A-Z]{16}")
_DIGITS = re.compile(r"[0-9]+")
# A USPS GS1-128 read without its GS: 420 + 5 or 9 digit ZIP, then the IMpb number.
_USPS_420 = re.compile(r"420(?:[0-9]{5}|[0-9]{9})(9[0-9]{19,21})")


@dataclass(frozen=True)
class Tracking:
    number: str
    carrier: str  # "" when the shape names no carrier (an SSCC)


def _ups_ok(number: str) -> bool:
    total = 0
    for position, char in enumerate(number[2:17]):
        value = int(char) if char.isdigit() else (ord(char) - 63) % 10
        total += value * (2 if position % 2 else 1)
    return (10 - total % 10) % 10 == int(number[17]) if number[17].isdigit() else False


def _mod10_ok(number: str) -> bool:
    return str(gs1_standard_check_digit(number[:-1])) == number[-1]


def _fedex12_ok(number: str) -> bool:
    weights = (3, 1, 7)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(number[:11]))
    return total % 11 % 10 == int(number[11])


def _dhl_ok(number: str) -> bool:
    return int(number[:9]) % 7 == int(number[9])


def _plain(text: str) -> Tracking | None:
    """A tracking number written or scanned as it is (spaces ignored)."""
    text = re.sub(r"[\s-]", "", text).upper()
    if _UPS.fullmatch(text):
        return Tracking(text, UPS) if _ups_ok(text) else None
    if not _DIGITS.fullmatch(text):
        return None
    if 20 <= len(text) <= 22 and text[0] == "9" and _mod10_ok(text):
        return Tracking(text, USPS)
    usps = _USPS_420.fullmatch(text)
    if usps and _mod10_ok(usps.group(1)):
        return Tracking(usps.group(1), USPS)
    if len(text) == 12 and _fedex12_ok(text):
        return Tracking(text, FEDEX)
    if len(text) == 15:
        return Tracking(text, FEDEX)
    if len(text) == 10 and _dhl_ok(text):
        return Tracking(text, DHL)
    return None


def _gs1(elements: dict[str, str]) -> Tracking | None:
    """A carrier's GS1-128: the IMpb number under AI 9x beside AI 420/421, or an SSCC."""
    if "420" in elements or "421" in elements:
        for ai, value in elements.items():
            if len(ai) == 2 and ai.startswith("9"):
                number = ai + value
                if 20 <= len(number) <= 22 and _mod10_ok(number):
                    return Tracking(number, USPS)
                found = _plain(value)
                if found:
                    return found
    sscc = elements.get("00")
    if sscc and _mod10_ok(sscc):
        return Tracking(sscc, "")
    return None


def tracking_in(text: str, gs1: dict[str, str] | None = None) -> Tracking | None:
    """The tracking number in a scan (its text and, when it was GS1, its elements) or in a
    field of a label file, or None when it is not one."""
    if gs1:
        found = _gs1(gs1)
        if found:
            return found
    text = text.strip()
    if not text or len(text) > 64:
        return None
    return _plain(text)
