"""Logging in at a station: by badge scan or name and PIN, refused stock scans while nobody is
logged in, the log-out key, the idle log-out, and a supervisor approving on the spot."""

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.core import ledger, users
from app.core.locations import LOSS, SUPPLIER, system_location
from app.db.models import Count, CountLine, Item, Location, Move, SalesOrder
from app.ui.main_window import MainWindow


@pytest.fixture
def staff(db):
    admin = users.add_user("alex", "admin", "9999", None, badge="BADGE-ALEX")
    return {"alex": admin,
            "sam": users.add_user("sam", "supervisor", "2222", admin.id, badge="BADGE-SAM"),
            "ana": users.add_user("ana", "operator", "1111", admin.id, badge="BADGE-ANA")}


@pytest.fixture
def make_window(qtbot, db_path, scanner, silent_sounds, show_focused):
    def make(idle_ms: int = 0) -> MainWindow:
        window = MainWindow(db_path, None, "", scanner=scanner, sounds=silent_sounds,
                            login_required=True, idle_logout_ms=idle_ms)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        show_focused(window, window.login_panel.form.name)
        return window

    return make


def test_the_window_starts_on_the_badge_prompt_and_refuses_stock_scans(staff, make_window,
                                                                        keyboard, qtbot):
    window = make_window()
    assert window.locked and window.stack.currentWidget() is window.login_panel
    assert window.login_panel.prompt.text() == "Scan your badge"
    assert window.user_label.text() == "User: Nobody logged in"
    assert not window.logout_button.isVisible()
    keyboard.scan(window, "PO-1001")
    assert "Nobody is logged in: 'PO-1001' was not used" in window.login_panel.banner.message
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F2)
    assert window.stack.currentWidget() is window.login_panel
    assert "Log in first" in window.login_panel.banner.message
    keyboard.scan(window, "BADGE-NOBODY")
    assert "not anyone's badge" in window.login_panel.banner.message
    assert window.locked


def test_a_badge_scan_logs_in_and_every_station_books_to_that_person(staff, make_window,
                                                                     keyboard):
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    ana = staff["ana"].id
    assert not window.locked and window.user_id == ana
    assert window.user_label.text() == "User: ana (operator)"
    assert window.logout_button.isVisible() and "Log out ana" in window.logout_button.text()
    assert window.current_view().title == "Lookup"
    for title in ("Receive", "Put away", "Pick", "Count", "Transfer"):
        assert window.view_of(title).station.user_id == ana, title
    assert window.view_of("Orders").user_id == ana
    assert window.view_of("Counts").review.user_id == ana


def test_name_and_pin_log_in_and_a_wrong_pin_is_refused(staff, make_window, qtbot):
    window = make_window()
    form = window.login_panel.form
    form.name.setText("sam")
    form.pin.setText("1234")
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert window.locked and "Wrong name or PIN" in window.login_panel.banner.message
    form.pin.setText("2222")
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert window.user_id == staff["sam"].id and "sam (supervisor)" in window.user_label.text()


def test_the_log_out_key_returns_to_the_badge_prompt(staff, make_window, keyboard, qtbot):
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    keyboard.key(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                 | Qt.KeyboardModifier.ShiftModifier)
    assert window.locked and window.stack.currentWidget() is window.login_panel
    assert window.login_panel.banner.message == "ana logged out."
    assert window.view_of("Receive").station.user_id is None


def test_the_log_out_command_barcode_logs_out_from_any_page(staff, make_window, keyboard):
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    window.switch_to(window.page_index("Receive"))
    keyboard.scan(window, "]C0#CMD:LOGOUT")  # as a scanner sends it, AIM identifier and all
    assert window.locked and window.stack.currentWidget() is window.login_panel
    assert window.login_panel.banner.message == "ana logged out."
    assert window.view_of("Receive").station.user_id is None


def test_idle_stations_log_out_by_themselves(staff, make_window, keyboard, qtbot):
    window = make_window(idle_ms=300)
    keyboard.scan(window, "BADGE-ANA")
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert "ana was logged out after" in window.login_panel.banner.message


