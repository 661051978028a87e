"""People through the `binwise` command: `users add|list|disable|pin`, PINs from BINWISE_PIN,
refusals in one line (exit 2), replay booked to a user, `audit` with its filters and CSV, and
`import bins` with a blocked column."""

import csv

import pytest


@pytest.fixture
def staffed(binwise, monkeypatch, tmp_path):
    """A warehouse with an admin (alex), a supervisor (sam), an operator (ana), one item in
    one bin."""
    monkeypatch.delenv("BINWISE_PIN", raising=False)
    monkeypatch.setenv("BINWISE_NEW_PIN", "9999")
    added = binwise("users", "add", "alex", "--role", "admin")
    assert added.returncode == 0, added.stderr
    assert "badge BADGE-" in added.stdout
    monkeypatch.setenv("BINWISE_PIN", "9999")
    for name, role, pin in (("sam", "supervisor", "2222"), ("ana", "operator", "1111")):
        monkeypatch.setenv("BINWISE_NEW_PIN", pin)
        result = binwise("users", "add", name, "--role", role, "--user", "alex")
        assert result.returncode == 0, result.stderr
    monkeypatch.delenv("BINWISE_PIN")
    items = tmp_path / "items.csv"
    items.write_text("sku,name,barcode\nMUG,Mug,4012345000016\n", encoding="utf-8")
    bins = tmp_path / "bins.csv"
    bins.write_text("code,zone\nA-01,A\nA-02,A\n", encoding="utf-8")
    assert binwise("import", "items", items).returncode == 0
    assert binwise("import", "bins", bins).returncode == 0
    return binwise


def one_line_refusal(result, text):
    assert result.returncode == 2, result.stdout + result.stderr
    assert text in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_users_are_managed_by_admins_only(staffed, monkeypatch):
    listing = staffed("users", "list")
    assert listing.returncode == 0
    assert [line.split()[:2] for line in listing.stdout.splitlines()[1:]] == [
        ["alex", "admin"], ["ana", "operator"], ["operator", "operator"], ["sam", "supervisor"]]
    # No PIN: refused, nothing changed.
    before = staffed.dump()
    one_line_refusal(staffed("users", "disable", "ana", "--user", "alex"),
                     "needs their PIN: set BINWISE_PIN")
    monkeypatch.setenv("BINWISE_PIN", "2222")
    one_line_refusal(staffed("users", "disable", "ana", "--user", "sam"),
                     "Managing users needs an admin; sam is a supervisor")
    monkeypatch.setenv("BINWISE_PIN", "0000")
    wrong = staffed("users", "disable", "ana", "--user", "alex")
    one_line_refusal(wrong, "BINWISE_PIN holds a wrong PIN for alex: correct it, or unset it")
    assert "badge" not in wrong.stderr
    assert staffed.dump() == before
    monkeypatch.setenv("BINWISE_PIN", "9999")
    assert staffed("users", "disable", "ana", "--user", "alex").stdout.strip() == \
        "ana is disabled."
    monkeypatch.setenv("BINWISE_NEW_PIN", "4321")
    assert staffed("users", "pin", "sam", "--user", "alex").returncode == 0
    assert "ana" in staffed("users", "list").stdout.split("disabled")[0]
    assert staffed("users", "role", "ana", "supervisor", "--user", "alex").stdout.strip() == \
        "ana is now supervisor."
    one_line_refusal(staffed("users", "role", "alex", "operator", "--user", "alex"),
                     "You cannot take your own admin role")
    assert staffed("users", "idle", "5", "--user", "alex").stdout.strip() == \
        "Stations log out after 5 min without a scan or a key."
    assert staffed.query("SELECT value FROM warehouse_setting WHERE key = "
                         "'idle_logout_minutes'") == [("5",)]
    hashes = dict(staffed.query('SELECT name, pin_hash FROM "user"'))
    assert hashes["sam"].startswith("scrypt$") and "4321" not in hashes["sam"]


def test_count_decisions_need_a_supervisor_with_a_pin(staffed, monkeypatch):
    monkeypatch.setenv("BINWISE_PIN", "1111")
    one_line_refusal(staffed("counts", "approve", "1", "--user", "ana"),
                     "Deciding a count variance needs a supervisor; ana is an operator")
    one_line_refusal(staffed("counts", "approve", "1"), "operator is an operator")
    monkeypatch.setenv("BINWISE_PIN", "2222")
    # The supervisor gets as far as the line number.
    one_line_refusal(staffed("counts", "approve", "1", "--user", "sam"), "No count line 1")


