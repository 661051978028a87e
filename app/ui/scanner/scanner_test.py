"""The scanner test tab: two printed test codes on screen; scan them and see what arrived, what
was expected, and in plain words what to change on the scanner or in the settings.

Scans reach it from the window's scanner filter (`handle_scan`). A scanner too slow for the
timing settings arrives as typing instead: it lands in the box on this tab and is reported so.
A scan that is not a test code is looked up in the warehouse: a real label that reads as an
item, bin or lot proves the scanner works; one that reads as nothing, or as a damaged code,
points back to the test codes to find the setting to change.
"""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.scanning.decode import DecodeConfig
from app.scanning.identify import Identified, identify
from app.stations.base import Level
from app.ui import theme
from app.ui.scanner.scanner_check import CODE128, GS1, Finding, ScanCheck, check_scan, printable
from app.ui.widgets.barcode_image import barcode_pixmap
from app.ui.widgets.feedback_banner import FeedbackBanner

# How the check starts its finding when a scan only looks like a test code, and its findings
# about how a scan arrived, whatever the code.
CHANGED = "The code arrived changed"
ARRIVAL_FINDINGS = ("The code arrived as typing", "The prefix", "The suffix")
SETTINGS_HINT = ("A real label that arrives changed usually means a scanner setting: a missing "
                 "GS separator (program a substitute such as #), the wrong keyboard country, "
                 "or Caps Lock. Scan the two test codes above to find which.")


@dataclass(frozen=True)
class CheckOptions:
    """The scanner settings as the form shows them right now (maybe not saved yet)."""

    prefix: str = ""
    suffix: str = ""
    gs_substitutes: str = "#"
    gap_ms: int = 50

    def decode_config(self) -> DecodeConfig:
        return DecodeConfig(prefix=self.prefix, suffix=self.suffix,
                            gs_substitutes=tuple(self.gs_substitutes) or ("#",))


