"""Burst detection against recorded keystroke timings, plus properties over generated ones."""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scanning.wedge import BurstDetector, WedgeEvent, WedgeSettings

TIMINGS = json.loads((Path(__file__).parent / "fixtures" / "wedge_timings.json").read_text())


def scan(text):
    return WedgeEvent("scan", text)


def typed(text):
    return WedgeEvent("typed", text)


def run(keys, settings=None, flush_at=None):
    """Feed recorded keys; optionally let the silence timer fire once at `flush_at` ms."""
    det = BurstDetector(settings or WedgeSettings())
    events = []
    for char, t in keys:
        events += det.feed(char, t)
    if flush_at is not None:
        events += det.flush(flush_at)
    return det, events


def keys_of(name):
    return [(c, t) for c, t in TIMINGS[name]["keys"]]


# --- recorded sequences -------------------------------------------------------------------


def test_fast_usb_scanner_is_one_scan_and_enter_is_swallowed():
    det, events = run(keys_of("usb_fast_ean13"))
    assert events == [scan("4012345000016")]
    assert det.pending == ""


def test_characters_are_held_until_the_burst_is_decided():
    det = BurstDetector()
    keys = keys_of("usb_fast_ean13")
    for char, t in keys[:-1]:
        assert det.feed(char, t) == []
    assert det.pending == "4012345000016"
    # The flush timer firing mid-burst (less than max_gap after the last key) changes nothing.
    assert det.flush(keys[-2][1] + 10) == []
    assert det.pending == "4012345000016"


def test_equal_timestamps_are_a_fast_scanner():
    _, events = run(keys_of("usb_zero_gaps"))
    assert events == [scan("A-01-02")]


def test_bluetooth_gap_of_52ms_breaks_the_default_burst():
    # With the default 50 ms the hiccup splits the code: the first five characters go back
    # to the text field and only the tail is seen as a scan, which is why the gap is a setting.
    _, events = run(keys_of("bluetooth_jitter"))
    assert events == [typed("40123"), scan("45000016")]


def test_bluetooth_scanner_with_a_60ms_gap_setting_is_one_scan():
    _, events = run(keys_of("bluetooth_jitter"), WedgeSettings(max_gap_ms=60))
    assert events == [scan("4012345000016")]


def test_bluetooth_scanner_too_slow_on_average_is_typing():
    # Same keys, but a stricter speed limit: 368 ms over 13 characters is 28.3 ms/char.
    _, events = run(keys_of("bluetooth_jitter"), WedgeSettings(max_gap_ms=60, max_ms_per_char=25))
    assert events == [typed("4012345000016\r")]


def test_person_typing_comes_back_character_by_character_in_order():
    keys = keys_of("person_typing")
    det, events = run(keys)
    # Each key is released as soon as the next one shows the gap was human.
    assert events == [typed(c) for c in "PO-100"]
    assert det.pending == "1"
    # The silence timer gives back the last key, but not before max_gap has passed.
    assert det.flush(keys[-1][1] + 49) == []
    assert det.flush(keys[-1][1] + 50) == [typed("1")]
    assert det.pending == ""


def test_person_typing_a_number_and_enter_keeps_the_enter():
    _, events = run(keys_of("person_number_enter"))
    assert events == [typed("1"), typed("2"), typed("3"), typed("4"), typed("\r")]
    assert "".join(e.text for e in events) == "1234\r"


def test_quick_rollover_by_a_person_is_still_typing():
    # "1" and "2" 35 ms apart, "3", "4" and Enter 40-45 ms apart: fast enough to be held,
    # too short to be a scan, so Enter is given back with them.
    _, events = run(keys_of("person_rollover_enter"))
    assert events == [typed("12"), typed("34\r")]


def test_ten_scans_back_to_back_are_ten_scans_in_order():
    fixture = TIMINGS["ten_scans_back_to_back"]
    _, events = run(keys_of("ten_scans_back_to_back"))
    assert events == [scan(code) for code in fixture["codes"]]
    assert len(events) == 10


def test_gs_inside_a_scan_and_tab_terminator():
    _, events = run(keys_of("gs1_with_gs_tab"))
    assert events == [scan("]C1010401234500001610L2406A\x1d17261231")]


def test_trailing_gs_is_kept_in_the_scan():
    _, events = run(keys_of("gs1_trailing_gs"))
    assert events == [scan("]Q3011401234500001310CASE-01\x1d3024\x1d")]


def test_terminator_less_scanner_is_flushed_after_silence():
    fixture = TIMINGS["no_terminator"]
    keys = keys_of("no_terminator")
    s = WedgeSettings(accept_without_terminator=True)
    det, events = run(keys, s)
    # The 70 ms pause ends the first code; it must not merge with the second.
    assert events == [scan(fixture["codes"][0])]
    last = keys[-1][1]
    assert det.flush(last + 30) == []  # under max_gap: the burst may go on
    assert det.flush(last + 60) == []  # a scan, but flush_after_ms has not passed yet
    assert det.pending == fixture["codes"][1]
    assert det.flush(last + 100) == [scan(fixture["codes"][1])]
    assert det.pending == ""
    assert det.flush(last + 500) == []


def test_terminator_less_burst_is_typing_unless_enabled():
    keys = keys_of("no_terminator")
    det, events = run(keys)
    assert events == [typed("SKU-42")]
    assert det.flush(keys[-1][1] + 60) == [typed("A-01-02")]


