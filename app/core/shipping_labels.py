"""Carrier labels: label files matched to orders, stored, and handed to Pack to print.

Binwise buys no postage: the seller's shipping tool makes a label file per order or per box.
`import_label_files` matches each to an order by the order number in its file name or, failing
that, in its text (app.core.label_files: a line saying "Order", "Ref"..., a number after
"#", or a field holding just the number), and keeps the file's bytes with the box number its
name gives (`1001-2.zpl`, `#1001_box2.pdf`) and the tracking number it holds. "#1001" and
"1001" are one number; a number is only found whole ("1001" is not in "10012"). A file that
matches no order waiting to ship, or two, is reported and not stored; the same file twice is
stored once. Pack takes a box's label when its last unit closes it (`take_labels`).
"""

import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.errors import BinwiseError
from app.core.label_files import SUFFIXES, LabelFile, read_label
from app.db.models import ShippingLabel, database, utcnow

# Orders a label may still be for.
_WAITING = "SELECT id, number FROM sales_order WHERE status NOT IN ('shipped', 'cancelled')"
_LABELLED_LINE = re.compile(r"\b(order|ord|ref|reference|invoice|inv|po|bestellung|commande|"
                            r"auftrag|pedido)\b", re.I)
_BOX_AFTER = re.compile(r"[-_ .]*(?:box|bx|parcel|package|pkg|colis|paket|karton|b|p)?"
                        r"[-_ .#]*0*([1-9][0-9]{0,2})(?:[-_ ]?of[-_ ]?[0-9]+)?(?![0-9A-Za-z])",
                        re.I)
BATCH = 200  # files stored per write transaction: short, so stations keep scanning


def order_key(number: str) -> str:
    """How an order number compares: without a leading '#' and without case."""
    return number.strip().lstrip("#").strip().upper()


class OrderIndex:
    """The orders waiting to ship, by order_key (a key may name two orders: "#1001", "1001")."""

    def __init__(self, rows: Iterable[tuple[int, str]]):
        self.by_key: dict[str, list[tuple[int, str]]] = {}
        for order_id, number in rows:
            self.by_key.setdefault(order_key(number), []).append((order_id, number))

    @classmethod
    def load(cls) -> "OrderIndex":
        return cls(database.execute_sql(_WAITING).fetchall())


