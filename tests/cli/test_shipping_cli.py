"""Carrier labels end to end through the `binwise` command: `import labels DIR`, the label
printed raw to a (fake) CUPS queue by `replay --station pack`, `export shipments`."""

import csv
import json
import os
import subprocess
import sys

from app.core.orders import OrderLineInput as L
from app.db import close_database
from tests.label_files import UPS, pdf, zpl
from tests.labels import test_printing
from tests.stations import test_pack
from tests.stations.test_pack import MUG, picked_order

bench, fake_lp = test_pack.bench, test_printing.fake_lp  # fixtures shared with those tests


def binwise(db_url, *args, env=None):
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_url), *map(str, args)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_labels_imported_printed_at_pack_and_exported(bench, db_url, tmp_path, fake_lp):
    picked_order("SO-1", [L("MUG", 2)], bench["user"])
    picked_order("SO-2", [L("MUG", 1)], bench["user"])
    close_database()
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "SO-1.zpl").write_bytes(zpl(tracking=UPS))
    (folder / "SO-2.pdf").write_bytes(pdf(["Ship to: Ann", "Order: SO-2"]))
    (folder / "9999.zpl").write_bytes(zpl())
    (folder / "broken.pdf").write_bytes(b"")

    done = binwise(db_url, "import", "labels", folder)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert "stored: SO-1.zpl: order SO-1, tracking 1Z999AA10123456784 (UPS)." in lines
    assert "stored: SO-2.pdf: order SO-2." in lines
    assert any(line.startswith("NOT STORED: 9999.zpl: no order") for line in lines)
    assert "NOT STORED: broken.pdf: the file is empty." in lines
    assert lines[-1].startswith("2 label(s) stored, 0 imported before, 2 not stored")
    again = binwise(db_url, "import", "labels", folder)
    assert "0 label(s) stored, 2 imported before" in again.stdout
    assert binwise(db_url, "import", "labels", tmp_path / "nope").returncode == 2

    config = tmp_path / "config"
    (config / "binwise").mkdir(parents=True)
    (config / "binwise" / "settings.json").write_text(
        json.dumps({"printing": {"label_queue": "zebra"}}), encoding="utf-8")
    scans = tmp_path / "pack.txt"
    scans.write_text(f"SO-1\n{MUG}\n{MUG}\nSO-2\n{MUG}\n", encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(config), "PATH": os.environ["PATH"]}
    replay = binwise(db_url, "replay", "--station", "pack", scans, env=env)
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert "label SO-1.zpl -> printer zebra" in replay.stdout
    sent = {a.read_text().split()[3]: a for a in fake_lp.glob("*.args")}
    assert sorted(sent) == ["SO-1.zpl", "SO-2.pdf"]
    assert sent["SO-1.zpl"].with_suffix(".data").read_bytes() == zpl(tracking=UPS)
    assert "raw" not in sent["SO-2.pdf"].read_text()

    assert binwise(db_url, "ship", "SO-1", "SO-2").returncode == 0
    out = tmp_path / "shipments.csv"
    assert binwise(db_url, "export", "shipments", out).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    # SO-2's box has no tracking number: nothing for the shop to mark yet.
    assert rows == [{"Order Name": "SO-1", "Tracking Number": UPS, "Tracking Company": "UPS",
                     "Notify Customer": "true", "SKU": "MUG", "Quantity": "2"}]
    plain = tmp_path / "plain.csv"
    assert binwise(db_url, "export", "shipments", plain, "--format", "plain").returncode == 0
    [row] = list(csv.DictReader(plain.open(encoding="utf-8")))
    assert (row["order"], row["shipment"], row["box"], row["tracking"], row["carrier"],
            row["lines"]) == ("SO-1", "1", "1", UPS, "UPS", "MUG x 2")
    assert row["shipped_at"][:4] >= "2026"
    later = binwise(db_url, "export", "shipments", plain, "--since", "2999-01-01")
    assert later.returncode == 0 and "Wrote 0 shipped box(es)" in later.stdout
    bad = binwise(db_url, "export", "shipments", plain, "--since", "soon")
    assert bad.returncode == 2 and "not a date" in bad.stderr
