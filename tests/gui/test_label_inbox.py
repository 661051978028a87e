"""The watched label folder: set in Settings, swept on the background worker, files sorted."""

import pytest

from app.config import Settings, ShippingLabelSettings
from app.db.models import SalesOrder, ShippingLabel
from app.ui.label_inbox import LabelInbox, summary
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from tests.label_files import zpl

pytestmark = pytest.mark.gui


@pytest.fixture
def order(db):
    return SalesOrder.create(number="#1001", status="picked")


def test_files_arriving_are_imported_on_the_worker_and_moved(qtbot, order, tmp_path):
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "1001.zpl").write_bytes(zpl())
    (folder / "9999.zpl").write_bytes(zpl())
    worker = ThreadWorker("work")
    inbox = LabelInbox(worker, settle_s=0)
    try:
        with qtbot.waitSignal(inbox.swept, timeout=10000) as swept:
            inbox.set_folder(str(folder))
        assert summary(swept.args[0]).startswith("Shipping labels: 1 imported, 1 not matched")
        assert [p.name for p in (folder / "done").iterdir()] == ["1001.zpl"]
        assert [p.name for p in (folder / "unmatched").iterdir()] == ["9999.zpl"]
        (folder / "#1001_box2.zpl").write_bytes(zpl("box 2"))
        with qtbot.waitSignal(inbox.swept, timeout=10000):
            pass  # the watcher (or the timer) notices it
        assert sorted(p.name for p in (folder / "done").iterdir()) == ["#1001_box2.zpl",
                                                                       "1001.zpl"]
    finally:
        inbox.stop()
        worker.shutdown()
    assert sorted(label.box or 0 for label in ShippingLabel.select()) == [0, 2]


def test_a_missing_folder_is_said_and_nothing_breaks(qtbot, order, tmp_path):
    inbox = LabelInbox(InlineWorker(), settle_s=0)
    with qtbot.waitSignal(inbox.failed) as failed:
        inbox.set_folder(str(tmp_path / "nope"))
    assert "does not exist" in failed.args[0]
    inbox.set_folder("")
    assert inbox.folder is None


def test_the_settings_dialog_sets_the_watched_folder(qtbot, tmp_path):
    from app.ui.settings.settings_dialog import SettingsDialog

    saved = []
    dialog = SettingsDialog(Settings(shipping_labels=ShippingLabelSettings("/old")),
                            saved.append)
    qtbot.addWidget(dialog)
    assert dialog.label_folder.text() == "/old"
    dialog.label_folder.setText(f"  {tmp_path}  ")
    dialog.save()
    assert saved[0].shipping_labels.watch_folder == str(tmp_path)