def test_replay_books_to_the_user_and_needs_their_pin(staffed, monkeypatch, tmp_path):
    staffed.execute("INSERT INTO supplier (name) VALUES ('Acme')")
    staffed.execute("INSERT INTO purchase_order (number, supplier_id, status, over_receipt_pct, "
                    "created_at) VALUES ('PO-1', 1, 'open', 0, '2026-01-01')")
    staffed.execute("INSERT INTO purchase_order_line (po_id, item_id, qty_ordered) "
                    "VALUES (1, 1, 5)")
    scans = tmp_path / "scans.txt"
    scans.write_text("PO-1\nMUG,2\n", encoding="utf-8")
    one_line_refusal(staffed("replay", "--station", "receive", "--user", "ana", scans),
                     "Replaying scans as ana needs their PIN")
    assert staffed.query("SELECT COUNT(*) FROM move") == [(0,)]
    monkeypatch.setenv("BINWISE_PIN", "1111")
    result = staffed("replay", "--station", "receive", "--user", "ana", scans)
    assert result.returncode == 0, result.stdout + result.stderr
    assert staffed.query('SELECT u.name FROM move m JOIN "user" u ON u.id = m.user_id') == \
        [("ana",)]


def test_audit_lists_moves_newest_first_with_filters_and_csv(staffed, monkeypatch, tmp_path):
    staffed.execute("INSERT INTO move (item_id, src_id, dst_id, qty, kind, user_id, "
                    "approver_id, created_at, note, doc_type, doc_id) VALUES "
                    "(1, 4, 8, 5, 'receipt', 4, NULL, '2026-03-01 10:00:00', '', 'receipt', 1),"
                    "(1, 8, 6, 2, 'adjust', 4, 3, '2026-03-02 11:00:00', 'count of A-01', "
                    "'count', 7)")
    everything = staffed("audit")
    assert everything.returncode == 0
    lines = everything.stdout.splitlines()
    assert lines[1].startswith("2026-03-02 11:00:00 ana          sam          adjust")
    assert "count 7 / count of A-01" in lines[1] and "receipt 1" in lines[2]
    assert len(staffed("audit", "--user", "sam").stdout.splitlines()) == 2  # header, none
    assert "No moves." in staffed("audit", "--user", "sam").stdout
    assert len(staffed("audit", "--since", "2026-03-02").stdout.splitlines()) == 2
    word = staffed("audit", "--since", "yesterday")
    assert word.returncode == 2 and "'yesterday' is not a date (YYYY-MM-DD)" in word.stderr
    assert len(staffed("audit", "--item", "mug", "--bin", "A-01").stdout.splitlines()) == 3
    one_line_refusal(staffed("audit", "--item", "NOPE"), "No item with SKU 'NOPE'")
    out = tmp_path / "audit.csv"
    assert staffed("audit", "--user", "ana", "--csv", out).returncode == 0
    with open(out, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["time", "user", "approver", "kind"]
    assert [r[2] for r in rows[1:]] == ["sam", ""]


def test_import_bins_blocks_bins_for_a_supervisor(staffed, monkeypatch, tmp_path):
    bins = tmp_path / "block.csv"
    bins.write_text("code,blocked\nA-01,yes\nA-02,0\n", encoding="utf-8")
    refused = staffed("import", "bins", bins)
    assert refused.returncode == 2 and "Blocking or unblocking bins needs a supervisor" \
        in refused.stderr
    monkeypatch.setenv("BINWISE_PIN", "2222")
    assert staffed("import", "bins", bins, "--user", "sam").returncode == 0
    assert staffed.query("SELECT code, blocked FROM location WHERE kind = 'bin' "
                         "ORDER BY code") == [("A-01", 1), ("A-02", 0)]
    bins.write_text("code,blocked\nA-01,maybe\n", encoding="utf-8")
    bad = staffed("import", "bins", bins, "--user", "sam")
    assert bad.returncode == 2 and "row 2, column 'blocked'" in bad.stderr


def test_ship_as_a_user_needs_their_pin(staffed, monkeypatch):
    one_line_refusal(staffed("ship", "--user", "sam"), "Shipping as sam needs their PIN")
    monkeypatch.setenv("BINWISE_PIN", "2222")
    result = staffed("ship", "--user", "sam")
    assert result.returncode == 0 and "Shipped 0 orders" in result.stdout
