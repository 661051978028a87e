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
