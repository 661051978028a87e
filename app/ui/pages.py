"""The stations the window offers, each on its function key.

A page pairs a station with its view. The window shows the pages listed here in key order;
the first one (Lookup, F1) is open at start-up, and is the only one built before the window
is shown: the others are built when first opened (their modules imported then too).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from app.config import LabelSettings, Settings
from app.scanning.decode import DecodeConfig
from app.ui.widgets.sounds import Sounds


@dataclass(frozen=True)
class PageContext:
    """What every station view is built with."""

    user_id: int
    sounds: Sounds
    settings: Settings = field(default_factory=Settings)
    # Keeps the label printer settings the Labels page changed: saved, and shared with the
    # window so the settings dialog does not undo them.
    save_labels: Callable[[LabelSettings], None] = lambda labels: None

    @property
    def decode_config(self) -> DecodeConfig:
        return self.settings.scanner.decode()


@dataclass(frozen=True)
class StationPage:
    key: str  # the key that opens it, "F2" or "Shift+F7" (function keys first in the bar)
    title: str
    make_view: Callable[[PageContext], QWidget]
    # A page's view is built when it is first opened. One that shows something in the side
    # bar (a badge) is built soon after the window is shown instead, so the badge is there.
    preload: bool = False


def _lookup(context: PageContext) -> QWidget:
    from app.stations.lookup import LookupStation
    from app.ui.lookup.lookup_view import LookupView

    return LookupView(LookupStation(context.user_id, context.decode_config), context.sounds)


def _receive(context: PageContext) -> QWidget:
    from app.core import order_views
    from app.stations.receive import ReceiveStation
    from app.ui.receive.receive_view import ReceiveView

    return ReceiveView(ReceiveStation(context.user_id, context.decode_config), context.sounds,
                       received_lots=order_views.received_lots, now=order_views.now)


def _putaway(context: PageContext) -> QWidget:
    from app.stations.putaway import PutawayStation
    from app.ui.putaway.putaway_view import PutawayView

    return PutawayView(PutawayStation(context.user_id, context.decode_config), context.sounds)


def _pick(context: PageContext) -> QWidget:
    from app.stations.pick import PickStation
    from app.ui.pick.pick_view import PickView

    return PickView(PickStation(context.user_id, context.decode_config), context.sounds)


def _pack(context: PageContext) -> QWidget:
    from app.stations.pack import PackStation
    from app.ui.pack.pack_view import PackView

    return PackView(PackStation(context.user_id, context.decode_config), context.sounds)


def _returns(context: PageContext) -> QWidget:
    from app.stations.returns import ReturnsStation
    from app.ui.returns.returns_view import ReturnsView

    return ReturnsView(ReturnsStation(context.user_id, context.decode_config), context.sounds,
                       printing=context.settings.printing)


def _transfer(context: PageContext) -> QWidget:
    from app.stations.transfer import TransferStation
    from app.ui.transfer.transfer_view import TransferView

    return TransferView(TransferStation(context.user_id, context.decode_config), context.sounds)


def _orders(context: PageContext) -> QWidget:
    from app.ui.orders.orders_view import OrdersView

    return OrdersView(context.user_id, context.sounds, decode_config=context.decode_config)


def _labels(context: PageContext) -> QWidget:
    from app.stations.base import Level
    from app.ui.labels.labels_view import LabelsView

    view = LabelsView(context.settings.labels, context.save_labels,
                      decode_config=context.decode_config)
    # The page shows its own banner; the sound is the window's.
    view.feedback_shown.connect(lambda level: context.sounds.play(Level(level)))
    return view


def _count(context: PageContext) -> QWidget:
    from app.stations.count import CountStation
    from app.ui.count.count_view import CountView

    return CountView(CountStation(context.user_id, context.decode_config), context.sounds)


def _counts(context: PageContext) -> QWidget:
    from app.ui.counts.counts_view import CountsView

    return CountsView(context.user_id, context.sounds, decode_config=context.decode_config)


def _audit(context: PageContext) -> QWidget:
    from app.ui.audit.audit_view import AuditView

    return AuditView(decode_config=context.decode_config)


def _replenish(context: PageContext) -> QWidget:
    from app.ui.replenish.replenish_view import ReplenishView

    return ReplenishView(context.sounds, decode_config=context.decode_config)


def _reports(context: PageContext) -> QWidget:
    from app.ui.reports.reports_view import ReportsView

    return ReportsView(context.sounds, decode_config=context.decode_config)


PAGES: tuple[StationPage, ...] = (
    StationPage("F1", "Lookup", _lookup),
    StationPage("F2", "Receive", _receive),
    StationPage("Shift+F2", "Returns", _returns),
    StationPage("F3", "Put away", _putaway),
    StationPage("F4", "Pick", _pick),
    StationPage("Shift+F4", "Pack", _pack),
    StationPage("F5", "Count", _count),
    StationPage("F6", "Transfer", _transfer),
    StationPage("F7", "Orders", _orders),
    StationPage("Shift+F7", "Replenish", _replenish, preload=True),
    StationPage("F9", "Labels", _labels),
    StationPage("F11", "Counts", _counts),
    StationPage("Shift+F11", "Reports", _reports),
    StationPage("Ctrl+H", "Audit", _audit),
)
