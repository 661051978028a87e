"""Carrier labels and tracking numbers at Pack: the label printed when the last unit of a box
closes it, printed again on the packer's key, and the tracking number scanned from it.

The pack station calls these and puts what they return into its feedback; the labels go out as
`PrintJob`s (purpose "label", the stored format: raw ZPL reaches the printer untouched).
"""

from app.core import shipping_labels, tracking_store
from app.core.errors import BinwiseError
from app.labels.printing import PrintJob
from app.scanning.decode import Reading
from app.scanning.tracking import Tracking, tracking_in


def _jobs(labels: list[shipping_labels.LabelToPrint]) -> tuple[PrintJob, ...]:
    return tuple(PrintJob("label", label.file_name, label.data, label.format)
                 for label in labels)


def after_box(order_id: int, box: int, order_packed: bool) -> tuple[tuple[PrintJob, ...], str]:
    """The labels to print now that `box` is done, and the sentence that says so (or says
    plainly that no label is there yet)."""
    jobs = _jobs(shipping_labels.take_labels(order_id, box, order_packed))
    if jobs:
        return jobs, (" Label printed." if len(jobs) == 1 else f" {len(jobs)} labels printed.")
    return (), (f" No shipping label for box {box} yet: when it is imported, press Ctrl+L "
                f"(#CMD:LABEL) to print it.")


def again(order_id: int) -> tuple[tuple[PrintJob, ...], str]:
    """The packer's key: labels that came late, or the latest box's label again."""
    jobs = _jobs(shipping_labels.reprint(order_id, tracking_store.latest_box(order_id)))
    if not jobs:
        return (), ("No shipping label for this order yet: import its label file "
                    "(binwise import labels DIR, or the watched folder) and press Ctrl+L again.")
    names = ", ".join(job.name for job in jobs)
    return jobs, f"Label printed: {names}."


def tracking_of(reading: Reading) -> Tracking | None:
    """The tracking number a scan holds, if it is a carrier label's barcode."""
    return tracking_in(reading.text, reading.gs1)


def store(order_id: int, tracking: Tracking) -> tuple[bool, str]:
    """Store a scanned tracking number on the box just finished: (ok, message)."""
    carrier = f" ({tracking.carrier})" if tracking.carrier else ""
    try:
        stored = tracking_store.store_scanned(order_id, tracking.number, tracking.carrier)
    except BinwiseError as error:
        return False, str(error)
    if stored.already:
        return True, f"Box {stored.box} has tracking number {tracking.number} already."
    replaced = f" (was {stored.replaced})" if stored.replaced else ""
    return True, (f"Tracking {tracking.number}{carrier} stored on box {stored.box}"
                  f"{replaced}.")
