"""Telling a keyboard-wedge scanner from a person typing.

A wedge scanner types its code as keystrokes, a few milliseconds apart, and usually ends with
Enter or Tab. `BurstDetector` takes characters with the window system's timestamps and answers
with events: a "scan" (the code, terminator swallowed) or "typed" (characters that a person
typed, to be given back to the focused widget in order). It holds characters back while a burst
might still be forming, so a scan never lands half in a text field.

Pure Python and Qt-free: the application's event filter feeds it and acts on the events; the
tests feed it recorded timings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class WedgeSettings:
    max_gap_ms: int = 50  # a gap over this breaks a burst
    min_length: int = 4  # a scan has at least this many characters (terminator excluded)
    max_ms_per_char: float = 30.0  # whole burst duration / length must be <= this
    terminators: str = "\r\t"  # Enter is "\r", Tab is "\t"
    accept_without_terminator: bool = False  # scanners with no suffix: flush a burst after silence
    flush_after_ms: int = 100  # silence that ends a terminator-less scan


@dataclass(frozen=True)
class WedgeEvent:
    kind: Literal["scan", "typed"]
    # "scan": the code without its terminator. "typed": the held characters, in order, to give
    # back to the focused widget (may end in the terminator the person pressed).
    text: str


class BurstDetector:
    """Splits a stream of timed characters into scans and typing.

    A burst is the run of held characters whose gaps are all at most `max_gap_ms`. It is a
    scan when it ends in a terminator (or, with `accept_without_terminator`, in silence), has at
    least `min_length` characters, and its duration (first character to its end) divided by its
    length is at most `max_ms_per_char`. Anything else comes back as "typed".
    """

    def __init__(self, settings: WedgeSettings = WedgeSettings()) -> None:
        self.settings = settings
        self._chars: list[str] = []
        self._first_ms = 0
        self._last_ms = 0
        # True while the burst is one key and its auto-repeats: a key held down, not a scan.
        self._held_key = False

    @property
    def pending(self) -> str:
        """Characters held back right now."""
        return "".join(self._chars)

    def reset(self) -> None:
        self._chars.clear()

    def feed(self, char: str, t_ms: int, repeat: bool = False) -> list[WedgeEvent]:
        """Take one character with its event timestamp (ms); return what is now decided.

        `repeat` is the window system's auto-repeat flag. X11 also sets it on the second key of
        a doubled pair ("00") a scanner types while the machine is busy, so it does not break
        a burst; only a burst made of nothing but one key and its repeats (a key held down) is
        never a scan."""
        s = self.settings
        events: list[WedgeEvent] = []
        if self._chars:
            gap = t_ms - self._last_ms
            # A negative gap means the clock wrapped or the source changed: the burst cannot
            # be continued, so it ends here like after a long pause.
            if gap < 0 or gap > s.max_gap_ms:
                events.extend(self._end_in_silence(self._last_ms))

        if char in s.terminators:
            if self._chars and self._qualifies(t_ms):
                events.append(WedgeEvent("scan", self.pending))
            else:
                # Nothing held, or held typing: the terminator goes back with it, in order.
                events.append(WedgeEvent("typed", self.pending + char))
            self._chars.clear()
            return events

        if not self._chars:
            self._first_ms = t_ms
            self._held_key = True
        elif not (repeat and char == self._chars[-1]):
            self._held_key = False
        self._chars.append(char)
        self._last_ms = t_ms
        return events

    def flush(self, now_ms: int) -> list[WedgeEvent]:
        """Called by a timer: decide about held characters once the input has gone quiet."""
        s = self.settings
        if not self._chars or now_ms - self._last_ms < s.max_gap_ms:
            return []
        if s.accept_without_terminator and self._qualifies(self._last_ms):
            if now_ms - self._last_ms < s.flush_after_ms:
                return []  # still waiting: a late terminator or more characters may come
            return self._take("scan")
        return self._take("typed")

    def _end_in_silence(self, end_ms: int) -> list[WedgeEvent]:
        # The burst can no longer grow: a terminator-less scanner's code is complete, anything
        # else was typed. Emitting it here keeps back-to-back scans from merging.
        if self.settings.accept_without_terminator and self._qualifies(end_ms):
            return self._take("scan")
        return self._take("typed")

    def _take(self, kind: Literal["scan", "typed"]) -> list[WedgeEvent]:
        event = WedgeEvent(kind, self.pending)
        self._chars.clear()
        return [event]

    def _qualifies(self, end_ms: int) -> bool:
        s = self.settings
        n = len(self._chars)
        if n < s.min_length or self._held_key:
            return False
        # Gaps inside the burst are <= max_gap_ms by construction; the terminator's own gap
        # was checked in feed() before it got here.
        return (end_ms - self._first_ms) / n <= s.max_ms_per_char
