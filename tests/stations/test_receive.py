"""The receiving station, driven as the window, replay and a person would drive it."""

from app.core import ledger
from app.db.models import Lot, Move, PurchaseOrder, Quant
from app.stations.base import Level, Scan

from .conftest import GTIN_EXPIRY, GTIN_LOT


def scan(station, text):
    return station.handle(Scan(text))


def dock_total():
    return sum(q.qty for q in Quant.select().join_from(Quant, Quant.location.rel_model)
               .where(Quant.location.rel_model.code == "DOCK"))


def received(station, sku):
    return next(line.received for line in station.state.lines if line.sku == sku)


def assert_refused_without_change(station, text, *, contains):
    moves = Move.select().count()
    feedback = scan(station, text)
    assert feedback.level is Level.ERROR, feedback
    assert contains.lower() in feedback.message.lower(), feedback.message
    assert Move.select().count() == moves
    return feedback


def test_scan_po_then_items_receives_one_unit_per_scan(station):
    assert station.prompt == "Scan a purchase order"
    feedback = scan(station, "PO-1001")
    assert feedback.level is Level.OK and "3 lines" in feedback.message
    assert station.state.awaiting == "item"
    for _ in range(3):
        feedback = scan(station, "4012345000016")
    assert feedback.level is Level.OK
    assert "3 of 10" in feedback.message
    assert received(station, "MUG-01") == 3
    assert dock_total() == 3
    move = Move.select().order_by(Move.id.desc()).get()
    assert (move.src.code, move.dst.code, move.kind, move.doc_type) == (
        "SUPPLIER", "DOCK", "receipt", "receipt")
    assert PurchaseOrder.get().status == "partial"
    assert ledger.recompute() == []


def test_po_number_scanned_in_lower_case_and_sku_match(station):
    assert scan(station, "po-1001").level is Level.OK
    assert scan(station, "mug-01").level is Level.OK
    assert received(station, "MUG-01") == 1


def test_quantity_by_code_comma_qty_and_by_typing_first(station):
    scan(station, "PO-1001")
    assert scan(station, "4012345000016,4").level is Level.OK
    feedback = station.enter("5")
    assert feedback.level is Level.INFO and station.state.pending_qty == 5
    assert "5" in station.prompt
    assert scan(station, "MUG-01").level is Level.OK
    assert received(station, "MUG-01") == 9
    assert station.state.pending_qty is None


def test_gs1_string_carries_lot_expiry_and_count(station):
    scan(station, "PO-1001")
    # content GTIN (02) + count 12 (37) + expiry + lot, GS after the count.
    feedback = scan(station, f"]C102{GTIN_EXPIRY}3712\x1d1727123110L77")
    assert feedback.level is Level.OK, feedback.message
    assert "lot L77 (expires 2027-12-31)" in feedback.message  # the date as stored
    lot = Lot.get(Lot.code == "L77")
    assert lot.expiry.isoformat() == "2027-12-31"
    assert Quant.get(Quant.lot == lot).qty == 12


def test_gs_substitute_character_is_accepted(station):
    scan(station, "PO-1001")
    feedback = scan(station, f"]C101{GTIN_EXPIRY}10B12#17271130")
    assert feedback.level is Level.OK, feedback.message
    assert Lot.get(Lot.code == "B12").expiry.isoformat() == "2027-11-30"


def test_tracked_item_without_lot_asks_for_lot_then_expiry(station):
    scan(station, "PO-1001")
    feedback = scan(station, GTIN_EXPIRY[1:])
    assert feedback.level is Level.INFO and station.state.awaiting == "lot"
    assert Move.select().count() == 0
    feedback = station.enter("LX-9")
    assert station.state.awaiting == "expiry"
    feedback = station.enter("2026-02-30")
    assert feedback.level is Level.ERROR and station.state.awaiting == "expiry"
    assert feedback.message.startswith("'2026-02-30' is not a real date.")
    feedback = station.enter("2027-03-31")
    assert feedback.level is Level.OK, feedback.message
    assert Lot.get(Lot.code == "LX-9").expiry.isoformat() == "2027-03-31"
    # The same lot again: its expiry is known, nothing more to ask.
    scan(station, GTIN_EXPIRY[1:])
    feedback = scan(station, "LX-9")
    assert feedback.level is Level.OK and received(station, "TEA-GREEN") == 2


def test_lot_tracked_item_needs_no_expiry(station):
    scan(station, "PO-1001")
    scan(station, GTIN_LOT[1:])
    feedback = scan(station, "S-100")
    assert feedback.level is Level.OK
    assert Lot.get(Lot.code == "S-100").expiry is None


def test_wrong_kind_of_scan_at_the_lot_prompt_is_refused(station):
    scan(station, "PO-1001")
    scan(station, GTIN_LOT[1:])
    assert_refused_without_change(station, "4012345009999", contains="check digit")
    assert_refused_without_change(station, "A-01-01", contains="is a bin")
    assert_refused_without_change(station, "PO-1001", contains="purchase order")
    assert station.state.awaiting == "lot"


def test_refusals_change_nothing(station):
    assert_refused_without_change(station, "4012345000016", contains="purchase order first")
    scan(station, "PO-1001")
    assert_refused_without_change(station, "NOT-ON-PO", contains="not on PO-1001")
    assert_refused_without_change(station, "4012345000017", contains="check digit")
    assert_refused_without_change(station, "WHAT-IS-THIS", contains="unknown code")
    assert_refused_without_change(station, f"]C101{GTIN_EXPIRY}17260230", contains="date")
    assert_refused_without_change(station, "A-01-01", contains="location")
    assert_refused_without_change(station, "MUG-01,0", contains="at least 1")
    assert dock_total() == 0


