"""Carrier labels printed at Pack on the last unit of a box, and tracking numbers scanned."""

import sys

from app.config import PrintSettings
from app.core.orders import OrderLineInput as L
from app.core.shipping_labels import import_label_files
from app.db.models import PackBox, ShippingLabel
from app.stations.base import Level
from app.stations.replay import replay_file
from tests.label_files import DHL, FEDEX, UPS, USPS, pdf, zpl
from tests.labels import test_printing
from tests.stations import test_pack
from tests.stations.test_pack import MUG, picked_order, scan, station_for

bench, fake_lp = test_pack.bench, test_printing.fake_lp  # fixtures shared with those tests


def _only(purpose, feedback):
    """The documents of one kind a scan printed (the last unit prints the slip and the label)."""
    return tuple(job for job in feedback.prints if job.purpose == purpose)


def labels(tmp_path, files):
    folder = tmp_path / "labels"
    folder.mkdir(exist_ok=True)
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    outcomes = import_label_files(paths)
    assert all(o.status == "stored" for o in outcomes), outcomes
    return folder


def boxes():
    return [(b.number, b.tracking, b.carrier) for b in PackBox.select().order_by(PackBox.id)]


def test_the_orders_label_prints_on_its_last_unit_with_its_tracking(bench, tmp_path):
    picked_order("SO-1", [L("MUG", 2)], bench["user"])
    labels(tmp_path, {"SO-1.zpl": zpl(tracking=UPS)})
    station = station_for(bench)
    scan(station, "SO-1")
    first = scan(station, MUG)
    assert _only("label", first) == ()
    last = scan(station, MUG)
    assert last.level is Level.OK and "Label printed." in last.message
    [job] = _only("label", last)
    assert (job.purpose, job.format, job.name, job.data) == ("label", "zpl", "SO-1.zpl",
                                                              zpl(tracking=UPS))
    assert boxes() == [(1, UPS, "UPS")]  # read from the label file
    assert ShippingLabel.get().printed_at is not None


def test_each_box_label_prints_when_its_box_is_closed(bench, tmp_path):
    picked_order("SO-1", [L("MUG", 3)], bench["user"])
    labels(tmp_path, {"SO-1-1.zpl": zpl(tracking=UPS), "SO-1_box2.pdf": pdf(["Order SO-1"])})
    station = station_for(bench)
    scan(station, "SO-1")
    scan(station, MUG)
    closed = scan(station, "#CMD:NEWBOX")
    assert [j.name for j in _only("label", closed)] == ["SO-1-1.zpl"]
    scan(station, MUG)
    second = scan(station, "#CMD:NEWBOX")
    assert [(j.name, j.format) for j in _only("label", second)] == [("SO-1_box2.pdf", "pdf")]
    last = scan(station, MUG)  # box 3, the order's last unit: no label for it
    assert _only("label", last) == () and "No shipping label for box 3 yet" in last.message
    assert ShippingLabel.select().where(ShippingLabel.printed_at.is_null()).count() == 0
    assert boxes() == [(1, UPS, "UPS"), (2, "", ""), (3, "", "")]


def test_no_label_yet_is_said_plainly_and_ctrl_l_prints_it_when_it_came(bench, tmp_path):
    picked_order("SO-1", [L("MUG", 1)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    packed = scan(station, MUG)
    assert packed.level is Level.OK and _only("label", packed) == ()
    assert "No shipping label for box 1 yet" in packed.message
    missing = scan(station, "#CMD:LABEL")
    assert missing.level is Level.WARNING and _only("label", missing) == ()
    labels(tmp_path, {"SO-1.pdf": pdf(["Order SO-1", f"Tracking {FEDEX}"])})
    late = station.command("LABEL")
    assert late.level is Level.OK and [j.format for j in _only("label", late)] == ["pdf"]
    assert boxes() == [(1, FEDEX, "FedEx")]
    again = scan(station, "#CMD:LABEL")  # a jammed printer: the same label again
    assert [j.name for j in _only("label", again)] == ["SO-1.pdf"]


def test_tracking_scanned_after_the_box_is_closed_or_the_order_packed(bench):
    picked_order("SO-1", [L("MUG", 2)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    scan(station, MUG)
    early = scan(station, "1Z 999 AA1 01 2345 678 4")
    assert early.level is Level.ERROR and "still open" in early.message
    scan(station, "#CMD:NEWBOX")
    stored = scan(station, UPS)
    assert stored.level is Level.OK and "stored on box 1" in stored.message
    scan(station, MUG)  # box 2 opens; the order is packed
    usps = scan(station, f"]C1420941011\x1d{USPS}")
    assert usps.level is Level.OK and "(USPS) stored on box 2" in usps.message
    assert boxes() == [(1, UPS, "UPS"), (2, USPS, "USPS")]
    twice = scan(station, UPS)
    assert twice.level is Level.ERROR and "already on box 1" in twice.message
    assert scan(station, "not-a-code").level is Level.ERROR
    assert scan(station, "1Z999AA10123456785").level is Level.ERROR  # bad check digit
    assert boxes() == [(1, UPS, "UPS"), (2, USPS, "USPS")]
    typed = station.enter(f"T {DHL}")  # typing still works
    assert typed.level is Level.OK
    assert boxes()[-1][1] == DHL


def test_replay_prints_the_raw_zpl_to_the_queue(bench, tmp_path, fake_lp, capsys):
    picked_order("SO-1", [L("MUG", 1)], bench["user"])
    labels(tmp_path, {"SO-1.zpl": zpl(tracking=UPS)})
    scans = tmp_path / "scans.txt"
    scans.write_text(f"SO-1\n{MUG}\n#CMD:LABEL\n", encoding="utf-8")
    code = replay_file("pack", scans, "operator", out=sys.stdout,
                       printing=PrintSettings(label_queue="zebra"))
    out = capsys.readouterr().out
    assert code == 0, out
    assert "label SO-1.zpl -> printer zebra" in out
    jobs = sorted(fake_lp.glob("*.args"))
    assert len(jobs) == 2  # the last unit, then the key
    for args in jobs:
        assert args.read_text().split() == ["-d", "zebra", "-t", "SO-1.zpl", "-o", "raw"]
        assert args.with_suffix(".data").read_bytes() == zpl(tracking=UPS)
