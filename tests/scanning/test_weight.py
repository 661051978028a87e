"""Weights as USB scales send them (app.scanning.weight)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.scanning.weight import GRAMS, MAX_GRAMS, parse_weight, weight_problem


@pytest.mark.parametrize(("text", "grams", "stable"), [
    ("1.25 kg", 1250, True),
    ("  0.840kg", 840, True),
    ("1250 g", 1250, True),
    ("2.5 lb", 1134, True),
    ("12.0 oz", 340, True),
    ("ST,GS,+0001.25kg", 1250, True),
    ("US,GS,+0001.31kg", 1310, False),
    ("ST,NT,  0.500 kg", 500, True),
    ("N 1.25 kg", 1250, True),
    ("+   1.250 kg N", 1250, True),
    ("1,25 KG", 1250, True),
    ("?  0.75 kg", 750, False),
    ("-0.05 kg", -50, True),
    ("0.000 kg", 0, True),
    ("\x021.25 kg\x03", 1250, True),
    ("S S      1.250 kg", 1250, True),
    ("S D      1.310 kg", 1310, False),
])
def test_scale_texts_are_weights_in_grams(text, grams, stable):
    weight = parse_weight(text)
    assert weight is not None
    assert (weight.grams, weight.stable) == (grams, stable)


@pytest.mark.parametrize("text", [
    "1250", "4012345000016", "MUG,3", "4012345000016,12", "W 1.25", "kg", "1.25",
    "SKU-1 kg", "1.2.3 kg", "#CMD:NEWBOX", "", "12 boxes", "SS 1.0 kg", "S I", "S S",
])
def test_texts_without_a_weight_and_unit_are_not_weights(text):
    assert parse_weight(text) is None


def test_zero_negative_and_absurd_weights_are_refused_with_a_reason():
    assert "zero" in weight_problem(0)
    assert "zero" in weight_problem(-50)
    assert "1000 kg" in weight_problem(MAX_GRAMS + 1)
    assert weight_problem(MAX_GRAMS) is None
    assert weight_problem(1) is None


@given(grams_x1000=st.integers(min_value=0, max_value=10**9),
       unit=st.sampled_from(sorted(GRAMS)), space=st.sampled_from(["", " ", "   "]),
       pad=st.sampled_from(["", "  ", "ST,GS,+", "N "]), upper=st.booleans())
def test_any_formatted_reading_parses_to_its_grams(grams_x1000, unit, space, pad, upper):
    number = Decimal(grams_x1000) / 1000
    text = f"{pad}{number:f}{space}{unit.upper() if upper else unit}"
    weight = parse_weight(text)
    assert weight is not None
    expected = (number * GRAMS[unit]).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    assert weight.grams == int(expected)


@given(st.text(max_size=40))
def test_parsing_never_raises(text):
    parse_weight(text)


@given(code=st.from_regex(r"[A-Z0-9-]{1,12}", fullmatch=True),
       qty=st.integers(min_value=0, max_value=99999))
def test_code_qty_is_never_a_weight(code, qty):
    # The station's `CODE,QTY` split and a weight can never both claim a text.
    assert parse_weight(f"{code},{qty}") is None
