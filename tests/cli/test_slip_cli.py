"""`binwise seller` and `binwise slip` end to end: the seller set once, a packed order's slip
written as a PDF whose order barcode reads back."""

import subprocess
import sys

from pyzbar.pyzbar import decode

from app.core import packing
from app.core.orders import OrderLineInput as L
from tests.labels.slip_samples import Pdf, logo_png
from tests.stations import test_pack
from tests.stations.test_pack import picked_order

bench = test_pack.bench  # a fixture: items in a bin, picked orders to pack


def run(db_url, *args):
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_url), *args],
                          capture_output=True, text=True, timeout=120)


def test_seller_then_slip_of_a_packed_order(bench, db_url, tmp_path):
    order = picked_order("SO-7", [L("MUG", 2)], bench["user"], gift="For you")
    packing.pack_unit(order.id, bench["mug"].id, None, 2, bench["user"])
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo_png())
    result = run(db_url, "seller", "--name", "Acme Coffee", "--address",
                 "1 Bean St|London E1 6AN", "--logo", str(logo))
    assert result.returncode == 0, result.stderr
    assert "Acme Coffee" in result.stdout and "1 Bean St | London E1 6AN" in result.stdout
    assert "bytes of PNG" in result.stdout
    out = tmp_path / "slips" / "so-7.pdf"
    result = run(db_url, "slip", "SO-7", "--paper", "4x6", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "gift slip of order SO-7, shipment 1 of 1" in result.stdout
    pdf = Pdf(out.read_bytes())
    assert pdf.points() == (288, 432)
    assert "AcmeCoffee" in pdf.flat() and "Foryou" in pdf.flat()
    assert "SO-7" in {s.data.decode() for s in decode(pdf.image(0, 203))}


def test_slip_refusals_are_one_line(bench, db_url, tmp_path):
    picked_order("SO-8", [L("MUG", 1)], bench["user"])
    out = tmp_path / "x.pdf"
    result = run(db_url, "slip", "NOPE", "--out", str(out))
    assert result.returncode == 2 and "No order NOPE" in result.stderr
    result = run(db_url, "slip", "SO-8", "--out", str(out))
    assert result.returncode == 2 and "Nothing of order SO-8 is packed" in result.stderr
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"GIF89a")
    result = run(db_url, "seller", "--logo", str(bad))
    assert result.returncode == 2 and "PNG" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
