"""Command barcodes: every step a person does by key can be scanned, and replayed."""

import subprocess
import sys

import pytest

from app.core import orders
from app.core.orders import OrderLineInput as L
from app.db import close_database, open_database
from app.db.models import Count, Lot, Move, PurchaseOrder, Quant, User
from app.scanning.commands import COMMANDS, code_of, command_in
from app.scanning.decode import DecodeConfig, decode
from app.scanning.resolve import resolve
from app.stations.base import Level, Scan
from app.stations.replay import STATIONS

from .conftest import GTIN_LOT, GTIN_PLAIN, TODAY


def test_command_texts_resolve_as_commands_whatever_the_case_or_symbology():
    assert command_in("#CMD:UNDO") == "UNDO"
    assert command_in("#cmd:cancel") == "CANCEL"
    assert command_in("]C0#CMD:SHORT") is None  # decoding strips the symbology first
    assert decode("]C0#CMD:SHORT").text == "#CMD:SHORT"
    assert command_in("#CMD:") is None and command_in("CMD:UNDO") is None
    for name in COMMANDS:
        code = code_of(name)
        assert code.isascii() and code.isprintable()  # Code 128 carries it


def test_a_command_resolves_before_any_lookup(db):
    found = resolve(decode("#CMD:FINISH"))
    assert [(m.kind, m.code) for m in found.matches] == [("command", "FINISH")]


def test_every_station_answers_undo_and_refuses_what_it_does_not_know(po):
    user = User.get(User.name == "operator").id
    for cls in STATIONS.values():
        station = cls(user)
        assert station.handle(Scan("#CMD:UNDO")).message  # no crash, an answer
        answer = station.handle(Scan("#CMD:NO-SUCH"))
        assert answer.level is Level.ERROR
        assert answer.message.startswith("'NO-SUCH' is no command Binwise knows")
        # A real command, at a station it is not for, is named and refused.
        elsewhere = next(c for c in COMMANDS.values() if c.name not in station.commands())
        answer = station.handle(Scan(code_of(elsewhere.name)))
        assert answer.level is Level.ERROR
        assert f"'{elsewhere.title}' does nothing at {station.title}" in answer.message
    assert Move.select().count() == 0


def test_receive_cancel_finish_and_undo_by_scan(station):
    station.handle(Scan("PO-1001"))
    station.handle(Scan(GTIN_LOT[1:]))
    assert station.awaiting == "lot"
    assert station.handle(Scan("#CMD:CANCEL")).level is Level.INFO
    assert station.awaiting == "item"
    station.handle(Scan(GTIN_PLAIN[1:]))
    assert station.handle(Scan("#CMD:UNDO")).level is Level.WARNING
    assert Quant.select().count() == 0
    station.handle(Scan(GTIN_PLAIN[1:]))
    answer = station.handle(Scan("#cmd:finish"))
    assert answer.level is Level.OK and "partly received" in answer.message
    assert station.awaiting == "po"


def test_a_command_text_is_never_taken_as_a_lot(station):
    station.handle(Scan("PO-1001"))
    station.handle(Scan(GTIN_LOT[1:]))
    # Typed at the lot prompt it is the command, as scanned.
    assert station.enter("#CMD:CANCEL").level is Level.INFO
    assert station.awaiting == "item"
    station.handle(Scan(GTIN_LOT[1:]))
    # Inside a GS1 label it is no command, and no lot either.
    answer = station.handle(Scan(f"]C101{GTIN_LOT}10#CMD:UNDO"))
    assert answer.level is Level.ERROR and station.awaiting == "lot"
    assert Lot.select().count() == 0


def test_typed_commands_at_the_count_lot_prompt_and_the_transfer_lot_prompt(shelf):
    from app.core import ledger
    from app.core.locations import system_location
    from app.db.models import Item, Location

    user = User.get(User.name == "operator").id
    soap = Item.get(Item.sku == "SOAP-01")
    bin_ = Location.get(Location.code == "A-01-01")
    for code in ("S-1", "S-2"):
        ledger.post([ledger.MoveRequest(soap.id, Lot.create(item=soap, code=code).id,
                                        system_location("SUPPLIER").id, bin_.id, 1,
                                        "receipt")], user)
    count = STATIONS["count"](user, DecodeConfig(today=TODAY), today=lambda: TODAY)
    count.handle(Scan("A-01-01"))
    count.handle(Scan(GTIN_LOT[1:]))
    assert count.awaiting == "lot"
    count.enter("#CMD:CANCEL")
    assert count.awaiting == "items"
    transfer = STATIONS["transfer"](user, DecodeConfig(today=TODAY))
    transfer.handle(Scan("A-01-01"))
    transfer.handle(Scan(GTIN_LOT[1:]))
    assert transfer.awaiting == "lot"
    transfer.enter("#CMD:CANCEL")
    assert transfer.awaiting == "item"