def test_over_receipt_refused_unless_within_tolerance(station, po):
    scan(station, "PO-1001")
    assert scan(station, "MUG-01,10").level is Level.OK
    assert_refused_without_change(station, "MUG-01", contains="fully received")
    PurchaseOrder.update(over_receipt_pct=20).execute()
    station.finish()
    scan(station, "PO-1001")
    assert scan(station, "MUG-01,2").level is Level.OK
    assert_refused_without_change(station, "MUG-01", contains="fully received")
    assert received(station, "MUG-01") == 12


def test_a_refusal_clears_a_typed_quantity(station):
    scan(station, "PO-1001")
    station.enter("12")
    assert_refused_without_change(station, "MUG-01", contains="quantity is cleared")
    assert station.state.pending_qty is None
    assert scan(station, "MUG-01").level is Level.OK


def test_partial_over_quantity_says_how_many_are_expected(station):
    scan(station, "PO-1001")
    scan(station, "MUG-01,8")
    feedback = assert_refused_without_change(station, "MUG-01,3", contains="expects 2 more")
    assert "supervisor" in feedback.message


def test_expired_goods_refused_short_shelf_life_warned(station):
    scan(station, "PO-1001")
    assert_refused_without_change(station, f"]C101{GTIN_EXPIRY}1726053110OLD", contains="expired")
    feedback = scan(station, f"]C101{GTIN_EXPIRY}1726070110SHORT")
    assert feedback.level is Level.WARNING and "30 days" in feedback.message
    assert received(station, "TEA-GREEN") == 1


def test_lost_separator_in_lot_is_refused(station):
    scan(station, "PO-1001")
    assert_refused_without_change(station, f"]C101{GTIN_EXPIRY}10L2406A17261231",
                                  contains="separator")


def test_conflicting_expiry_for_known_lot_is_refused(station):
    scan(station, "PO-1001")
    scan(station, f"]C101{GTIN_EXPIRY}172712311099")
    assert_refused_without_change(station, f"]C101{GTIN_EXPIRY}172801311099",
                                  contains="recorded with expiry")


def test_undo_reverses_the_last_scan(station):
    scan(station, "PO-1001")
    scan(station, "MUG-01,10")
    scan(station, f"]C101{GTIN_EXPIRY}1727123110A1")
    feedback = station.undo()
    assert feedback.level is Level.WARNING
    assert received(station, "TEA-GREEN") == 0
    reversal = Move.select().order_by(Move.id.desc()).get()
    assert reversal.reverses is not None and reversal.dst.code == "SUPPLIER"
    station.undo()
    assert dock_total() == 0 and PurchaseOrder.get().status == "open"
    assert station.undo().level is Level.ERROR
    assert ledger.recompute() == []


def test_undo_never_reaches_back_into_a_finished_po(station):
    scan(station, "PO-1001")
    scan(station, "MUG-01,2")
    feedback = station.undo()
    assert feedback.message == ("Last scan undone: 2 × MUG-01 taken back off PO-1001, 0 of 10 "
                                "received.")
    scan(station, "MUG-01,3")
    station.finish()
    scan(station, "PO-1001")
    assert station.undo().message == "Nothing to undo."
    assert PurchaseOrder.get().status == "partial"


def test_undo_cancels_a_pending_lot_question_first(station):
    scan(station, "PO-1001")
    scan(station, GTIN_LOT[1:])
    assert station.undo().level is Level.INFO
    assert station.state.awaiting == "item" and Move.select().count() == 0


def test_status_goes_received_and_finish_summarises(station):
    scan(station, "PO-1001")
    scan(station, "MUG-01,10")
    scan(station, f"]C102{GTIN_EXPIRY}3724\x1d1727123110A1")
    feedback = scan(station, f"]C101{GTIN_LOT}3005\x1d10S1")
    assert "complete" in feedback.message
    assert PurchaseOrder.get().status == "received"
    assert station.finish().message == "PO-1001 fully received."
    assert station.state.awaiting == "po"
    assert_refused_without_change(station, "PO-1001", contains="already fully received")


def test_partial_finish_reports_what_is_open(station):
    scan(station, "PO-1001")
    scan(station, "MUG-01,4")
    message = station.finish().message
    assert "0 of 3 lines complete" in message
    assert "partly received" in message and "35 units still open" in message


def test_po_status_follows_what_another_station_did_between_two_scans(station):
    from app.core import receiving

    scan(station, "PO-1001")
    first = scan(station, "4012345000016")
    assert PurchaseOrder.get().status == "partial"
    # Another station takes that unit back: the PO is open again, this station still
    # remembers it as partly received.
    receiving.undo_receipt(PurchaseOrder.get(), station._done[-1].move_id, station.user_id)
    assert PurchaseOrder.get().status == "open" and first.level is Level.OK
    assert scan(station, "4012345000016").level is Level.OK
    assert PurchaseOrder.get().status == "partial"


def test_the_po_is_complete_only_when_its_last_open_line_is(station):
    scan(station, "PO-1001")
    assert scan(station, "4012345000016,10").level is Level.OK
    assert PurchaseOrder.get().status == "partial"
    scan(station, "MUG-01")  # not on the PO twice: refused, nothing changes
    for text in (f"]C101{GTIN_LOT}10L1\x1d305", f"]C101{GTIN_EXPIRY}17270101\x1d3024\x1d10E1"):
        feedback = scan(station, text)
        assert feedback.level is Level.OK, feedback.message
    assert PurchaseOrder.get().status == "received"
    assert "complete" in feedback.message
