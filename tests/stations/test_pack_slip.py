"""The packing slip at the pack station: made on the last unit and on a part shipped, printed
again with #CMD:SLIP, "printed" by replay to a (fake) CUPS queue, and never a reason to take
back the packing."""

import io
from decimal import Decimal

from app.config import PrintSettings
from app.core import orders, picking, seller, slips
from app.core.orders import OrderLineInput as L
from app.db.models import SalesOrder, SalesOrderLine
from app.stations import pack as pack_module
from app.stations.base import Level
from app.stations.replay import replay_file
from tests.labels import test_printing
from tests.labels.slip_samples import Pdf, logo_png
from tests.stations import test_pack
from tests.stations.test_pack import MUG, SOAP, TODAY, picked_order, scan, station_for

# Fixtures shared with the pack and printing tests.
bench = test_pack.bench
fake_lp = test_printing.fake_lp


def _only(purpose, feedback):
    """The documents of one kind a scan printed (the last unit prints the slip and the label)."""
    return tuple(job for job in feedback.prints if job.purpose == purpose)


def _ship_to(number: str, gift: str = "") -> None:
    SalesOrder.update(ship_to_name="Ada Lovelace", ship_to_address="12 St James Sq\nLondon",
                      currency="GBP", gift_message=gift).where(
        SalesOrder.number == number).execute()
    SalesOrderLine.update(unit_price=Decimal("4.25")).execute()


def test_the_last_unit_hands_back_the_slip_to_print(bench):
    order = picked_order("SO-1", [L("MUG", 2), L("SOAP", 1)], bench["user"])
    _ship_to("SO-1")
    seller.save(name="Acme Coffee", address=("1 Bean St", "London"), logo=logo_png())
    station = station_for(bench)
    scan(station, "SO-1")
    assert _only("slip", scan(station, f"{MUG},2")) == ()
    feedback = scan(station, f"]C101{SOAP}10S1")
    assert feedback.level is Level.OK and "is packed" in feedback.message
    [job] = _only("slip", feedback)
    assert (job.purpose, job.name, job.format) == ("slip", "slip-SO-1-1.pdf", "pdf")
    text = Pdf(job.data).flat()
    for expected in ("AcmeCoffee", "1BeanSt", "AdaLovelace", "12StJamesSq", "SO-1", "MUG",
                     "LotS1", "4.25", "12.75"):
        assert expected in text, expected
    data = slips.slip(order.id)
    assert [(x.sku, x.qty, x.lots) for x in data.lines] == [("MUG", 2, ()),
                                                           ("SOAP", 1, ("Lot S1",))]
    assert data.shipments == 1 and not data.to_follow


def test_a_gift_message_makes_the_gift_slip_without_prices(bench):
    picked_order("SO-1", [L("MUG", 1)], bench["user"])
    _ship_to("SO-1", gift="Happy birthday!")
    station = station_for(bench)
    scan(station, "SO-1")
    [job] = _only("slip", scan(station, MUG))
    text = Pdf(job.data).flat()
    assert "Happybirthday!" in text and "MUG" in text
    assert "4.25" not in text and "Total" not in text


def test_the_gift_setting_leaves_prices_off_every_slip(bench):
    picked_order("SO-1", [L("MUG", 1)], bench["user"])
    _ship_to("SO-1")
    station = station_for(bench)
    station.slip_gift = True
    scan(station, "SO-1")
    [job] = _only("slip", scan(station, MUG))
    assert "4.25" not in Pdf(job.data).flat()


def test_a_part_shipped_gets_its_slip_with_what_is_still_to_follow(bench):
    user = bench["user"]
    order = orders.create_order("SO-1", [L("MUG", 3)], today=TODAY)
    pick_list = picking.pick_list_for_order(order)
    picking.pick(picking.tasks(pick_list.id)[0], 2, user)
    station = station_for(bench)
    station.slip_paper = "4x6"
    scan(station, "SO-1")
    scan(station, f"{MUG},2")
    scan(station, "#CMD:PARTIAL")
    [job] = _only("slip", scan(station, "#CMD:PARTIAL"))
    assert job.name == "slip-SO-1-1.pdf"
    pdf = Pdf(job.data)
    assert pdf.points() == (288, 432)
    assert "Shipment1of2" in pdf.flat() and "LATERPARCEL" in pdf.flat()


def test_cmd_slip_prints_it_again_and_needs_an_order(bench):
    picked_order("SO-1", [L("MUG", 1)], bench["user"])
    station = station_for(bench)
    refused = scan(station, "#CMD:SLIP")
    assert refused.level is Level.ERROR and not _only("slip", refused)
    scan(station, "SO-1")
    assert scan(station, "#CMD:SLIP").level is Level.ERROR  # nothing packed yet
    scan(station, MUG)
    again = scan(station, "#CMD:SLIP")
    assert again.level is Level.OK and _only("slip", again)[0].name == "slip-SO-1-1.pdf"


def test_a_slip_that_cannot_be_drawn_never_takes_back_the_packing(bench, monkeypatch):
    order = picked_order("SO-1", [L("MUG", 1)], bench["user"])

    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr("app.labels.packing_slip.render_slip", broken)
    station = station_for(bench)
    scan(station, "SO-1")
    feedback = scan(station, MUG)
    assert feedback.level is Level.WARNING and "No packing slip" in feedback.message
    assert not _only("slip", feedback)
    assert SalesOrder.get_by_id(order.id).status == "packed"
    assert pack_module.PackStation.slip_paper == "A4"


def test_replay_prints_the_slip_to_the_printer_queue(bench, tmp_path, fake_lp):
    picked_order("SO-1", [L("MUG", 1)], bench["user"])
    path = tmp_path / "pack.txt"
    path.write_text(f"SO-1\n{MUG}\n", encoding="utf-8")
    out = io.StringIO()
    printing = PrintSettings(slip_queue="office", slip_paper="Letter")
    assert replay_file("pack", path, "operator", out, printing=printing) == 0, out.getvalue()
    assert "slip slip-SO-1-1.pdf -> printer office" in out.getvalue()
    [args] = fake_lp.glob("*.args")
    assert args.read_text().split() == ["-d", "office", "-t", "slip-SO-1-1.pdf"]
    pdf = Pdf(args.with_suffix(".data").read_bytes())
    assert pdf.points() == (612, 792) and "SO-1" in pdf.flat()