def run(db_path, *args):
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), *args],
                          capture_output=True, text=True, timeout=60)


def test_replay_gets_past_a_lot_prompt_with_cancel(po, db_path, tmp_path):
    close_database()
    scans = tmp_path / "scans.txt"
    scans.write_text(f"PO-1001\n{GTIN_LOT[1:]}\n#CMD:CANCEL\n{GTIN_PLAIN[1:]}\n"
                     "#CMD:FINISH\n", encoding="utf-8")
    result = run(db_path, "replay", "--station", "receive", str(scans))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "line 3: #CMD:CANCEL -> INFO: Cancelled." in result.stdout
    assert "line 5: #CMD:FINISH -> OK: PO-1001 partly received" in result.stdout
    open_database(db_path)
    assert [m.qty for m in Move.select()] == [1]
    assert PurchaseOrder.get().status == "partial"


@pytest.fixture
def shelf(po):
    """A mug in bin A-01-01, and an order for more of it than is there."""
    from app.core import ledger
    from app.core.locations import system_location
    from app.db.models import Item, Location

    user = User.get(User.name == "operator").id
    mug = Item.get(Item.sku == "MUG-01")
    ledger.post([ledger.MoveRequest(mug.id, None, system_location("SUPPLIER").id,
                                    Location.get(Location.code == "A-01-01").id, 3,
                                    "receipt")], user)
    orders.create_order("SO-1", [L("MUG-01", 3)], today=TODAY)
    return mug


def test_replay_reports_a_short_pick_and_counts_an_empty_bin(shelf, db_path, tmp_path):
    close_database()
    picks = tmp_path / "pick.txt"
    picks.write_text(f"SO-1\nA-01-01\n{GTIN_PLAIN[1:]}\n#CMD:SHORT\n#CMD:SHORT\n",
                     encoding="utf-8")
    result = run(db_path, "replay", "--station", "pick", str(picks))
    assert "line 5: #CMD:SHORT -> WARNING: 2 × MUG-01 missing in A-01-01" in result.stdout, \
        result.stdout + result.stderr
    counts = tmp_path / "count.txt"
    counts.write_text("A-01-01\n#CMD:EMPTY\n", encoding="utf-8")
    result = run(db_path, "replay", "--station", "count", str(counts))
    assert "line 2: #CMD:EMPTY -> OK: A-01-01 confirmed empty." in result.stdout, \
        result.stdout + result.stderr
    open_database(db_path)
    assert Count.select().where(Count.status == "done").count() >= 1
    assert run(db_path, "check").returncode == 0


def test_putaway_oldest_and_transfer_cancel_by_scan(shelf):
    user = User.get(User.name == "operator").id
    putaway = STATIONS["putaway"](user, DecodeConfig(today=TODAY))
    assert putaway.handle(Scan("#CMD:OLDEST")).level is Level.INFO  # the dock is empty
    # Two more mugs, free to move (the shelf's three are reserved for SO-1).
    from app.core import ledger
    from app.core.locations import system_location
    from app.db.models import Location

    ledger.post([ledger.MoveRequest(shelf.id, None, system_location("SUPPLIER").id,
                                    Location.get(Location.code == "A-01-01").id, 2,
                                    "receipt")], user)
    transfer = STATIONS["transfer"](user, DecodeConfig(today=TODAY))
    transfer.handle(Scan("A-01-01"))
    transfer.handle(Scan("MUG-01"))
    assert transfer.awaiting == "destination"
    transfer.handle(Scan("#CMD:CANCEL"))
    assert transfer.awaiting == "item"
    transfer.handle(Scan("#CMD:CANCEL"))
    assert transfer.awaiting == "source"


def test_a_typed_short_command_confirms_like_a_scanned_one(shelf):
    user = User.get(User.name == "operator").id
    station = STATIONS["pick"](user, DecodeConfig(today=TODAY), today=lambda: TODAY)
    for code in ("SO-1", "A-01-01"):
        station.handle(Scan(code))
    assert "again to confirm" in station.enter("#CMD:SHORT").message
    answer = station.enter("#CMD:SHORT")
    assert answer.level is Level.WARNING and "queued for a count" in answer.message


def test_an_unknown_code_typed_by_another_keyboard_layout_says_so(db):
    from app.stations.lookup import LookupStation

    answer = LookupStation().handle(Scan("B-08ß04"))
    assert answer.level is Level.ERROR
    assert answer.message.startswith("Unknown code 'B-08ß04'")
    assert "'ß'" in answer.message and "keyboard country" in answer.message
    plain = LookupStation().handle(Scan("B-08-99"))
    assert "keyboard" not in plain.message
