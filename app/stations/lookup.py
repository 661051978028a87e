"""Stock lookup: scan anything and see at once what it is and where.

A bin shows what it holds; an item shows every bin and lot it is in, soonest-expiring and oldest
first, with totals; a lot shows where it is and when it expires. Nothing here changes stock.
A blocked bin, an expired lot, or a lot too close to expiry to sell gets an amber answer that
says which it is and what to do with the stock.
"""

from dataclasses import dataclass
from datetime import date

from app.core import kit_available, kits, locations, lookup, orders, receiving, stock_words
from app.core.errors import BinwiseError
from app.core.lookup import BinLine, Totals
from app.core.users import PermissionDeniedError
from app.db.models import Item, ItemClass, Location, Lot, PurchaseOrder
from app.db.rows import by_id
from app.scanning.decode import DecodeConfig, Reading
from app.scanning.resolve import Match, resolve
from app.stations.base import Feedback, Level, Scan, Station


@dataclass(frozen=True)
class LookupResult:
    kind: str  # "bin", "item", "lot", "po", "order"
    title: str
    subtitle: str
    lines: tuple[BinLine, ...]
    totals: Totals
    # What holds stock back here and what to do about it (blocked, expired, too short): for
    # a bin the first few, and how many more there are.
    problems: tuple[str, ...] = ()
    more_problems: int = 0
    code: str = ""  # the bin's code, for a bin
    blocked: bool = False
    unlisted: int = 0  # lines beyond those listed (a bin of many lines)
    components: tuple[kits.Component, ...] = ()  # for a kit: what goes in one
    # For a purchase order: its lines, ordered and received (its stock has left the dock).
    po_lines: tuple[receiving.LineProgress, ...] = ()


