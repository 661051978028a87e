"""People: PINs hashed with scrypt, logging in by badge or name and PIN, roles and the
approvals they allow, and the approver recorded on moves."""

from datetime import date

import pytest

from app.core import counting, ledger, locations, orders, users
from app.core.count_policy import CountPolicy, save_policy
from app.core.errors import BinwiseError
from app.core.locations import LOSS, SUPPLIER, system_location
from app.core.users import PermissionDeniedError
from app.db.models import Count, CountLine, Item, Location, Move, SalesOrder, User


@pytest.fixture
def staff(db):
    admin = users.add_user("alex", "admin", "1111", None)
    sup = users.add_user("sam", "supervisor", "2222", admin.id)
    op = users.add_user("ana", "operator", "3333", admin.id)
    return {"admin": admin, "sup": sup, "op": op}


def test_pins_are_salted_scrypt_hashes_and_verify(db):
    one, two = users.hash_pin("1234"), users.hash_pin("1234")
    assert one.startswith("scrypt$") and one != two and "1234" not in one
    assert users.verify_pin(one, "1234") and not users.verify_pin(one, "1235")
    assert not users.verify_pin("garbage", "1234")


def test_a_new_warehouse_needs_no_login_until_someone_has_a_pin(db):
    assert not users.logins_enabled()
    users.require_role(User.get(User.name == "operator").id, "supervisor")  # no refusal
    users.add_user("alex", "admin", "1111", None)
    assert users.logins_enabled()


def test_the_first_user_must_be_an_admin_and_then_only_admins_manage_users(db):
    with pytest.raises(BinwiseError, match="Create an admin first"):
        users.add_user("ana", "operator", "3333", None)
    admin = users.add_user("alex", "admin", "1111", None)
    with pytest.raises(PermissionDeniedError, match="needs an admin"):
        users.add_user("bob", "operator", "4444", None)
    op = users.add_user("ana", "operator", "3333", admin.id)
    with pytest.raises(PermissionDeniedError, match="ana is an operator"):
        users.add_user("bob", "operator", "4444", op.id)
    with pytest.raises(BinwiseError, match="4 to 12 digits"):
        users.add_user("bob", "operator", "12", admin.id)


def test_login_by_badge_and_by_name_and_pin(staff):
    assert users.login_with_badge(staff["op"].badge.lower()).name == "ana"
    assert users.login_with_pin("sam", "2222").role == "supervisor"
    with pytest.raises(BinwiseError, match="Wrong name or PIN"):
        users.login_with_pin("sam", "9999")
    with pytest.raises(BinwiseError, match="Wrong name or PIN"):
        users.login_with_pin("nobody", "2222")
    with pytest.raises(BinwiseError, match="not anyone's badge"):
        users.login_with_badge("BADGE-NOPE")


def test_disabled_users_cannot_log_in_and_are_kept(staff):
    users.set_active("ana", False, staff["admin"].id)
    with pytest.raises(BinwiseError, match="disabled"):
        users.login_with_badge(staff["op"].badge)
    with pytest.raises(BinwiseError, match="disabled"):
        users.login_with_pin("ana", "3333")
    assert User.get(User.name == "ana").active is False
    with pytest.raises(BinwiseError, match="cannot disable yourself"):
        users.set_active("alex", False, staff["admin"].id)
    with pytest.raises(PermissionDeniedError):
        users.set_active("alex", False, staff["sup"].id)
    users.set_pin("ana", "5555", staff["admin"].id)
    users.set_active("ana", True, staff["admin"].id)
    assert users.login_with_pin("ana", "5555").name == "ana"


def test_require_role_follows_the_ranks(staff):
    users.require_role(staff["admin"].id, "supervisor")
    users.require_role(staff["sup"].id, "operator")
    with pytest.raises(PermissionDeniedError, match="needs a supervisor; ana is an operator"):
        users.require_role(staff["op"].id, "supervisor")
    with pytest.raises(PermissionDeniedError, match="log in first"):
        users.require_role(None, "operator")


def test_moves_record_who_approved_them(staff):
    item = Item.create(sku="X", name="X")
    bin_ = Location.create(code="A-01", kind="bin")
    ids = ledger.post([ledger.MoveRequest(item.id, None, system_location(SUPPLIER).id, bin_.id,
                                          3, "adjust")], staff["op"].id,
                      approver_id=staff["sup"].id)
    move = Move.get_by_id(ids[0])
    assert (move.user.name, move.approver.name) == ("ana", "sam")


def _variance(item: Item, bin_: Location) -> CountLine:
    count = Count.create(location=bin_, kind="adhoc", status="review", planned_for=date.today())
    return CountLine.create(count=count, item=item, expected=5, counted=3, status="review")