def _candidates(token: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, key) for every whole stretch of a word that could be an order number: it
    starts at the word's start, after a non-alphanumeric character or where letters turn to
    digits ("order1001"), ends at the word's end or before a non-alphanumeric character, and
    holds a digit."""
    n = len(token)
    starts = [i for i in range(n) if token[i].isalnum() and (
        i == 0 or not token[i - 1].isalnum() or (token[i - 1].isalpha() and token[i].isdigit()))]
    ends = [j for j in range(1, n + 1) if token[j - 1].isalnum()
            and (j == n or not token[j].isalnum())]
    for i in starts:
        for j in ends:
            if j > i and j - i <= 64 and any(c.isdigit() for c in token[i:j]):
                yield i, j, token[i:j].upper()


def _found(text: str, index: OrderIndex) -> list[tuple[int, int, list[tuple[int, str]]]]:
    """(start, end, orders) for every order number in `text`, longest first where they
    overlap ("SO-1001" rather than the "1001" inside it)."""
    hits = []
    for word in re.finditer(r"\S+", text):
        for i, j, key in _candidates(word.group()):
            orders = index.by_key.get(key)
            if orders:
                hits.append((word.start() + i, word.start() + j, orders))
    return [h for h in hits if not any(o is not h and o[0] <= h[0] and h[1] <= o[1]
                                       and o[1] - o[0] > h[1] - h[0] for o in hits)]


def _orders_of(hits) -> dict[int, str]:
    return {order_id: number for _, _, orders in hits for order_id, number in orders}


@dataclass(frozen=True)
class Match:
    orders: dict[int, str]  # id -> number: one is a match, two or more ambiguous
    box: int | None
    where: str  # "name" or "text"


def match_label(name: str, texts: Iterable[str], index: OrderIndex) -> Match:
    """Which order (and box) a label file is for, by its name first, then its text."""
    stem = Path(name).stem
    hits = _found(stem, index)
    box = None
    if hits:
        # A box number right after the order number; numbers inside it are no order.
        boxes = {}
        for start, end, _ in hits:
            after = _BOX_AFTER.match(stem, end)
            if after:
                boxes[(start, end)] = (int(after.group(1)), after.start(1), after.end(1))
        hits = [h for h in hits if not any(s <= h[0] and h[1] <= e
                                           for _, s, e in boxes.values())]
        orders = _orders_of(hits)
        if len(orders) == 1 and len(hits) == 1:
            box = boxes.get((hits[0][0], hits[0][1]), (None,))[0]
        return Match(orders, box, "name")
    texts = list(texts)
    labelled = [h for line in texts if _LABELLED_LINE.search(line) or "#" in line
                for h in _found(line, index)
                if _LABELLED_LINE.search(line) or line[max(0, h[0] - 1):h[0]] == "#"]
    orders = _orders_of(labelled)
    if not orders:
        # Else a field or line that is nothing but an order number; a number inside other
        # text (a ZIP code in the address) is not taken for one.
        orders = _orders_of([h for line in texts for h in _found(line, index)
                             if h[0] == 0 and h[1] == len(line)])
    return Match(orders, None, "text")


@dataclass(frozen=True)
class Outcome:
    """What became of one file: "stored", "already" (imported before), "unmatched",
    "ambiguous" or "bad"; `message` is its one line for the person importing."""

    path: Path
    status: str
    message: str


def _outcome(path: Path, label: LabelFile, match: Match) -> tuple[Outcome, dict | None]:
    if not match.orders:
        return Outcome(path, "unmatched", f"{path.name}: no order waiting to ship has its "
                       f"number in the file's name or text; not stored."), None
    if len(match.orders) > 1:
        numbers = " and ".join(sorted(match.orders.values())[:3])
        return Outcome(path, "ambiguous", f"{path.name}: matches orders {numbers}; rename it "
                       f"to the one it is for. Not stored."), None
    [(order_id, number)] = match.orders.items()
    box = f" box {match.box}" if match.box else ""
    tracking = (f", tracking {label.tracking.number}"
                f"{' (' + label.tracking.carrier + ')' if label.tracking.carrier else ''}"
                if label.tracking else "")
    row = {"order": order_id, "box": match.box, "file_name": label.name[:255],
           "format": label.format, "data": label.data,
           # The same file for the same order and box is one label (imported twice).
           "sha256": hashlib.sha256(f"{order_id}:{match.box}:".encode() + label.data)
           .hexdigest(),
           "tracking": label.tracking.number if label.tracking else "",
           "carrier": label.tracking.carrier if label.tracking else "",
           "imported_at": utcnow()}
    return Outcome(path, "stored", f"{path.name}: order {number}{box}{tracking}."), row


def label_paths(folder: Path) -> list[Path]:
    """The label files in a folder (not its subfolders), by name."""
    try:
        return sorted(p for p in Path(folder).iterdir()
                      if p.is_file() and p.suffix.lower() in SUFFIXES)
    except OSError as error:
        raise BinwiseError(f"Cannot read the folder {folder}: "
                           f"{error.strerror or error}.") from None


def import_label_files(paths: Iterable[Path], index: OrderIndex | None = None) -> list[Outcome]:
    """Match and store label files; returns one outcome per file, in order. A bad or
    unmatched file changes nothing; the rest are stored in short transactions."""
    index = index or OrderIndex.load()
    outcomes: list[Outcome] = []
    pending: list[tuple[int, dict]] = []
    for path in paths:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            outcomes.append(Outcome(path, "bad", f"{path.name}: cannot be read: "
                                    f"{error.strerror or error}."))
            continue
        try:
            label = read_label(path.name, data)
        except BinwiseError as error:
            outcomes.append(Outcome(path, "bad", str(error)))
            continue
        outcome, row = _outcome(path, label, match_label(path.name, label.texts, index))
        outcomes.append(outcome)
        if row is not None:
            pending.append((len(outcomes) - 1, row))
    for start in range(0, len(pending), BATCH):
        _store(pending[start:start + BATCH], outcomes)
    return outcomes


def _store(batch: list[tuple[int, dict]], outcomes: list[Outcome]) -> None:
    with database.atomic():
        hashes = [row["sha256"] for _, row in batch]
        known = {h for (h,) in ShippingLabel.select(ShippingLabel.sha256)
                 .where(ShippingLabel.sha256.in_(hashes)).tuples()}
        for position, row in batch:
            if row["sha256"] in known:
                before = outcomes[position]
                outcomes[position] = Outcome(before.path, "already", before.message.rstrip(".")
                                             + ": imported before, not stored again.")
                continue
            known.add(row["sha256"])
            ShippingLabel.insert(row).on_conflict_ignore().execute()


@dataclass(frozen=True)
class LabelToPrint:
    id: int
    file_name: str
    format: str
    data: bytes
    box: int | None
    tracking: str
    carrier: str


def _to_print(row) -> LabelToPrint:
    return LabelToPrint(row.id, row.file_name, row.format, bytes(row.data), row.box,
                        row.tracking, row.carrier)


@dataclass(frozen=True)
class LabelStatus:
    waiting: int  # label files stored and not printed yet
    printed: int


def status(order_id: int) -> LabelStatus:
    """How many of an order's labels wait to be printed and how many were, for the Pack page."""
    waiting, printed = database.execute_sql(
        "SELECT COALESCE(SUM(CASE WHEN printed_at IS NULL THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN printed_at IS NULL THEN 0 ELSE 1 END), 0) "
        "FROM shipping_label WHERE order_id = ?", (order_id,)).fetchone()
    return LabelStatus(int(waiting), int(printed))


