"""The Orders page's buttons: new order, change a line's quantity, cancel, allocate the waiting
orders, a pick list for the selected ones, ship the packed ones. Each calls one operation and
says in the banner what happened, or why not.

A mixin of `OrdersView`, which provides the table, the banner (`_tell`), `ops`, `confirm` and
`_run`.
"""

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Slot

from app.core.errors import BinwiseError
from app.core.users import PermissionDeniedError
from app.stations.base import Level
from app.ui.orders.order_dialog import NewOrderDialog
from app.ui.people.approval import ask_approval
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from app.ui.widgets.station_view import open_dialog

log = logging.getLogger(__name__)

# The question before shipping names this many orders, then counts the rest.
SHIP_LISTED = 12


class OrdersActions:
    @Slot()
    def new_order(self) -> None:
        self.order_dialog = NewOrderDialog(
            self, create=self.ops.create_order,
            sku_for_code=lambda code: self.ops.sku_for_code(code, self.decode_config))
        self.order_dialog.accepted.connect(self._on_order_dialog_accepted)
        open_dialog(self.order_dialog, self)

    @Slot()
    def _on_order_dialog_accepted(self) -> None:
        order = self.order_dialog.created
        self.refresh()
        self.select_order(order.order_id, add=False)
        short = order.ordered - order.reserved
        if order.status == "allocated":
            self._tell(Level.OK, f"Order {order.number} created: all {order.ordered} units "
                       f"reserved, ready to pick.")
        elif order.reserved:
            self._tell(Level.WARNING, f"Order {order.number} created: {order.reserved} of "
                       f"{order.ordered} units reserved, {short} on backorder.")
        else:
            self._tell(Level.WARNING, f"Order {order.number} created, but nothing is in stock "
                       f"for it: all {order.ordered} units on backorder.")

    @Slot()
    def change_quantity(self) -> None:
        order = self.current_order()
        if order is None:
            self._tell(Level.INFO, "Select the order first: scan it or pick it in the table.")
            return
        lines = self.ops.order_lines(order.order_id)
        answer = self.ask_line_quantity(order, lines)
        if answer is None:
            return
        line_id, qty = answer
        line = next(x for x in lines if x.line_id == line_id)
        status = self._run("change the quantity",
                           lambda: self.ops.set_line_quantity(line_id, qty))
        if status is None:
            return
        self.refresh()
        self.select_order(order.order_id, add=False)
        self._tell(Level.OK if status == "allocated" else Level.WARNING,
                   f"{order.number}: {line.sku} now {qty} (was {line.ordered}); reservations "
                   f"redone, the order is {status}.")

    @Slot()
    def cancel_selected(self) -> None:
        chosen = self.selected_orders()
        if not chosen:
            self._tell(Level.INFO, "Select the order to cancel first: scan it or pick it in "
                       "the table.")
            return
        numbers = ", ".join(o.number for o in chosen)
        if not self.confirm(f"Cancel {numbers}? Stock reserved for "
                            f"{'it' if len(chosen) == 1 else 'them'} is released."):
            return
        self._cancel(chosen, None)

    def _cancel(self, chosen: list, approver_id: int | None) -> None:
        done: list[str] = []
        refused: list[str] = []
        for n, order in enumerate(chosen):
            try:
                done.append(self.ops.cancel_order(order.order_id, self.user_id, approver_id))
            except PermissionDeniedError as error:
                # An operator: a supervisor approves the rest on the spot.
                self._tell(Level.WARNING, str(error))
                ask_approval(self, error, lambda approver, rest=chosen[n:]:
                             self._cancel(rest, approver))
                return
            except BinwiseError as error:
                refused.append(str(error))
            except Exception as error:
                refused.append(f"{order.number} could not be cancelled ({error}).")
        self.refresh()
        if refused:
            head = f"Cancelled {', '.join(done)}. " if done else ""
            self._tell(Level.ERROR, head + " ".join(refused))
        else:
            self._tell(Level.OK, f"Cancelled {', '.join(done)}: reserved stock released.")

    def set_task_worker(self, worker: InlineWorker | ThreadWorker) -> None:
        """Allocating and shipping many orders run on `worker`, off the UI thread."""
        self.task_worker = worker

    def _run_in_background(self, what: str, doing: str, call: Callable[[], Any],
                           done: Callable[[Any], None]) -> None:
        """Run a long operation on the background worker, saying meanwhile what it does; its
        result comes back here to `done`. A failure becomes a red banner, as with `_run`."""
        worker = getattr(self, "task_worker", None) or InlineWorker()
        buttons = (self.allocate_button, self.ship_button)
        for button in buttons:
            button.setEnabled(False)
        self._tell(Level.INFO, doing)

        def finished(result: Any) -> None:
            for button in buttons:
                button.setEnabled(True)
            done(result)

        def failed(error: BaseException) -> None:
            for button in buttons:
                button.setEnabled(True)
            if isinstance(error, BinwiseError):
                self._tell(Level.ERROR, str(error))
                return
            log.error("%s failed", what, exc_info=error)
            self._tell(Level.ERROR, f"Binwise could not {what} ({error}). Tell your "
                       f"supervisor.")

        worker.submit(call, finished, failed)

    @Slot()
    def allocate_waiting(self) -> None:
        self._run_in_background("allocate the waiting orders",
                                "Allocating the waiting orders...", self.ops.allocate_waiting,
                                self._on_allocated)

    def _on_allocated(self, result: Any) -> None:
        self.refresh()
        if not result.tried:
            self._tell(Level.INFO, "No orders are waiting for stock.")
            return
        counts = ", ".join(f"{n} {status}" for status, n in sorted(result.statuses.items()))
        allocated = result.statuses.get("allocated", 0)
        level = Level.OK if allocated == result.tried else Level.WARNING
        self._tell(level, f"Tried {result.tried} waiting order(s): {counts}.")

    @Slot()
    def make_pick_list(self) -> None:
        chosen = self.selected_orders()
        if not chosen:
            self._tell(Level.INFO, "Select the orders to pick first: scan their order sheets "
                       "or choose them in the table.")
            return
        number = self._run("make the pick list",
                           lambda: self.ops.create_pick_list([o.order_id for o in chosen]))
        if number is None:
            return
        names = [o.number for o in chosen]
        self.pick_list_panel.show_pick_list(number, names)
        self.table.clearSelection()
        self.refresh()
        self._tell(Level.OK, f"Pick list {number} for {', '.join(names)}: open the Pick page "
                   f"(F4) and scan or type {number}.")

    @Slot()
    def ship_packed(self) -> None:
        numbers = self._run("list the packed orders", self.ops.packed_orders)
        if numbers is None:
            return
        if not numbers:
            self._tell(Level.INFO, "No packed orders to ship. Orders are packed at the Pick "
                       "page once everything is picked.")
            return
        # Shipping cannot be taken back: say which orders leave, and ask.
        shown = ", ".join(numbers[:SHIP_LISTED])
        more = f" and {len(numbers) - SHIP_LISTED} more" if len(numbers) > SHIP_LISTED else ""
        if not self.confirm(f"Ship {len(numbers)} packed order(s): {shown}{more}? They go to "
                            f"the customer; this cannot be undone."):
            self._tell(Level.INFO, "Nothing shipped.")
            return
        user_id = self.user_id
        self._run_in_background(
            "ship the packed orders", "Shipping the packed orders...",
            lambda: self.ops.ship_packed(user_id, numbers),
            lambda result: self._on_shipped(result, f"{shown}{more}"))

    def _on_shipped(self, result: Any, which: str) -> None:
        orders, units = result
        self.refresh()
        self._tell(Level.OK, f"Shipped {orders} order(s), {units} units: {which}.")
