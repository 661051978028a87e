"""The Audit page: moves newest first with who did and who approved them, its filters, and
"More" for older moves."""

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from app.core import ledger, users
from app.core.locations import LOSS, SUPPLIER, system_location
from app.db.models import Item, Location
from app.ui.audit.audit_view import AuditView
from tests.gui.conftest import cell


@pytest.fixture
def trail(db):
    admin = users.add_user("alex", "admin", "9999", None)
    sam = users.add_user("sam", "supervisor", "2222", admin.id)
    ana = users.add_user("ana", "operator", "1111", admin.id)
    mug = Item.create(sku="MUG", name="Mug")
    bins = [Location.create(code=f"A-0{n}", kind="bin") for n in (1, 2)]
    supplier, loss = system_location(SUPPLIER).id, system_location(LOSS).id
    for day, (src, dst, qty, who, approver, kind) in enumerate([
            (supplier, bins[0].id, 5, ana.id, None, "receipt"),
            (bins[0].id, bins[1].id, 2, ana.id, None, "transfer"),
            (bins[1].id, loss, 1, ana.id, sam.id, "adjust"),
            (supplier, bins[0].id, 4, sam.id, None, "receipt")], start=1):
        ledger.post([ledger.MoveRequest(mug.id, None, src, dst, qty, kind)], who,
                    at=datetime(2026, 3, day, 9), approver_id=approver)


def test_audit_page_lists_filters_and_pages(qtbot, trail):
    view = AuditView(page_size=2)
    qtbot.addWidget(view)
    view.refresh()
    model = view.model
    assert [cell(model, r, 3) for r in range(model.rowCount())] == ["receipt", "adjust"]
    assert [cell(model, 1, c) for c in (1, 2, 4, 6, 7)] == ["ana", "sam", "1", "A-02", "LOSS"]
    assert view.more_button.isEnabled()
    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    assert [cell(model, r, 3) for r in range(model.rowCount())] == [
        "receipt", "adjust", "transfer", "receipt"]
    assert "4 moves shown" in view.banner.message

    view.user.setText("ana")
    qtbot.keyClick(view.user, Qt.Key.Key_Return)
    assert [cell(model, r, 1) for r in range(model.rowCount())] == ["ana", "ana"]
    view.user.clear()
    view.bin.setText("a-02")
    view.since.setText("2026-03-03")
    view.refresh()
    assert [cell(model, r, 3) for r in range(model.rowCount())] == ["adjust"]
    assert not view.more_button.isEnabled()
    view.since.setText("March")
    view.refresh()
    assert "'March' is not a date" in view.banner.message
    view.since.clear()
    view.sku.setText("NOPE")
    view.refresh()
    assert "No item with SKU 'NOPE'" in view.banner.message


def test_audit_page_is_in_the_window_on_its_key(qtbot, main_window, trail):
    qtbot.keyClick(main_window.windowHandle(), Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    view = main_window.current_view()
    assert view.title == "Audit" and view.model.rowCount() == 4
