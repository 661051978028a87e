"""The scanner test: what a scan of one of the printed test codes should read, and what it says
about the scanner's set-up when it reads differently.

A scanner that types for another keyboard layout, drops the GS separator, sends no AIM
identifier or meets Caps Lock changes the code in known ways. `check_scan` rebuilds the test
code with each of those changes (and their combinations) and names the ones that reproduce what
arrived, in plain words with what to change. Qt-free, so it is tested on its own.
"""

import difflib
import itertools
from dataclasses import dataclass

from app.stations.base import Level

GS = "\x1d"
# Characters scanners are commonly programmed to send instead of GS (all outside GS1's CSET 82).
USUAL_SUBSTITUTES = "#$@|~^"


@dataclass(frozen=True)
class TestCode:
    key: str
    name: str
    data: str  # what the scanner should send after the AIM identifier (GS as ASCII 29)
    aim: str  # the AIM symbology identifier a scanner set to send one puts first
    human: str  # as printed under the bars


CODE128 = TestCode("code128", "Code 128", "BINWISE-TEST-0123", "]C0", "BINWISE-TEST-0123")
# The lot sits between two elements, so the GS after it must arrive: a scanner that drops it
# shows here, not weeks later as a lot that swallowed its expiry date.
GS1 = TestCode("gs1", "GS1-128", f"0104012345000016" f"10TEST-LOT{GS}" "17271231", "]C1",
               "(01)04012345000016(10)TEST-LOT(17)271231")
TEST_CODES = (CODE128, GS1)

# What a scanner set up for a US keyboard types on other layouts, character by character.
_LAYOUTS = {
    "us": ("US", {}),
    "de": ("German (QWERTZ)", {
        "y": "z", "z": "y", "Y": "Z", "Z": "Y", "-": "ß", "_": "?", "]": "+", "[": "ü",
        ";": "ö", "'": "ä", "/": "-", "(": ")", ")": "=",
    }),
    "fr": ("French (AZERTY)", {
        "a": "q", "q": "a", "A": "Q", "Q": "A", "z": "w", "w": "z", "Z": "W", "W": "Z",
        "m": ",", "M": "?", "1": "&", "2": "é", "3": '"', "4": "'", "5": "(", "6": "-",
        "7": "è", "8": "_", "9": "ç", "0": "à", "-": ")", "]": "$", "_": "°",
    }),
}
_LAYOUT_SIGNS = {
    "de": "'-' arrives as 'ß', Y and Z swap and ']' becomes '+'",
    "fr": "digits arrive as &é\"'(-è_çà, and A/Q and Z/W swap",
}


@dataclass(frozen=True)
class Finding:
    level: Level
    text: str


@dataclass(frozen=True)
class ScanCheck:
    code: TestCode | None
    arrived: str  # printable: GS shown as <GS>
    expected: str
    findings: tuple[Finding, ...]

    @property
    def level(self) -> Level:
        levels = {f.level for f in self.findings}
        for level in (Level.ERROR, Level.WARNING):
            if level in levels:
                return level
        return Level.OK

    @property
    def summary(self) -> str:
        if self.code is None:
            return "That was not one of the test codes."
        problems = sum(1 for f in self.findings if f.level is Level.ERROR)
        if problems:
            return (f"{self.code.name}: {problems} thing{'s' if problems > 1 else ''} to "
                    f"change before scanning for real.")
        if self.level is Level.WARNING:
            return f"{self.code.name} read correctly, with one thing worth changing."
        return f"{self.code.name} read exactly as printed: the scanner is set up right."


def printable(text: str) -> str:
    out = []
    for char in text:
        if char == GS:
            out.append("<GS>")
        elif not char.isprintable():
            out.append(f"<U+{ord(char):04X}>")
        else:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class _Variant:
    code: TestCode
    aim: bool
    gs: str  # what stood in for GS: GS itself, "" (dropped), or a character
    layout: str
    caps: bool

    def render(self) -> str:
        text = (self.code.aim if self.aim else "") + self.code.data.replace(GS, self.gs)
        table = _LAYOUTS[self.layout][1]
        text = "".join(table.get(c, c) if c != self.gs else c for c in text)
        return text.swapcase() if self.caps else text


def _variants(substitutes: str) -> list[_Variant]:
    # Most likely first: as printed, then one change at a time.
    gs_options = [GS, "", "+", *dict.fromkeys(substitutes + USUAL_SUBSTITUTES)]
    found = []
    for code in TEST_CODES:
        options = gs_options if GS in code.data else [GS]
        for caps, layout, aim, gs in itertools.product((False, True), _LAYOUTS, (True, False),
                                                       options):
            found.append(_Variant(code, aim, gs, layout, caps))
    return sorted(found, key=lambda v: (not v.aim) + (v.gs != GS) + (v.layout != "us")
                  + v.caps)


