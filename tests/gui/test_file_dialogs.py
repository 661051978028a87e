"""A save dialog showing the database's folder must not drop this process's locks on the
database: another Binwise process would then think it is alone and could lose scans."""

import os

import pytest

from app.db.models import Item
from app.ui.widgets.file_dialogs import save_dialog

pytestmark = pytest.mark.gui


def locks_on(path) -> int:
    inode = os.stat(path).st_ino
    with open("/proc/locks", encoding="ascii") as table:
        return sum(1 for line in table if f":{inode} " in line)


@pytest.mark.skipif(not os.path.exists("/proc/locks"), reason="needs Linux's /proc/locks")
def test_listing_the_database_folder_keeps_the_database_locks(qtbot, db, db_path):
    Item.select().count()  # a read: the connection now holds its shared locks
    before = locks_on(db_path)
    assert before >= 1
    dialog = save_dialog(None, "Save labels", str(db_path.with_name("labels.pdf")), "PDF (*.pdf)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(1500)  # the folder is listed in the background
    assert locks_on(db_path) == before