def test_keys_and_scans_keep_the_person_logged_in(staff, make_window, keyboard, qtbot):
    window = make_window(idle_ms=60_000)
    keyboard.scan(window, "BADGE-ANA")
    qtbot.wait(300)
    assert window._idle.remainingTime() < 59_800
    keyboard.key(window, Qt.Key.Key_5, text="5")
    assert window._idle.remainingTime() > 59_800
    qtbot.wait(300)
    keyboard.scan(window, "A-01")
    assert window._idle.remainingTime() > 59_800 and not window.locked


def test_an_operator_gets_a_supervisor_to_approve_a_write_off_on_the_spot(
        staff, make_window, keyboard, qtbot):
    item = Item.create(sku="GOLD", name="Gold bar")
    bin_ = Location.create(code="A-01", kind="bin")
    ledger.post([ledger.MoveRequest(item.id, None, system_location(SUPPLIER).id, bin_.id, 5,
                                    "receipt")], staff["ana"].id)
    count = Count.create(location=bin_, kind="adhoc", status="review", planned_for=date.today())
    CountLine.create(count=count, item=item, expected=5, counted=3, status="review")
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F11)
    review = window.current_view().review
    review.refresh()
    review.confirm = lambda question: True
    review.table.selectRow(0)
    review.approve()
    dialog = review.approval_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "needs a supervisor; ana is an operator" in window.current_view().banner.message
    heard: list[str] = []
    window.sounds.played.connect(heard.append)
    keyboard.scan(window, "BADGE-ANA")  # an operator's badge is no approval
    assert "needs a supervisor" in dialog.banner.message and dialog.isVisible()
    assert heard == ["error"]
    keyboard.scan(window, "BADGE-SAM")
    assert not dialog.isVisible()
    move = Move.get(Move.dst == system_location(LOSS).id)
    assert (move.user_id, move.approver_id, move.qty) == (staff["ana"].id, staff["sam"].id, 2)
    assert window.user_id == staff["ana"].id  # still ana's station


def test_scans_that_are_no_badge_wait_for_the_page_while_a_supervisor_is_asked(
        staff, make_window, keyboard, qtbot):
    """The packer keeps scanning while the supervisor window is open: those scans are held,
    not refused as wrong badges, and reach the page in order once it closes; a scanner-only
    station closes it with the Cancel command."""
    from app.core.orders import OrderLineInput, create_order
    from app.scanning.commands import code_of

    Item.create(sku="MUG", name="Mug")
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F7)
    orders = window.current_view()
    delivered: list[str] = []
    orders.handle_scan = delivered.append
    first, order = (create_order(number, [OrderLineInput("MUG", 1)], allocate=False)
                    for number in ("SO-1", "SO-2"))
    orders.refresh()
    orders.confirm = lambda question: True
    assert orders.select_order(order.id, add=False)
    orders.cancel_selected()
    dialog = orders.approval_dialog
    qtbot.waitUntil(dialog.isVisible)
    keyboard.scan(window, "4006381333931")
    keyboard.scan(window, "SO-1")
    assert dialog.isVisible() and "is not a badge" in dialog.banner.message
    assert len(window.held_scans) == 2 and delivered == []
    keyboard.scan(window, "BADGE-NOBODY")  # a badge, unknown: the window's to refuse
    assert "not anyone's badge" in dialog.banner.message and len(window.held_scans) == 2
    keyboard.scan(window, "BADGE-SAM")
    assert not dialog.isVisible() and SalesOrder.get_by_id(order.id).status == "cancelled"
    qtbot.waitUntil(lambda: delivered == ["4006381333931", "SO-1"])
    assert "held" not in window.statusBar().currentMessage()

    assert orders.select_order(first.id, add=False)
    orders.cancel_selected()
    dialog = orders.approval_dialog
    qtbot.waitUntil(dialog.isVisible)
    keyboard.scan(window, code_of("CANCEL"))
    assert not dialog.isVisible()
    assert SalesOrder.get_by_id(first.id).status == "open"