def check_scan(arrived: str, *, prefix: str = "", suffix: str = "", gs_substitutes: str = "#",
               typed: bool = False, gap_ms: int = 50) -> ScanCheck:
    """What the arrival of a test code says about the scanner, with what to change."""
    findings: list[Finding] = []
    text = arrived.strip("\r\n")
    if typed:
        findings.append(Finding(Level.ERROR, (
            f"The code arrived as typing, not as a scan: the scanner types slower than Binwise "
            f"expects. Raise 'Longest gap between keys' (now {gap_ms} ms) to about "
            f"{gap_ms + 30} ms, press Save and scan again.")))
    if prefix:
        if text.startswith(prefix):
            text = text[len(prefix):]
        else:
            findings.append(Finding(Level.ERROR, (
                f"The prefix '{prefix}' set here did not arrive: clear Prefix, or program the "
                f"scanner to send it.")))
    if suffix:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
        else:
            findings.append(Finding(Level.ERROR, (
                f"The suffix '{suffix}' set here did not arrive: clear Suffix, or program the "
                f"scanner to send it.")))
    variants = _variants(gs_substitutes)
    for variant in variants:
        if variant.render() == text:
            return _result(variant, arrived, findings + _explain(variant, gs_substitutes))
    for variant in variants:
        rendered = variant.render()
        if rendered and rendered in text:
            before, after = text.split(rendered, 1)
            findings += _extras(before, after)
            return _result(variant, arrived, findings + _explain(variant, gs_substitutes))
    return _unmatched(text, arrived, findings)


def _result(variant: _Variant, arrived: str, findings: list[Finding]) -> ScanCheck:
    if not findings:
        findings = [Finding(Level.OK, "Arrived exactly as printed, with its AIM identifier.")]
    expected = printable(variant.code.aim + variant.code.data)
    return ScanCheck(variant.code, printable(arrived), expected, tuple(findings))


def _explain(variant: _Variant, substitutes: str) -> list[Finding]:
    findings = []
    if variant.layout != "us":
        name = _LAYOUTS[variant.layout][0]
        findings.append(Finding(Level.ERROR, (
            f"Keyboard layout mismatch: the scanner types for a US keyboard, but this computer "
            f"uses a {name} layout ({_LAYOUT_SIGNS[variant.layout]}). Set the scanner's "
            f"keyboard country to match (a code in its manual), or switch this computer to "
            f"the US layout.")))
    if variant.caps:
        findings.append(Finding(Level.ERROR, (
            "Caps Lock is on: every letter arrived in the wrong case, and lot numbers must "
            "match exactly. Press Caps Lock to turn it off, then scan again.")))
    if variant.gs == "":
        findings.append(Finding(Level.ERROR, (
            "The GS separator after the lot did not arrive: the lot 'TEST-LOT' would swallow "
            "the expiry date. Program the scanner to send a character for GS (FNC1), for "
            "example '#', and enter the same character under GS substitutes here.")))
    elif variant.gs == "+" and variant.layout == "us":
        findings.append(Finding(Level.ERROR, (
            "The GS separator arrives as '+', which can also be part of a lot: the scanner's "
            "keyboard country does not match this computer's layout. Set it to match, or "
            "program the scanner to send '#' for GS and enter '#' under GS substitutes.")))
    elif variant.gs not in (GS, "+"):
        if variant.gs in substitutes:
            findings.append(Finding(Level.OK, (
                f"The GS separator arrives as '{variant.gs}', which is set as a GS substitute "
                f"here: fine.")))
        else:
            findings.append(Finding(Level.ERROR, (
                f"The scanner sends '{variant.gs}' for the GS separator. Add '{variant.gs}' "
                f"to GS substitutes here and press Save.")))
    if not variant.aim:
        findings.append(Finding(Level.WARNING, (
            f"No AIM identifier came first (it would be '{variant.code.aim}'). Binwise still "
            f"reads the code, but only with it can it be sure a code is GS1: turn on 'transmit "
            f"AIM ID' (also called symbology or code ID) in the scanner's set-up.")))
    return findings


def _extras(before: str, after: str) -> list[Finding]:
    findings = []
    if before:
        findings.append(Finding(Level.ERROR, (
            f"The scanner adds '{printable(before)}' before the code. Enter it as the Prefix "
            f"here, or turn the prefix off in the scanner.")))
    if after:
        findings.append(Finding(Level.ERROR, (
            f"The scanner adds '{printable(after)}' after the code. Enter it as the Suffix "
            f"here, or turn the suffix off in the scanner.")))
    return findings


def _unmatched(text: str, arrived: str, findings: list[Finding]) -> ScanCheck:
    def plain(value: str) -> str:
        return value.replace(GS, "").upper()

    scored = [(difflib.SequenceMatcher(None, plain(text), plain(code.aim + code.data)).ratio(),
               code) for code in TEST_CODES]
    ratio, code = max(scored, key=lambda pair: pair[0])
    if ratio < 0.5:
        findings.append(Finding(Level.ERROR, (
            f"That is not one of the test codes (it read '{printable(text)}'). Scan one of "
            f"the two codes shown.")))
        return ScanCheck(None, printable(arrived), "", tuple(findings))
    expected = code.aim + code.data
    findings.append(Finding(Level.ERROR, (
        f"The code arrived changed: it should read '{printable(expected)}'.")))
    if any(not c.isascii() for c in text):
        findings.append(Finding(Level.ERROR, (
            "Characters such as 'ß' or 'é' mean the scanner's keyboard country does not match "
            "this computer's layout: set it to match.")))
    cut = plain(text)
    if any(len(cut) < len(whole) and whole.startswith(cut)
           for whole in (plain(code.aim + code.data), plain(code.data))):
        findings.append(Finding(Level.ERROR, (
            "Part of the code is missing: scan it again, holding the scanner steady. If it "
            "keeps happening, check the scanner's maximum length setting.")))
    if any(c.isascii() and c.islower() for c in text) and code.data.upper() == code.data:
        findings.append(Finding(Level.ERROR, (
            "Some letters arrived in lower case: check that Caps Lock is off.")))
    return ScanCheck(code, printable(arrived), printable(expected), tuple(findings))
