"""Documents a station prints by itself, with no dialog: a packing slip, a carrier's label.

A station hands back `PrintJob`s in its feedback (`Feedback.prints`); whoever runs the station
(the window's worker, `binwise replay`) sends each one with `send` to where the settings say:
a CUPS queue through `lp` (raw for ZPL, so the printer gets the carrier's bytes untouched), or,
with no queue set, a file in a folder, so nothing is lost when no printer is set up.
"""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from app.atomic import atomic_path
from app.errors import BinwiseError

FORMATS = ("pdf", "zpl")


@dataclass(frozen=True)
class PrintJob:
    purpose: str  # "slip" or "label": chooses the printer
    name: str  # the file name when saved, e.g. "slip-1001.pdf"
    data: bytes
    format: str  # "pdf" or "zpl"


@dataclass(frozen=True)
class PrintTarget:
    queue: str = ""  # a CUPS queue; empty: save into `folder`
    folder: str = ""


def send(job: PrintJob, target: PrintTarget) -> str:
    """Print or save one job; returns where it went, for the feedback line."""
    if job.format not in FORMATS:
        raise BinwiseError(f"Cannot print a {job.format} file; Binwise prints PDF and ZPL.")
    if target.queue.strip():
        return _to_queue(job, target.queue.strip())
    if not target.folder.strip():
        raise BinwiseError(f"No printer is set for the {job.purpose}: choose a printer queue "
                           f"or a folder to save into in Settings (F12).")
    folder = Path(target.folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(job.name).name
        with atomic_path(path) as temp:
            temp.write_bytes(job.data)
    except OSError as error:
        raise BinwiseError(f"Cannot save the {job.purpose} in {folder}: "
                           f"{error.strerror or error}.") from None
    return str(path)


def _to_queue(job: PrintJob, queue: str) -> str:
    lp = shutil.which("lp")
    if lp is None:
        raise BinwiseError("Cannot print: the 'lp' command of CUPS is not installed "
                           "(Debian/Ubuntu: apt install cups-client).")
    options = ["-o", "raw"] if job.format == "zpl" else []
    try:
        done = subprocess.run([lp, "-d", queue, "-t", job.name, *options], input=job.data,
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise BinwiseError(f"Cannot send the {job.purpose} to printer queue '{queue}': "
                           f"{error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise BinwiseError(f"The printer queue '{queue}' refused the {job.purpose}: {message}")
    return f"printer {queue}"