def test_cancelling_an_order_is_approved_by_name_and_pin(staff, make_window, keyboard, qtbot):
    from app.core.orders import OrderLineInput, create_order

    Item.create(sku="MUG", name="Mug")
    order = create_order("SO-7", [OrderLineInput("MUG", 2)], allocate=False)
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F7)
    orders = window.current_view()
    orders.refresh()
    orders.confirm = lambda question: True
    assert orders.select_order(order.id, add=False)
    orders.cancel_selected()
    dialog = orders.approval_dialog
    assert SalesOrder.get_by_id(order.id).status == "open"
    dialog.form.name.setText("sam")
    dialog.form.pin.setText("2222")
    qtbot.mouseClick(dialog.form.button, Qt.MouseButton.LeftButton)
    assert SalesOrder.get_by_id(order.id).status == "cancelled"
    assert "Cancelled SO-7" in orders.banner.message


def test_blocking_a_bin_from_lookup_needs_a_supervisor(staff, make_window, keyboard, qtbot):
    Location.create(code="A-01", kind="bin")
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    lookup = window.current_view()
    keyboard.scan(window, "A-01")
    assert lookup.block_button.isEnabled()
    keyboard.key(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = lookup.approval_dialog
    assert "Blocking a bin needs a supervisor" in lookup.banner.message
    keyboard.scan(window, "BADGE-SAM")
    assert not dialog.isVisible()
    assert Location.get(Location.code == "A-01").blocked
    assert "A-01 is blocked" in lookup.banner.message
    assert "(blocked)" in lookup.subtitle.text() and "Unblock bin" in lookup.block_button.text()
    # A supervisor unblocks it without asking anyone.
    keyboard.key(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                 | Qt.KeyboardModifier.ShiftModifier)
    keyboard.scan(window, "BADGE-SAM")
    keyboard.scan(window, "A-01")
    keyboard.key(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not Location.get(Location.code == "A-01").blocked
    assert "A-01 is open again" in window.current_view().banner.message


def test_a_supervisor_allows_an_over_receipt_at_the_receive_station(
        staff, receive_world, make_window, keyboard, qtbot):
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F2)
    receive = window.current_view()
    keyboard.scan(window, "PO-1001")
    keyboard.scan(window, f"{receive_world.ean13}")
    keyboard.scan(window, f"{receive_world.ean13}")
    keyboard.scan(window, f"{receive_world.ean13}")
    assert not hasattr(receive, "approval_dialog")  # three of three: nothing to approve
    keyboard.scan(window, f"{receive_world.ean13}")  # a fourth of three
    assert "have a supervisor allow them" in receive.banner.message
    dialog = receive.approval_dialog
    assert dialog.isVisible()
    keyboard.scan(window, "BADGE-SAM")
    assert not dialog.isVisible()
    assert "+1 MUG-01. 4 of 3 received." in receive.banner.message
    moves = list(Move.select().order_by(Move.id))
    assert [(m.user_id, m.approver_id) for m in moves] == \
        [(staff["ana"].id, None)] * 3 + [(staff["ana"].id, staff["sam"].id)]


def test_changing_the_count_policy_needs_a_supervisor(staff, make_window, keyboard, qtbot):
    from app.core.count_policy import load_policy

    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F11)
    plan = window.current_view().plan
    plan.edit_policy()
    dialog = plan.policy_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.policy = lambda: replace(load_policy(), a_share=70.0)
    dialog.save()
    assert "Changing the count policy needs a supervisor" in dialog.error.text()
    assert load_policy().a_share != 70.0
    keyboard.scan(window, "BADGE-SAM")
    assert load_policy().a_share == 70.0 and not dialog.isVisible()


def test_changing_where_an_item_goes_needs_a_supervisor(staff, make_window, keyboard, qtbot):
    from app.db.models import PutawayRule

    Item.create(sku="MUG", name="Mug")
    Location.create(code="A-01", kind="bin")
    window = make_window()
    keyboard.scan(window, "BADGE-ANA")
    lookup = window.current_view()
    keyboard.scan(window, "MUG")
    keyboard.key(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = lookup.rule_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.place.setText("A-01")
    dialog.save()
    assert "needs a supervisor" in dialog.error.text() and not PutawayRule.select().exists()
    keyboard.scan(window, "BADGE-SAM")
    assert PutawayRule.get().bin.code == "A-01" and not dialog.isVisible()
    assert lookup.banner.message == "MUG is now put away into bin A-01."
