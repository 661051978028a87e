"""Tracking numbers told from other scans, with their carrier, by shape and check digit."""

import pytest

from app.scanning.decode import decode
from app.scanning.tracking import DHL, FEDEX, UPS, USPS, tracking_in
from tests.label_files import DHL as DHL_NO
from tests.label_files import FEDEX as FEDEX_NO
from tests.label_files import UPS as UPS_NO
from tests.label_files import USPS as USPS_NO


@pytest.mark.parametrize(("text", "number", "carrier"), [
    (UPS_NO, UPS_NO, UPS),
    ("1z 999 aa1 01 2345 678 4", UPS_NO, UPS),
    (USPS_NO, USPS_NO, USPS),
    ("9400 1118 9922 3197 4284 97", USPS_NO, USPS),
    ("42094101" + USPS_NO, USPS_NO, USPS),  # a USPS GS1-128 read without its GS
    (FEDEX_NO, FEDEX_NO, FEDEX),
    ("123456789012345", "123456789012345", FEDEX),
    (DHL_NO, DHL_NO, DHL),
])
def test_carriers_tracking_numbers(text, number, carrier):
    found = tracking_in(text)
    assert (found.number, found.carrier) == (number, carrier)


@pytest.mark.parametrize("text", [
    "1Z999AA10123456785",  # wrong check digit
    "9400111899223197428490",
    "986578788856",
    "3318810026",
    "4012345000016",  # an EAN-13
    "04012345000016",
    "1001", "#1001", "SO-1001", "A-01-01", "", "x" * 100,
])
def test_other_scans_are_no_tracking_number(text):
    assert tracking_in(text) is None


@pytest.mark.parametrize(("scan", "number", "carrier"), [
    (f"]C1420941011\x1d{USPS_NO}", USPS_NO, USPS),  # IMpb: AI 420, then AI 92
    ("]C100340123450000000017", "340123450000000017", ""),  # an SSCC parcel label
    ("]C1421276104531\x1d00340123450000000017", "340123450000000017", ""),
])
def test_gs1_128_carrier_labels(scan, number, carrier):
    reading = decode(scan)
    found = tracking_in(reading.text, reading.gs1)
    assert (found.number, found.carrier) == (number, carrier)


def test_a_gs1_item_label_is_no_tracking_number():
    reading = decode("]C101040123450000161726123110L2406A")
    assert tracking_in(reading.text, reading.gs1) is None