class LookupStation(Station):
    name = "lookup"
    title = "Lookup"

    def __init__(self, user_id: int | None = None, decode_config: DecodeConfig | None = None,
                 today=date.today):
        self.decode_config = decode_config or DecodeConfig()
        self.today = today
        self.user_id = user_id
        self.result: LookupResult | None = None

    @property
    def prompt(self) -> str:
        return "Scan a bin, an item or a lot to see where stock is"

    @property
    def state(self) -> LookupResult | None:
        return self.result

    def enter(self, text: str) -> Feedback:
        if not text.strip():
            return self._info("Nothing typed.")
        return self.handle(Scan(text, source="typed"))

    def undo(self) -> Feedback:
        return self._info("Lookup changes nothing: there is nothing to undo.")

    def _handle(self, reading: Reading) -> Feedback:
        found = resolve(reading)
        if not found.matches:
            if reading.error:
                return self._error(reading.error)
            return self._unknown(reading.text, "a bin, an item or a lot")
        # A GS1 lot label names both the item and the lot: the lot is what was meant.
        if reading.lot and found.of("item"):
            item = found.of("item")[0]
            lot = Lot.get_or_none((Lot.item == item.id) & (Lot.code == reading.lot))
            if lot is not None:
                return self._show(self._lot_result(lot))
        for kind in ("bin", "location", "item", "lot", "po", "order"):
            matches = found.of(kind)
            if matches:
                note = ""
                if len(found.matches) > 1:
                    others = sorted({m.kind for m in found.matches} - {kind})
                    note = f" ('{reading.text}' is also a {', '.join(others)})" if others else ""
                return self._show(self._result(kind, matches[0]), note)
        return self._unknown(reading.text, "a bin, an item or a lot")

    def set_blocked(self, blocked: bool, approver_id: int | None = None) -> Feedback:
        """Block or unblock the bin shown. Needs a supervisor: PermissionDeniedError reaches
        the caller, who may get one to approve it (`approver_id`)."""
        result = self.result
        if result is None or result.kind != "bin":
            return self._info("Scan a bin first, then block or unblock it.")
        try:
            locations.set_blocked(result.code, blocked, self.user_id, approver_id)
        except PermissionDeniedError:
            raise
        except BinwiseError as error:
            return self._error(str(error))
        location = Location.get(Location.code == result.code)
        self.result = self._result("bin", Match("bin", location.id, location.code))
        if blocked:
            return self._feedback(Level.WARNING, f"Bin {location.code} is blocked: nothing is "
                                  f"put away, moved into or picked from it until it is "
                                  f"unblocked.", {"state"})
        return self._feedback(Level.OK, f"Bin {location.code} is open again.", {"state"})

    def _show(self, result: LookupResult, note: str = "") -> Feedback:
        self.result = result
        if not result.problems:
            return self._feedback(Level.OK, f"{result.title}: {result.subtitle}{note}",
                                  {"state"})
        # The banner has room for one reason in full (the totals are under the title); the
        # table's red and amber rows show the other lots.
        more = len(result.problems) - 1 + result.more_problems
        rest = ""
        if more > 0:
            # Some of them may be on lines not listed: then the rows alone do not show them.
            rest = (f" ({more} more: see the red and amber rows.)" if not result.unlisted else
                    f" ({more} more: see the red and amber rows; scan an item or lot for the "
                    f"{result.unlisted} lines not listed.)")
        return self._feedback(Level.WARNING, f"{result.title}: {result.problems[0]}{rest}",
                              {"state"})

    def _problems(self, lines: list[BinLine]) -> tuple[str, ...]:
        """Why an item's or a lot's stock cannot be sold: each lot's expiry."""
        found = []
        items = {i.id: i for i in Item.select().where(Item.id.in_({x.item_id for x in lines}))} \
            if lines else {}
        seen = set()
        for line in lines:
            if (line.item_id, line.lot_id) in seen:
                continue
            seen.add((line.item_id, line.lot_id))
            problem = stock_words.expiry_problem(items[line.item_id], line.lot, line.expiry,
                                                 self.today())
            if problem:
                found.append(problem)
        return tuple(found)

    def _bin_problems(self, page: lookup.BinPage, blocked: str | None) -> tuple[str, ...]:
        """Why stock in a bin cannot be sold: a blocked bin first, then the first lots held
        back for their expiry (the page counts them all)."""
        found = [stock_words.blocked_problem(blocked)] if blocked else []
        for lot in page.held_back:
            item = Item(sku=lot.sku, min_shelf_life_days=lot.min_shelf_life_days)
            problem = stock_words.expiry_problem(item, lot.lot, lot.expiry, self.today())
            if problem:
                found.append(problem)
        return tuple(found)

    def _result(self, kind: str, match: Match) -> LookupResult:
        if kind in ("bin", "location"):
            location = by_id(Location, match.id)
            page = lookup.bin_page(location.id, today=self.today())
            blocked = " (blocked)" if location.blocked else ""
            size = f", capacity {location.capacity}" if location.capacity else ""
            subtitle = (f"{page.count} line(s), {page.totals.on_hand} units{size}{blocked}"
                        if page.count else f"empty{size}{blocked}")
            if page.more:
                subtitle += (f"; the first {len(page.lines)} by SKU listed, + {page.more} more "
                             f"(scan an item or lot to see where it is)")
            return LookupResult("bin", f"Bin {location.code}", subtitle, tuple(page.lines),
                                page.totals,
                                self._bin_problems(page, location.code if location.blocked
                                                   else None),
                                page.held_back_count - len(page.held_back),
                                location.code, bool(location.blocked), unlisted=page.more)
        if kind == "item":
            item = by_id(Item, match.id)
            lines = lookup.item_stock(item.id)
            totals = lookup.totals(lines)
            abc = ItemClass.get_or_none(ItemClass.item == item.id)
            subtitle = (f"{item.name}: {totals.on_hand} on hand, {totals.reserved} reserved, "
                        f"{totals.available} available in {len({x.location for x in lines})} "
                        f"place(s)" + (f"; class {abc.klass}" if abc else ""))
            components = kits.components_of(item.sku)
            if components:
                parts = ", ".join(f"{c.qty} × {c.sku}" for c in components)
                subtitle += (f"\nKit of {parts}; {kit_available.makeable(item.id, self.today())}"
                             f" more can be made of free components (Ctrl+K to edit)")
            return LookupResult("item", item.sku, subtitle, tuple(lines), totals,
                                self._problems(lines), components=components)
        if kind == "lot":
            return self._lot_result(by_id(Lot, match.id))
        if kind == "order":
            return self._order_result(match)
        return self._po_result(match)

    def _lot_result(self, lot: Lot) -> LookupResult:
        lines = lookup.lot_stock(lot.id)
        totals = lookup.totals(lines)
        expiry = f"expires {lot.expiry.isoformat()}" if lot.expiry else "no expiry"
        problem = stock_words.expiry_problem(lot.item, lot.code, lot.expiry, self.today())
        return LookupResult("lot", f"Lot {lot.code} of {lot.item.sku}",
                            f"{expiry}, {totals.on_hand} on hand", tuple(lines), totals,
                            (problem,) if problem else ())

    def _order_result(self, match: Match) -> LookupResult:
        summary = orders.order_summaries(order_id=match.id)[0]
        lines = lookup.reserved_for_order(match.id)
        backorder = summary.ordered - summary.reserved - summary.picked
        waiting = f", {backorder} waiting for stock" if backorder > 0 else ""
        return LookupResult("order", f"Order {match.code}",
                            f"{summary.status}: {summary.ordered} unit(s) ordered, "
                            f"{summary.reserved} reserved (below, where), {summary.picked} "
                            f"picked{waiting}", tuple(lines), lookup.totals(lines))

    def _po_result(self, match: Match) -> LookupResult:
        po = by_id(PurchaseOrder, match.id)
        lines = receiving.progress(match.id)
        ordered = sum(x.ordered for x in lines)
        got = sum(x.received for x in lines)
        waiting = sum(1 for x in lines if x.remaining)
        if po.dropship:
            left = "the supplier ships its lines to the customers, nothing is received here"
        elif po.status == "cancelled":
            left = f"cancelled, {waiting} of {len(lines)} line(s) will not come"
        else:
            expected = f", expected {po.expected.isoformat()}" if po.expected and waiting else ""
            left = (f"{po.status}{expected}: {got} of {ordered} units received; {waiting} of "
                    f"{len(lines)} line(s) still to receive" +
                    (" (at Receive, F2)" if waiting else ""))
        return LookupResult("po", f"Purchase order {match.code}", f"{po.supplier.name}, {left}",
                            (), Totals(0, 0, 0), po_lines=tuple(lines))
