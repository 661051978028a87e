"""Sending the documents a station's answer carries (a packing slip, a carrier label) on the
station worker, right after the scan that made them, and saying in the answer where each went
or why it did not. A printer that fails turns the answer into a warning; what the scan booked
stays booked.
"""

from dataclasses import replace
from pathlib import Path

from app.config import PrintSettings
from app.errors import BinwiseError
from app.labels.printing import send
from app.stations.base import Feedback, Level

_WHAT = {"slip": "Packing slip", "label": "Label"}


def send_prints(feedback: Feedback, settings: PrintSettings) -> Feedback:
    """The feedback with one sentence per document sent (its jobs are done: `prints` empty)."""
    if not feedback.prints:
        return feedback
    said, failed = [], False
    for job in feedback.prints:
        what = _WHAT.get(job.purpose, job.purpose.capitalize())
        try:
            where = send(job, settings.target(job.purpose))
        except BinwiseError as error:
            failed = True
            said.append(f"{what} NOT printed: {error}")
            continue
        if where.startswith("printer "):
            said.append(f"{what} sent to {where}.")
        else:
            # The folder's own name is enough on the banner (Settings shows the whole path);
            # the full path would crowd it at the moment an order is done.
            saved = Path(where)
            said.append(f"{what} saved as {saved.parent.name}/{saved.name}.")
    level = Level.WARNING if failed and feedback.level is Level.OK else feedback.level
    return replace(feedback, level=level, message=" ".join([feedback.message, *said]),
                   prints=())
