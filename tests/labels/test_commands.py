"""`binwise labels bins|items|lots` run in this process: options, outputs, remembered settings,
and the refusals a user sees."""

import argparse
import json

import pytest
from PIL import Image

from app import config
from app.core import label_select
from app.core.errors import BinwiseError
from app.labels import commands
from tests.labels.checks import read
from tests.labels.test_pdf import pages_and_boxes, rasterise
from tests.labels.test_zpl import formats


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="binwise labels")
    commands.add_arguments(parser.add_subparsers(dest="labels_kind", required=True))
    return parser.parse_args(list(argv))


def run(*argv: str) -> int:
    return commands.run(parse(*argv), label_select.choose)


def test_bins_by_range_to_pdf(world, tmp_path, capsys):
    out = tmp_path / "bins.pdf"
    assert run("bins", "--range", "A-01-01..A-01-05", "-o", str(out), "--dpi", "203") == 0
    assert capsys.readouterr().out == f"Wrote 5 labels on 5 pages to {out}\n"
    pages, boxes = pages_and_boxes(out)
    assert pages == 5 and {box for box in boxes} == {(283.0, 142.0)}  # 100 x 50 mm
    images = rasterise(out, 203, tmp_path)
    assert read(images[0]) == {("CODE128", "A-01-01"): 1}


def test_size_dpi_and_output_are_remembered(world, tmp_path, config_dir):
    assert config.load().labels.size == "100x50mm"
    run("bins", "--zone", "B", "--size", "4x2in", "--dpi", "600", "-o", str(tmp_path / "b.zpl"))
    saved = json.loads((config_dir / "settings.json").read_text())["labels"]
    assert (saved["size"], saved["dpi"], saved["output"]) == ("4x2in", 600, "zpl")
    # The next run needs no options: ZPL at 4x2 in, 600 dpi.
    run("items", "MUG-01", "-o", str(tmp_path / "next.zpl"))
    (label,) = formats((tmp_path / "next.zpl").read_text())
    assert ("PW", "2400") in label and ("LL", "1200") in label


def test_format_follows_the_output_suffix(world, tmp_path):
    run("items", "MUG-01", "CUP-7", "-o", str(tmp_path / "items.zpl"), "--size", "2x1in")
    assert len(formats((tmp_path / "items.zpl").read_text())) == 2
    run("items", "MUG-01", "-o", str(tmp_path / "pngs"), "--size", "2x1in", "--dpi", "300")
    with Image.open(tmp_path / "pngs" / "label-0001.png") as image:
        assert image.size == (600, 300)
        assert read(image) == {("EAN13", "4012345000016"): 1}


def test_bins_with_qr_and_arrows(world, tmp_path):
    out = tmp_path / "bins.zpl"
    run("bins", "--range", "A-02-01..A-02-02", "--qr", "--arrows", "-o", str(out))
    first, second = formats(out.read_text())
    assert [c for c, _ in first].count("BQ") == 1
    # Level 01 points down, level 02 up: the head's first stroke shows which.
    assert [p[-1] for c, p in first if c == "GD"] == ["L", "R"]
    assert [p[-1] for c, p in second if c == "GD"] == ["R", "L"]


def test_lots_of_a_receipt_one_per_unit_with_copies(world, tmp_path, capsys):
    out = tmp_path / "lots.zpl"
    run("lots", "--receipt", str(world.receipt_id), "--per-unit", "--copies", "2",
        "-o", str(out), "--size", "4x2in")
    assert "Wrote 14 labels as ZPL" in capsys.readouterr().out
    data = [p for label in formats(out.read_text()) for c, p in label if c == "FD"]
    assert sum(">;>80104012345000108" in d for d in data) == 10
    # The lot of an item without GTIN: Code 128, "2025" in code set C.
    assert sum(d == ">:H->52025>6-07" for d in data) == 4


def test_thin_bars_are_reported(world, tmp_path, capsys):
    run("lots", "--lot", "L24123A", "--size", "2x1in", "--dpi", "203", "-o",
        str(tmp_path / "x.pdf"))
    assert "warning: The barcode '(01)04012345000108(17)261231(10)L24123A' has bars of " \
           "0.125 mm" in capsys.readouterr().err


def test_queue_sends_zpl_raw(world, tmp_path, monkeypatch, capsys, config_dir):
    sent = []
    monkeypatch.setattr("app.labels.zpl.send_raw",
                        lambda text, queue: sent.append((text, queue)) or "request id is z-1")
    run("bins", "--range", "B-01-01..B-01-02", "--queue", "zebra")
    assert sent[0][1] == "zebra" and len(formats(sent[0][0])) == 2
    assert "Sent 2 labels to zebra: request id is z-1" in capsys.readouterr().out
    assert config.load().labels.printer == "zebra"


@pytest.mark.parametrize("argv, message", [
    (["bins", "--range", "A-09-01..A-09-02", "-o", "x.pdf"], "A-09-01 is not a bin"),
    (["bins", "--range", "B..A", "-o", "x.pdf"], "runs backwards"),
    (["bins", "--zone", "Q", "-o", "x.pdf"], "no zone 'Q'"),
    (["items", "NOPE", "-o", "x.pdf"], "Unknown SKU: NOPE"),
    (["items", "-o", "x.pdf"], "Name the SKUs to print, or --all"),
    (["items", "MUG-01", "--all", "-o", "x.pdf"], "Name the SKUs to print, or --all"),
    (["lots", "-o", "x.pdf"], "Choose the lots"),
    (["lots", "--receipt", "1", "--sku", "COF-1", "-o", "x.pdf"], "not both"),
    (["items", "MUG-01"], "Say where to write the labels"),
    (["items", "MUG-01", "--queue", "z", "--format", "pdf"], "A CUPS queue takes ZPL"),
    (["items", "MUG-01", "-o", "x.zpl", "--size", "a4-3x8"], "ZPL is for label rolls"),
    (["items", "MUG-01", "-o", "x.pdf", "--copies", "0"], "--copies must be 1 or more"),
])
def test_refusals_say_what_to_do(world, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BinwiseError, match=message):
        run(*argv)
    assert not list(tmp_path.glob("x.*"))


def test_unknown_size_is_an_argument_error(capsys):
    with pytest.raises(SystemExit):
        parse("bins", "--all", "--size", "3x3in")
    assert "invalid choice: '3x3in'" in capsys.readouterr().err


def test_sizes_are_case_insensitive(world, tmp_path):
    run("items", "MUG-01", "--size", "A4-3X8", "-o", str(tmp_path / "s.pdf"))
    assert config.load().labels.size == "a4-3x8"