class ScannerTestTab(QWidget):
    checked = Signal(object)  # the ScanCheck of the last test scan

    def __init__(self, options: Callable[[], CheckOptions],
                 parent: QWidget | None = None, *,
                 identify_scan: Callable[[str, DecodeConfig], Identified] = identify) -> None:
        super().__init__(parent)
        self._options = options
        self._identify = identify_scan
        self.last: ScanCheck | None = None
        intro = QLabel("Scan each code below with the scanner. Binwise shows what arrived and "
                       "what to change if it is not what is printed.")
        intro.setWordWrap(True)
        codes = QGridLayout()
        codes.setHorizontalSpacing(24)
        codes.setVerticalSpacing(2)
        for row, (code, gs1) in enumerate(((CODE128, False), (GS1, True))):
            name = QLabel(code.name)
            name.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
            image = QLabel()
            image.setPixmap(barcode_pixmap(code.data, gs1=gs1, module_px=2, height_px=72))
            image.setObjectName(f"testCode_{code.key}")
            human = QLabel(code.human)
            human.setFont(theme.font(15))
            human.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            codes.addWidget(name, row * 2, 0, Qt.AlignmentFlag.AlignTop)
            codes.addWidget(image, row * 2, 1, Qt.AlignmentFlag.AlignLeft)
            codes.addWidget(human, row * 2 + 1, 1, Qt.AlignmentFlag.AlignLeft)
        self.banner = FeedbackBanner()
        self.banner.show_feedback(Level.INFO, "Waiting for a scan of a test code.")
        self.compare = QLabel()
        self.compare.setObjectName("compare")
        self.compare.setTextFormat(Qt.TextFormat.PlainText)
        # Monospaced, so what arrived lines up under what was expected, character by character.
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPixelSize(16)
        self.compare.setFont(mono)
        self.compare.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings = QLabel()
        self.findings.setObjectName("findings")
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        self.findings.setWordWrap(True)
        self.findings.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.typed = QLineEdit()
        self.typed.setObjectName("typedArrival")
        self.typed.setPlaceholderText("A scanner that is too slow types here instead")
        self.typed.returnPressed.connect(self._on_typed_return_pressed)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addLayout(codes)
        layout.addWidget(self.banner)
        layout.addWidget(self.compare)
        # However many findings there are, they scroll rather than push the dialog off screen.
        findings_area = QScrollArea()
        findings_area.setWidget(self.findings)
        findings_area.setWidgetResizable(True)
        findings_area.setFrameShape(QFrame.Shape.NoFrame)
        findings_area.setMinimumHeight(120)
        findings_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(findings_area, 1)
        layout.addWidget(self.typed)
        self.setFocusProxy(self.typed)

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        self._check(code, typed=False)

    @Slot()
    def _on_typed_return_pressed(self) -> None:
        text = self.typed.text()
        self.typed.clear()
        if text:
            self._check(text, typed=True)

    def _check(self, arrived: str, typed: bool) -> None:
        options = self._options()
        result = check_scan(arrived, prefix=options.prefix, suffix=options.suffix,
                            gs_substitutes=options.gs_substitutes, typed=typed,
                            gap_ms=options.gap_ms)
        summary = result.summary
        # Not a test code, or only like one (a real label may share the test GTIN): is it a
        # label of this warehouse?
        guessed = any(f.text.startswith(CHANGED) for f in result.findings)
        if result.code is None or guessed:
            real = self._real_label(arrived, result, options, known_only=guessed)
            if real is not None:
                result, summary = real
        self.last = result
        # A scan here never reaches a station: say so, or a green test looks like a booking.
        self.banner.show_feedback(result.level, f"{summary} Scanner test only: nothing was "
                                                f"booked.")
        expected = result.expected or f"{CODE128.data}  or  {GS1.human}"
        self.compare.setText(f"Expected: {expected}\nArrived:  {result.arrived}")
        marks = {Level.OK: "✔", Level.WARNING: "⚠", Level.ERROR: "✖", Level.INFO: "›"}
        self.findings.setText("\n".join(f"{marks[f.level]}  {f.text}" for f in result.findings))
        self.checked.emit(result)

    def _real_label(self, arrived: str, result: ScanCheck, options: CheckOptions,
                    known_only: bool = False) -> tuple[ScanCheck, str] | None:
        """Is it a real label of this warehouse, read right? With `known_only`, None unless
        it names something here or reads as a damaged label."""
        try:
            found = self._identify(arrived, options.decode_config())
        except Exception:  # the test must answer even when the lookup cannot
            found = Identified(None, None, False)
        if known_only and found.what is None and found.problem is None:
            return None
        # Keep what the check found about the way it arrived (typed, prefix, suffix), not its
        # comparison with the test codes.
        kept = [f for f in result.findings if f.text.startswith(ARRIVAL_FINDINGS)]
        text = printable(arrived.strip("\r\n"))
        if found.what and not found.problem:
            summary = f"That is {found.what}: the scanner reads real labels correctly."
            kept.append(Finding(Level.OK, f"'{text}' arrived whole and names {found.what}."))
            kept.append(Finding(Level.INFO, "To check the GS and keyboard settings as well, "
                                            "scan the two test codes above."))
        elif found.what:
            summary = f"That is {found.what}, but: {found.problem}"
            kept.append(Finding(Level.WARNING, found.problem))
            kept.append(Finding(Level.INFO, SETTINGS_HINT))
        elif found.problem:
            summary = f"That label arrived damaged: {found.problem}"
            kept.append(Finding(Level.ERROR, found.problem))
            kept.append(Finding(Level.INFO, SETTINGS_HINT))
        else:
            summary = (f"'{text}' is not a test code, and no item, bin, lot or order here has "
                       f"that code.")
            kept.append(Finding(Level.ERROR, "If it is a real label of yours, it arrived "
                                             "changed. " + SETTINGS_HINT))
        return ScanCheck(None, result.arrived, "", tuple(kept)), summary
