"""Carrier label files matched to orders by number, stored once, bad files reported."""

import pytest

from app.core.label_files import read_label
from app.core.shipping_labels import OrderIndex, import_label_files, label_paths, match_label
from app.db.models import Item, SalesOrder, SalesOrderLine, ShippingLabel
from tests.label_files import UPS, USPS, pdf, zpl


@pytest.fixture
def shop(db):
    item = Item.create(sku="MUG", name="Mug")
    made = {}
    for number, status in (("#1001", "picked"), ("#10012", "picked"), ("SO-77", "picked"),
                           ("#1002", "shipped"), ("#1003", "allocated")):
        made[number] = SalesOrder.create(number=number, status=status)
        SalesOrderLine.create(order=made[number], item=item, qty_ordered=1)
    return made


def write(folder, name, data):
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def orders_matched(name, texts=()):
    found = match_label(name, texts, OrderIndex.load())
    return sorted(found.orders.values()), found.box


@pytest.mark.parametrize(("name", "orders", "box"), [
    ("1001.zpl", ["#1001"], None),
    ("#1001.pdf", ["#1001"], None),
    ("label_1001.zpl", ["#1001"], None),
    ("order1001.zpl", ["#1001"], None),
    ("1001-2.zpl", ["#1001"], 2),
    ("#1001_box2.pdf", ["#1001"], 2),
    ("1001 box 3 of 3.zpl", ["#1001"], 3),
    ("10012.zpl", ["#10012"], None),  # never "1001"
    ("so-77.zpl", ["SO-77"], None),
    ("1001-20261130.zpl", ["#1001"], None),  # a date is no box
    ("1002.zpl", [], None),  # shipped: no label wanted
    ("1001_1003.zpl", ["#1001", "#1003"], None),
    ("100.zpl", [], None),
])
def test_the_order_number_in_the_file_name(shop, name, orders, box):
    assert orders_matched(name) == (orders, box)


def test_order_number_in_the_text_when_the_name_has_none(shop):
    # A ZIP code that is also an order number loses to the labelled reference.
    texts = ["Jane Doe", "1 Main St", "Anytown 1003", "Ref: 1001", UPS]
    assert orders_matched("label.zpl", texts) == (["#1001"], None)
    assert orders_matched("label.zpl", ["Jane Doe", "Anytown 1003"]) == ([], None)
    assert orders_matched("label.zpl", ["Jane Doe", "1003"]) == (["#1003"], None)
    assert orders_matched("label.zpl", ["Ref 1001", "Order 1003"]) == (["#1001", "#1003"], None)


def test_import_stores_matched_files_with_box_and_tracking(shop, tmp_path):
    folder = tmp_path / "labels"
    write(folder, "1001-1.zpl", zpl(tracking=UPS))
    write(folder, "shipment.pdf", pdf(["Ship to Jane", "Order #10012", f"Tracking {USPS}"]))
    outcomes = import_label_files(label_paths(folder))
    assert [o.status for o in outcomes] == ["stored", "stored"]
    first = ShippingLabel.get(ShippingLabel.file_name == "1001-1.zpl")
    assert (first.order_id, first.box, first.format) == (shop["#1001"].id, 1, "zpl")
    assert (first.tracking, first.carrier) == (UPS, "UPS")
    assert bytes(first.data) == zpl(tracking=UPS)
    second = ShippingLabel.get(ShippingLabel.file_name == "shipment.pdf")
    assert (second.order_id, second.box, second.tracking) == (shop["#10012"].id, None, USPS)
    assert "order #1001 box 1, tracking 1Z999AA10123456784 (UPS)" in outcomes[0].message


def test_a_file_imported_twice_is_stored_once(shop, tmp_path):
    path = write(tmp_path / "in", "1001.zpl", zpl())
    assert import_label_files([path])[0].status == "stored"
    again = import_label_files([path, path])
    assert [o.status for o in again] == ["already", "already"]
    assert "imported before" in again[0].message
    assert ShippingLabel.select().count() == 1


def test_unmatched_ambiguous_and_bad_files_are_reported_and_change_nothing(shop, tmp_path):
    folder = tmp_path / "in"
    write(folder, "9999.zpl", zpl())
    write(folder, "1001_1003.zpl", zpl())
    write(folder, "empty.zpl", b"")
    write(folder, "junk.zpl", bytes(range(256)) * 4)
    write(folder, "fake.pdf", b"%PDF-1.4 this is no pdf")
    write(folder, "notes.pdf", b"hello")
    write(folder, "readme.md", b"not a label")
    outcomes = import_label_files(label_paths(folder))
    said = {o.path.name: (o.status, o.message) for o in outcomes}
    assert "readme.md" not in said
    assert said["9999.zpl"][0] == "unmatched"
    assert said["1001_1003.zpl"][0] == "ambiguous" and "#1001 and #1003" in said["1001_1003.zpl"][1]
    assert said["empty.zpl"] == ("bad", "empty.zpl: the file is empty.")
    assert said["junk.zpl"][0] == "bad" and "not ZPL" in said["junk.zpl"][1]
    assert said["fake.pdf"][0] == "bad" and "not a readable PDF" in said["fake.pdf"][1]
    assert said["notes.pdf"][0] == "bad"
    assert all("\n" not in message for _, message in said.values())
    assert ShippingLabel.select().count() == 0


def test_zpl_in_a_txt_file_and_hex_escapes(shop):
    data = b"^XA^FO10,10^FH^FDOrder _231001^FS^XZ"
    label = read_label("label.txt", data)
    assert label.format == "zpl" and "Order #1001" in label.texts


def test_a_watched_folder_sweep_imports_settled_files_and_sorts_them(shop, tmp_path):
    import os

    from app.core.shipping_labels import sweep_folder

    folder = tmp_path / "watched"
    write(folder, "1001.zpl", zpl())
    write(folder, "9999.zpl", zpl())
    write(folder, "empty.pdf", b"")
    fresh = write(folder, "10012.zpl", zpl())
    now = fresh.stat().st_mtime + 5
    os.utime(fresh, (now, now))  # still being written a moment ago
    outcomes = sweep_folder(folder, min_age_s=2, now=now)
    assert sorted((o.path.name, o.status) for o in outcomes) == [
        ("1001.zpl", "stored"), ("9999.zpl", "unmatched"), ("empty.pdf", "bad")]
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["1001.zpl"]
    assert sorted(p.name for p in (folder / "unmatched").iterdir()) == ["9999.zpl",
                                                                        "empty.pdf"]
    assert [p.name for p in folder.iterdir() if p.is_file()] == ["10012.zpl"]
    later = sweep_folder(folder, min_age_s=2, now=now + 3)
    assert [(o.path.name, o.status) for o in later] == [("10012.zpl", "stored")]
    write(folder, "1001.zpl", zpl())  # the same file again: not doubled, kept beside
    assert [o.status for o in sweep_folder(folder, min_age_s=0)] == ["already"]
    assert sorted(p.name for p in (folder / "done").iterdir()) == [
        "1001-2.zpl", "1001.zpl", "10012.zpl"]
    assert ShippingLabel.select().count() == 2
    assert sweep_folder(folder, min_age_s=0) == []