def test_terminator_less_mode_still_gives_back_human_typing():
    keys = keys_of("person_typing")
    s = WedgeSettings(accept_without_terminator=True)
    det, events = run(keys, s, flush_at=keys[-1][1] + 100)
    assert all(e.kind == "typed" for e in events)
    assert "".join(e.text for e in events) == "PO-1001"


# --- edge cases ---------------------------------------------------------------------------


def test_lone_terminator_is_typed_at_once():
    det = BurstDetector()
    assert det.feed("\r", 1000) == [typed("\r")]
    assert det.feed("\t", 1001) == [typed("\t")]


def test_late_terminator_is_not_swallowed():
    det = BurstDetector()
    for i, c in enumerate("A-01-02"):
        det.feed(c, 1000 + 2 * i)
    # Enter 80 ms after the last character: the burst had already ended.
    assert det.feed("\r", 1092) == [typed("A-01-02"), typed("\r")]


def test_short_fast_burst_is_typing():
    det = BurstDetector()
    for i, c in enumerate("A-1"):
        det.feed(c, 1000 + i)
    assert det.feed("\r", 1004) == [typed("A-1\r")]


def test_min_length_is_a_setting():
    det = BurstDetector(WedgeSettings(min_length=3))
    for i, c in enumerate("A-1"):
        det.feed(c, 1000 + i)
    assert det.feed("\r", 1004) == [scan("A-1")]


def test_custom_terminator():
    det = BurstDetector(WedgeSettings(terminators="\n"))
    for i, c in enumerate("B-12-07\r"):
        det.feed(c, 5000 + 2 * i)
    # "\r" is data here; only "\n" ends the scan.
    assert det.feed("\n", 5020) == [scan("B-12-07\r")]


def test_clock_going_backwards_ends_the_burst():
    det = BurstDetector()
    det.feed("1", 1000)
    det.feed("2", 1002)
    assert det.feed("3", 500) == [typed("12")]
    assert det.pending == "3"


def test_reset_drops_held_characters():
    det = BurstDetector()
    det.feed("X", 10)
    det.feed("Y", 12)
    det.reset()
    assert det.pending == ""
    assert det.flush(10_000) == []
    assert det.feed("\r", 10_001) == [typed("\r")]


# --- properties ---------------------------------------------------------------------------

# Anything a label can carry, GS included; terminators are excluded from the code itself.
code_chars = st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefxyz-./+]\x1d#ß")
codes = st.text(code_chars, min_size=4, max_size=48)


@st.composite
def scan_sessions(draw):
    scans = draw(st.lists(codes, min_size=1, max_size=12))
    keys, t = [], draw(st.integers(0, 10**9))
    for code in scans:
        for char in code + draw(st.sampled_from("\r\t")):
            keys.append((char, t))
            t += draw(st.integers(0, 8))  # scanner speed, 0 ms gaps included
        t += draw(st.sampled_from([0, 1, 3, 40, 400, 5000]))  # time to the next scan
    return scans, keys


@settings(max_examples=300, deadline=None)
@given(scan_sessions())
def test_property_scans_come_out_exactly_and_in_order(session):
    scans, keys = session
    det, events = run(keys)
    events += det.flush(keys[-1][1] + 10_000)
    assert events == [scan(code) for code in scans]


@st.composite
def any_input(draw):
    chars = draw(st.lists(st.sampled_from("AB12-\x1d\r\t"), min_size=1, max_size=60))
    keys, t = [], 0
    for char in chars:
        t += draw(st.integers(0, 250))
        keys.append((char, t))
    return keys


@settings(max_examples=300, deadline=None)
@given(any_input(), st.booleans())
def test_property_no_character_is_lost_or_reordered(keys, without_terminator):
    s = WedgeSettings(accept_without_terminator=without_terminator)
    det, events = run(keys, s)
    events += det.flush(keys[-1][1] + 10_000)
    assert det.pending == ""
    # Scans drop only their terminator; everything else comes back in the order it was fed.
    out = "".join(e.text for e in events)
    fed = "".join(c for c, _ in keys)
    strip = str.maketrans("", "", "\r\t")
    assert out.translate(strip) == fed.translate(strip)
    # Each terminator either comes back as typed or was swallowed by exactly one scan.
    swallowed = sum(fed.count(t) for t in "\r\t") - sum(out.count(t) for t in "\r\t")
    scans = sum(e.kind == "scan" for e in events)
    if without_terminator:
        assert 0 <= swallowed <= scans  # a scan may also end in silence
    else:
        assert swallowed == scans


def test_auto_repeat_inside_a_burst_keeps_the_scan_whole():
    detector = BurstDetector()
    events = []
    for i, char in enumerate("4000123456789\r"):
        events += detector.feed(char, 1000 + 3 * i, repeat=char == "0" and i > 1)
    assert events == [WedgeEvent("scan", "4000123456789")]


def test_one_key_and_its_repeats_is_a_held_key_not_a_scan():
    detector = BurstDetector()
    events = []
    for i in range(8):
        events += detector.feed("7", 1000 + 4 * i, repeat=i > 0)
    events += detector.feed("\r", 1040)
    assert events == [WedgeEvent("typed", "7" * 8 + "\r")]