def test_count_variances_need_a_supervisor_who_may_approve_on_the_spot(staff):
    item = Item.create(sku="X", name="X")
    bin_ = Location.create(code="A-01", kind="bin")
    ledger.post([ledger.MoveRequest(item.id, None, system_location(SUPPLIER).id, bin_.id, 5,
                                    "receipt")], staff["op"].id)
    line = _variance(item, bin_)
    with pytest.raises(PermissionDeniedError):
        counting.decide(line, True, staff["op"].id, date.today())
    assert CountLine.get_by_id(line.id).status == "review"
    counting.decide(line, True, staff["op"].id, date.today(), approver_id=staff["sup"].id)
    move = Move.get(Move.dst == system_location(LOSS).id)
    assert (move.user_id, move.approver_id) == (staff["op"].id, staff["sup"].id)
    assert CountLine.get_by_id(line.id).decided_by_id == staff["sup"].id
    # An operator's badge is no approval.
    with pytest.raises(PermissionDeniedError):
        counting.decide(_variance(item, bin_), False, staff["op"].id, date.today(),
                        approver_id=staff["op"].id)


def test_cancelling_orders_blocking_bins_and_policies_need_a_supervisor(staff):
    order = SalesOrder.create(number="SO-1")
    with pytest.raises(PermissionDeniedError, match="Cancelling order SO-1 needs a supervisor"):
        orders.cancel_order(order, staff["op"].id)
    orders.cancel_order(order, staff["op"].id, approver_id=staff["sup"].id)
    assert SalesOrder.get_by_id(order.id).status == "cancelled"

    Location.create(code="A-01", kind="bin")
    with pytest.raises(PermissionDeniedError, match="Blocking a bin"):
        locations.set_blocked("A-01", True, staff["op"].id)
    assert locations.set_blocked("a-01", True, staff["sup"].id).blocked
    assert Location.get(Location.code == "A-01").blocked

    with pytest.raises(PermissionDeniedError, match="count policy"):
        save_policy(CountPolicy(), staff["op"].id)
    save_policy(CountPolicy(), staff["admin"].id)


def test_a_supervisor_may_allow_an_over_receipt(staff):
    from app.core import receiving
    from app.db.models import PurchaseOrder, PurchaseOrderLine, Supplier

    item = Item.create(sku="X", name="X")
    po = PurchaseOrder.create(number="PO-1", supplier=Supplier.create(name="S"))
    PurchaseOrderLine.create(po=po, item=item, qty_ordered=2)
    receiving.receive(po, item, 2, staff["op"].id)
    with pytest.raises(PermissionDeniedError, match="have a supervisor allow them"):
        receiving.receive(po, item, 1, staff["op"].id)
    with pytest.raises(PermissionDeniedError, match="needs a supervisor"):
        receiving.receive(po, item, 1, staff["op"].id, approver_id=staff["op"].id)
    done = receiving.receive(po, item, 1, staff["op"].id, approver_id=staff["sup"].id)
    move = Move.get_by_id(done.move_id)
    assert (move.qty, move.approver_id) == (1, staff["sup"].id)


def test_an_older_database_gets_the_people_columns(tmp_path):
    """A file made before users had roles is upgraded; its users keep working."""
    import sqlite3

    from app.db import close_database, migrations, open_database

    path = tmp_path / "old.sqlite"
    db = open_database(path, migrate=False)
    for step in migrations.STEPS[:5]:  # version 5 as it shipped: no people columns yet
        step(db)
    assert "role" not in [c.name for c in db.get_columns("user")]
    db.execute_sql("PRAGMA user_version = 5")
    close_database()
    open_database(path)
    close_database()
    with sqlite3.connect(path) as connection:
        assert connection.execute('SELECT name, role, pin_hash, active FROM "user"').fetchall() \
            == [("operator", "operator", "", 1)]
        assert "approver_id" in [r[1] for r in connection.execute("PRAGMA table_info(move)")]


def test_a_wrong_pin_at_the_command_line_says_where_it_came_from(staff, monkeypatch):
    """Typed at the prompt: type it again. From BINWISE_PIN: the variable is wrong, and a
    terminal would not ask while it is set. Neither speaks of badges."""
    from app import people_cli

    monkeypatch.delenv("BINWISE_PIN", raising=False)
    monkeypatch.setattr(people_cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(people_cli, "getpass", lambda prompt: "9999")
    with pytest.raises(BinwiseError) as typed:
        people_cli.login("sam", what="Testing")
    assert str(typed.value) == "Wrong PIN for sam. Run it again and type their PIN."
    monkeypatch.setenv("BINWISE_PIN", "9999")
    with pytest.raises(BinwiseError) as from_env:
        people_cli.login("sam", what="Testing")
    assert str(from_env.value).startswith("BINWISE_PIN holds a wrong PIN for sam")
    monkeypatch.setenv("BINWISE_PIN", "2222")
    assert people_cli.login("sam", what="Testing") == User.get(User.name == "sam").id
