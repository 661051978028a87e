"""The stations the window offers, each on its function key.

A page pairs a station with its view. The window shows only the pages listed here, in key
order; Lookup (F1), Putaway (F3), Pick (F4) and Count (F5) join when their stations exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.ui.sounds import Sounds


@dataclass(frozen=True)
class PageContext:
    """What every station view is built with."""

    user_id: int
    sounds: Sounds


@dataclass(frozen=True)
class StationPage:
    key: str  # the function key that opens it, "F2"
    title: str
    make_view: Callable[[PageContext], QWidget]


def _receive(context: PageContext) -> QWidget:
    from app.stations.receive import ReceiveStation
    from app.ui.receive_view import ReceiveView

    return ReceiveView(ReceiveStation(context.user_id), context.sounds)


PAGES: tuple[StationPage, ...] = (
    StationPage("F2", "Receive", _receive),
)
