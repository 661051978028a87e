"""A station answering a scan when the database cannot take the write: a full disk or a
read-only file is said as such (what to do), not as a bug."""

import peewee
import pytest

from app.stations.base import Level
from app.ui.receive.receive_view import ReceiveView
from app.ui.widgets.sounds import Sounds
from tests.gui.test_receive_view import FakeStation

pytestmark = pytest.mark.gui


class FullStation(FakeStation):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def handle(self, scan):
        raise self.error


@pytest.mark.parametrize(("error", "words"), [
    (peewee.OperationalError("database or disk is full"), "Free some space"),
    (peewee.OperationalError("attempt to write a readonly database"), "is read-only"),
])
def test_a_write_the_disk_refuses_is_explained(qtbot, qapp, error, words):
    sounds = Sounds(enabled=False)
    view = ReceiveView(FullStation(error), sounds)
    qtbot.addWidget(view)
    heard: list[str] = []
    sounds.played.connect(heard.append)
    view.handle_scan("4012345000016")
    assert view.banner.level is Level.ERROR
    assert words in view.banner.message
    assert "could not handle" not in view.banner.message
    assert heard == ["error"]