def _take(order_id: int, boxes: set | None, box: int | None,
          at: datetime | None) -> list[LabelToPrint]:
    """Mark the unprinted labels of `boxes` (None: all) printed and return the newest of
    each (a newer file for the same box replaces an older one). A label's tracking number
    goes on its box (the order's own label: on box `box`) when that box has none."""
    from app.core import tracking_store

    taken: list[LabelToPrint] = []
    if not status(order_id).waiting:
        return taken  # most boxes: no write transaction for nothing
    with database.atomic():
        groups: dict[int | None, list] = {}
        for row in (ShippingLabel.select().where((ShippingLabel.order == order_id)
                                                 & ShippingLabel.printed_at.is_null())
                    .order_by(ShippingLabel.id.desc())):
            if boxes is None or row.box in boxes:
                groups.setdefault(row.box, []).append(row)
        for key in sorted(groups, key=lambda b: (b is None, b or 0)):
            group = groups[key]
            ShippingLabel.update(printed_at=at or utcnow()).where(
                ShippingLabel.id.in_([r.id for r in group])).execute()
            newest = group[0]
            taken.append(_to_print(newest))
            target = key if key is not None else box
            if newest.tracking and target is not None:
                tracking_store.fill_box_tracking(order_id, target, newest.tracking,
                                                 newest.carrier)
    return taken


def take_labels(order_id: int, box: int, order_packed: bool,
                at: datetime | None = None) -> list[LabelToPrint]:
    """The labels to print now that box `box` is closed by its last unit: its own label, and
    the order's own when the order is packed."""
    return _take(order_id, {box, None} if order_packed else {box}, box, at)


def reprint(order_id: int, box: int | None) -> list[LabelToPrint]:
    """Labels for the packer's key (Ctrl+L, #CMD:LABEL) at box `box` (the latest; None before
    the first unit, taken as box 1): those not printed yet of the boxes up to it and the
    order's own (they came after their box was closed), else the latest box's and the order's
    again."""
    upto = box or 1
    waiting = {b for (b,) in ShippingLabel.select(ShippingLabel.box).where(
        (ShippingLabel.order == order_id) & ShippingLabel.printed_at.is_null()).tuples()
        if b is None or b <= upto}
    if waiting:
        return _take(order_id, waiting, box, None)
    again: dict[int | None, LabelToPrint] = {}
    for row in (ShippingLabel.select().where((ShippingLabel.order == order_id)
                                             & (ShippingLabel.box.is_null()
                                                | (ShippingLabel.box == upto)))
                .order_by(ShippingLabel.id.desc())):
        again.setdefault(row.box, _to_print(row))
    return list(again.values())


DONE, UNMATCHED = "done", "unmatched"  # subfolders of a watched folder


def _move(path: Path, folder: Path) -> str:
    """Move a file into `folder` (made when missing) under a free name; "" or the problem."""
    try:
        folder.mkdir(exist_ok=True)
        target, n = folder / path.name, 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}-{n}{path.suffix}"
        path.replace(target)
    except OSError as error:
        return f" (could not move it to {folder.name}/: {error.strerror or error})"
    return ""


def sweep_folder(folder: Path, min_age_s: float = 2.0,
                 now: float | None = None) -> list[Outcome]:
    """Import the label files a shipping tool has put into a watched folder and finished
    writing (unchanged for `min_age_s`), then move each out of the way: stored (or stored
    before) into `done/`, the others into `unmatched/` for a person to look at."""
    folder = Path(folder)
    now = time.time() if now is None else now
    ready = []
    for path in label_paths(folder):
        try:
            if now - path.stat().st_mtime >= min_age_s:
                ready.append(path)
        except OSError:
            continue  # gone meanwhile: the shipping tool moved it
    if not ready:
        return []
    outcomes = import_label_files(ready)
    moved = []
    for outcome in outcomes:
        where = folder / (DONE if outcome.status in ("stored", "already") else UNMATCHED)
        problem = _move(outcome.path, where)
        moved.append(Outcome(outcome.path, outcome.status, outcome.message + problem))
    return moved
