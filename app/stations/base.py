"""What every station shares: a scan in, a feedback out.

A station takes scans (`handle`), typed entries (`enter`) and `undo`, and answers each with a
Feedback: a level, a message saying what happened and what to do next, the new prompt, and what
changed so views know what to refresh. A refused scan changes nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from app.db.models import utcnow


class Level(str, Enum):
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


@dataclass(frozen=True)
class Feedback:
    level: Level
    message: str
    prompt: str
    # What changed, for views to refresh: "stock", "po", "lines", "state"...
    changed: frozenset[str] = frozenset()

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


class Station:
    """The shared surface of a station: a prompt, feedback built from it, typed entries."""

    name = ""
    title = ""

    @property
    def prompt(self) -> str:
        raise NotImplementedError

    def handle(self, scan: Scan) -> Feedback:
        raise NotImplementedError

    def undo(self) -> Feedback:
        raise NotImplementedError

    def _feedback(self, level: Level, message: str,
                  changed: set[str] | frozenset[str] = frozenset()) -> Feedback:
        return Feedback(level, message, self.prompt, frozenset(changed))

    def _error(self, message: str) -> Feedback:
        return self._feedback(Level.ERROR, message)

    def _info(self, message: str) -> Feedback:
        return self._feedback(Level.INFO, message, {"state"})

    def _unknown(self, text: str, wanted: str) -> Feedback:
        return self._error(f"Unknown code '{text}'. Scan {wanted}, or type the code if the "
                           f"label is damaged.")
