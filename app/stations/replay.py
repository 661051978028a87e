"""`binwise replay`: feed a file of scans to a station, as a batch scanner dumps its memory.

One scan a line, `CODE` or `CODE,QTY`, or a command barcode's text (`#CMD:CANCEL`); a line
starting with `#` (or text after ` #`) is otherwise a comment. Prints the feedback per line;
the exit status is 1 if any scan was refused.
"""

import re
from pathlib import Path
from typing import TextIO

from app.config import PrintSettings
from app.core.errors import BinwiseError
from app.core.text_lines import split_lines
from app.db.models import User
from app.labels.printing import PrintJob, send
from app.stations.base import Level, Scan
from app.stations.count import CountStation
from app.stations.lookup import LookupStation
from app.stations.pack import PackStation
from app.stations.pick import PickStation
from app.stations.putaway import PutawayStation
from app.stations.receive import ReceiveStation
from app.stations.returns import ReturnsStation
from app.stations.transfer import TransferStation

STATIONS = {
    "receive": ReceiveStation,
    "putaway": PutawayStation,
    "transfer": TransferStation,
    "lookup": LookupStation,
    "pick": PickStation,
    "pack": PackStation,
    "count": CountStation,
    "returns": ReturnsStation,
}

# '#' is also a common GS substitute inside GS1 scans, so only a '#' at the start of a line or
# after white space starts a comment; a command barcode's `#CMD:` never does.
_COMMENT = re.compile(r"(^|\s)#(?!CMD:).*$", re.IGNORECASE)


def scans_in(text: str) -> list[tuple[int, str]]:
    """(line number, scan) for every line that holds a scan."""
    found = []
    for number, line in enumerate(split_lines(text), start=1):
        line = _COMMENT.sub("", line).strip()
        if line:
            found.append((number, line))
    return found


def _printed(job: PrintJob, settings: PrintSettings) -> str:
    """Send one document the station asked for; a printer's refusal is reported, the scan
    that asked for it stays done."""
    try:
        return f"{job.purpose} {job.name} -> {send(job, settings.target(job.purpose))}"
    except BinwiseError as error:
        return f"{job.purpose} {job.name} NOT PRINTED: {error}"


def replay_file(station_name: str, path: Path, user_name: str, out: TextIO,
                printing: PrintSettings | None = None) -> int:
    user = User.get_or_none(User.name == user_name)
    if user is None:
        raise BinwiseError(f"No user named '{user_name}'.")
    station = STATIONS[station_name](user.id)
    printing = printing or PrintSettings()
    if hasattr(station, "slip_paper"):
        station.slip_paper, station.slip_gift = printing.slip_paper, printing.slip_gift
    if hasattr(station, "prepare"):
        station.prepare()
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BinwiseError(f"{path} is not a UTF-8 text file.") from None
    refused = 0
    print(f"{station.title}: {station.prompt}", file=out, flush=True)
    for number, code in scans_in(text):
        # `CODE,QTY` is told apart from a comma inside GS1 data by decoding (app.scanning).
        feedback = station.handle(Scan(code, source="replay"))
        if feedback.level is Level.ERROR:
            refused += 1
        shown = code.replace("\x1d", "<GS>")
        print(f"line {number}: {shown} -> {feedback.level.value.upper()}: {feedback.message} "
              f"| next: {feedback.prompt}", file=out, flush=True)
        for job in feedback.prints:
            print(f"line {number}: {_printed(job, printing)}", file=out, flush=True)
    unfinished = getattr(station, "awaiting", None) in ("lot", "expiry")
    if unfinished:
        print(f"Unfinished at the end of the file: {station.prompt}", file=out)
    print(f"{refused} refused." if refused else "All scans accepted.", file=out)
    return 1 if refused or unfinished else 0
