"""What every station shares: a scan in, a feedback out.

A station takes scans (`handle`), typed entries (`enter`) and `undo`, and answers each with a
Feedback: a level, a message saying what happened and what to do next, the new prompt, and what
changed so views know what to refresh. A refused scan changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from app.core.quantities import qty_problem
from app.db.models import utcnow
from app.labels.printing import PrintJob
from app.scanning.commands import COMMANDS, command_in
from app.scanning.decode import DecodeConfig, Reading, decode, layout_hint
from app.scanning.resolve import resolve


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    INFO = "info"  # nothing happened yet, e.g. the prompt at start


@dataclass(frozen=True)
class Scan:
    """One scan as the scanner sent it (terminator removed), and where it came from."""

    raw: str
    source: str = "scanner"  # scanner, typed, replay, camera
    at: datetime = field(default_factory=utcnow)
    # A quantity given beside the code, as a batch file's `CODE,QTY` line does.
    qty: int | None = None


@dataclass(frozen=True)
class Feedback:
    level: Level
    message: str
    prompt: str
    # What changed, for views to refresh: "stock", "po", "lines", "state"; "line" when only
    # the counted line of the bin being counted did (today's list stays as it was)...
    changed: frozenset[str] = frozenset()
    # Documents to print now, without a dialog (app.labels.printing): a slip, a carrier label.
    prints: tuple[PrintJob, ...] = ()

    @property
    def refused(self) -> bool:
        return self.level is Level.ERROR


MAX_TYPED_QTY_DIGITS = 5


def typed_quantity(text: str) -> int | None:
    """A quantity a person typed (1 to 5 digits), or None when the text is something else."""
    text = text.strip()
    if text.isdigit() and len(text) <= MAX_TYPED_QTY_DIGITS:
        return int(text)
    return None


def _shown(text: str, limit: int = 40) -> str:
    """A scanned text short and printable enough for a banner."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[:limit] + "…"


class Station:
    """The shared surface of a station: a prompt, feedback built from it, typed entries."""

    name = ""
    title = ""
    decode_config = DecodeConfig()

    def handle(self, scan: Scan) -> Feedback:
        """Decode a scan and hand it to the station's workflow; a zero quantity never gets
        that far."""
        reading = decode(scan.raw, self.decode_config)
        command = command_in(reading.text)
        if command is not None:
            return self.command(command)
        if reading.qty is not None and not reading.is_gs1:
            # `CODE,QTY` only when the whole text is not itself a known code (a lot "AB,12").
            whole = decode(scan.raw, self.decode_config, split_qty=False)
            if resolve(whole).matches:
                reading = whole
        if scan.qty is not None:
            reading = replace(reading, qty=scan.qty)
        for qty in (reading.qty, reading.count):
            problem = None if qty is None else qty_problem(qty)
            if problem:
                return self._error(f"{problem} Nothing was booked for {_shown(reading.text)}.")
        return self._handle(reading)

    def _handle(self, reading: Reading) -> Feedback:
        raise NotImplementedError

    def commands(self) -> dict[str, Callable[[], Feedback]]:
        """What each command barcode (app.scanning.commands) does at this station; the
        window's keys call the same functions."""
        return {"UNDO": self.undo}

    def command(self, name: str) -> Feedback:
        """Do what a command barcode says, or refuse one this station does not know."""
        action = self.commands().get(name.upper())
        if action is None:
            known = ", ".join(sorted(self.commands()))
            shown = _shown(name)
            if name.upper() not in COMMANDS:
                return self._error(f"'{shown}' is no command Binwise knows (a misprinted "
                                   f"label?). Commands here: {known}.")
            return self._error(f"'{COMMANDS[name.upper()].title}' does nothing at "
                               f"{self.title}. Commands here: {known}.")
        return action()

    @property
    def prompt(self) -> str:
        raise NotImplementedError

    def undo(self) -> Feedback:
        raise NotImplementedError

    def _qty_refused(self, qty: int) -> Feedback | None:
        """A refusal when a quantity built from several parts (a typed number times a GS1
        count) is out of bounds, else None."""
        problem = qty_problem(qty)
        return self._error(f"{problem} Nothing was booked.") if problem else None

    def _feedback(self, level: Level, message: str,
                  changed: set[str] | frozenset[str] = frozenset()) -> Feedback:
        return Feedback(level, message, self.prompt, frozenset(changed))

    def _error(self, message: str) -> Feedback:
        return self._feedback(Level.ERROR, message)

    def _info(self, message: str) -> Feedback:
        return self._feedback(Level.INFO, message, {"state"})

    def _unknown(self, text: str, wanted: str) -> Feedback:
        return self._error(f"Unknown code '{text}'. Scan {wanted}, or type the code if the "
                           f"label is damaged.{layout_hint(text)}")
