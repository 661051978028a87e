"""Choosing what to print: bin ranges and zones, items, lots, a receipt, a scan."""

from datetime import date

import pytest

from app.core import label_select as select
from app.core.errors import BinwiseError
from app.labels.templates import BinLabel, ItemLabel, LotLabel, arrow_for
from tests.labels.conftest import COFFEE_GTIN
from tests.labels.samples import EAN13_GTIN, UPCA_GTIN


def codes(labels):
    return [label.code for label in labels]


def test_natural_order_compares_numbers_by_value():
    assert sorted(["A-1-10", "a-1-2", "A-10-1", "A-2-1"], key=select.natural_key) == \
        ["a-1-2", "A-1-10", "A-2-1", "A-10-1"]


def test_range_holds_every_bin_sorting_between_its_ends(world):
    found = select.bins_in_range("A-01-11", "A-02-02")
    assert codes(found) == ["A-01-11", "A-01-12", "A-02-01", "A-02-02"]
    assert all(label.zone == "A" for label in found)


def test_range_is_inclusive_ignores_case_and_sorts_numbers_by_value(world):
    assert codes(select.bins_in_range("a-01-09", "A-01-12")) == \
        ["A-01-09", "A-01-10", "A-01-11", "A-01-12"]
    assert codes(select.bins_in_range("C-1-1", "C-1-99")) == ["C-1-2", "C-1-10"]


def test_range_across_racks(world):
    found = select.bins_in_range(*select.parse_range("A-01-01..A-03-10"))
    assert len(found) == 12 + 12 + 10
    assert found[0].code == "A-01-01" and found[-1].code == "A-03-10"


@pytest.mark.parametrize("text, message", [
    ("A-03-10..A-01-01", "runs backwards"),
    ("A-09-01..A-09-09", "A-09-01 is not a bin"),
    # A typo at one end must not print the whole warehouse.
    ("A-01-01..Q-99", "Q-99 is not a bin"),
    ("..A-01-01", "is not a bin range"),
])
def test_bad_ranges_say_what_is_wrong(world, text, message):
    with pytest.raises(BinwiseError, match=message):
        select.bins_in_range(*select.parse_range(text))


def test_a_single_code_is_a_range_of_one(world):
    assert codes(select.bins_in_range(*select.parse_range("B-01-02"))) == ["B-01-02"]


def test_zone_takes_bins_of_nested_zones(world):
    assert codes(select.bins_in_zone("B")) == ["B-01-01", "B-01-02", "B-01-03"]
    cold = select.bins_in_zone("cold")
    assert codes(cold) == ["C-1-2", "C-1-10"]
    assert {label.zone for label in cold} == {"COLD"}


def test_unknown_or_empty_zone(world):
    with pytest.raises(BinwiseError, match="no zone 'Q'. Zones: A, B, COLD, COLD-SHELF, EMPTY"):
        select.bins_in_zone("Q")
    with pytest.raises(BinwiseError, match="Zone EMPTY has no bins"):
        select.bins_in_zone("EMPTY")


def test_all_bins_include_bins_outside_zones(world):
    found = select.all_bins()
    assert len(found) == 48 + 3 + 2 + 1
    assert BinLabel("FLOOR-1", None) in found


def test_no_bins_at_all(db):
    with pytest.raises(BinwiseError, match="no bins yet"):
        select.all_bins()


def test_arrow_convention():
    assert arrow_for("A-01-01") == "down"
    assert arrow_for("A-01-02") == "up"
    assert arrow_for("A-01-12") == "up"
    assert arrow_for("BULK-01") is None
    assert arrow_for("A-01-X") is None


def test_items_by_sku_keep_order_and_find_their_gtin(world):
    found = select.items_by_sku(["cup-7", "MUG-01", "FILT-02"])
    assert found == [
        ItemLabel("CUP-7", "Paper cups 12 oz", UPCA_GTIN),
        ItemLabel("MUG-01", "Mug, blue, 300 ml", EAN13_GTIN),
        ItemLabel("FILT-02", "Paper filters size 02", None),
    ]


def test_unknown_skus_are_named(world):
    with pytest.raises(BinwiseError, match="Unknown SKUs: NOPE, ALSO-NOPE"):
        select.items_by_sku(["MUG-01", "NOPE", "ALSO-NOPE"])


def test_all_items(world):
    assert [label.sku for label in select.all_items()] == \
        ["COF-1", "CUP-7", "FILT-02", "HONEY-5", "MUG-01"]


def test_lots_of_an_item_earliest_expiry_first(world):
    found = select.lots_of("COF-1")
    assert [(lot.lot, lot.expiry) for lot in found] == [
        ("L24123A", date(2026, 12, 31)), ("L-WRONG", date(2027, 1, 1)),
        ("L25001B", date(2027, 3, 1))]
    assert all(lot.gtin == COFFEE_GTIN for lot in found)


def test_lots_by_code(world):
    assert select.lots_of(lot_codes=["H-2025-07"]) == [
        LotLabel("HONEY-5", "Forest honey 500 g", None, "H-2025-07", None)]
    with pytest.raises(BinwiseError, match="Unknown lot: h-2025-07"):
        select.lots_of(lot_codes=["h-2025-07"])  # lot codes keep their case
    with pytest.raises(BinwiseError, match="MUG-01 has no lots yet"):
        select.lots_of("MUG-01")


def test_lots_received_on_a_receipt_net_of_undone_moves(world):
    found = select.lots_received_in(world.receipt_id)
    assert [lot.lot for lot in found] == ["L24123A", "H-2025-07"]
    assert found[0] == LotLabel("COF-1", "Coffee beans 1 kg", COFFEE_GTIN, "L24123A",
                                date(2026, 12, 31))


def test_one_label_per_unit_received(world):
    found = select.lots_received_in(world.receipt_id, per_unit=True)
    assert [lot.lot for lot in found] == ["L24123A"] * 5 + ["H-2025-07"] * 2


def test_receipts_without_lots(world):
    with pytest.raises(BinwiseError, match="received no lots"):
        select.lots_received_in(world.undone_receipt_id)
    with pytest.raises(BinwiseError, match="There is no receipt 999"):
        select.lots_received_in(999)


@pytest.mark.parametrize("scan, expected", [
    ("A-02-03", BinLabel("A-02-03", "A")),
    ("mug-01", ItemLabel("MUG-01", "Mug, blue, 300 ml", EAN13_GTIN)),
    ("4012345000016", ItemLabel("MUG-01", "Mug, blue, 300 ml", EAN13_GTIN)),
    ("SUPPLIER-77", ItemLabel("MUG-01", "Mug, blue, 300 ml", EAN13_GTIN)),
    ("H-2025-07", LotLabel("HONEY-5", "Forest honey 500 g", None, "H-2025-07", None)),
    ("]C101040123450001081726123110L24123A",
     LotLabel("COF-1", "Coffee beans 1 kg", COFFEE_GTIN, "L24123A", date(2026, 12, 31))),
])
def test_a_scan_names_its_label(world, scan, expected):
    assert select.from_scan(scan) == [expected]


def test_an_unknown_scan_is_refused(world):
    with pytest.raises(BinwiseError, match="'XYZ-123' is not a bin, item or lot here"):
        select.from_scan("XYZ-123")
