"""Documents printed without a dialog: to a CUPS queue through `lp` (a fake one here), or saved
into a folder when no queue is set."""

import os
import stat

import pytest

from app.config import PrintSettings
from app.errors import BinwiseError
from app.labels.printing import PrintJob, PrintTarget, send

FAKE_LP = """#!/bin/sh
# A CUPS queue that keeps what it is sent: its arguments, then the bytes.
out="$FAKE_LP_DIR/job-$$"
echo "$@" > "$out.args"
cat > "$out.data"
echo "request id is $2-1 (1 file(s))"
"""


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    bin_dir, jobs = tmp_path / "bin", tmp_path / "jobs"
    bin_dir.mkdir()
    jobs.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(FAKE_LP)
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_LP_DIR", str(jobs))
    return jobs


def test_zpl_goes_raw_to_the_queue(fake_lp):
    job = PrintJob("label", "label-1001.zpl", b"^XA^FO10,10^FDhi^FS^XZ", "zpl")
    assert send(job, PrintTarget(queue="zebra")) == "printer zebra"
    [args] = fake_lp.glob("*.args")
    assert args.read_text().split() == ["-d", "zebra", "-t", "label-1001.zpl", "-o", "raw"]
    assert args.with_suffix(".data").read_bytes() == job.data


def test_pdf_goes_to_the_queue_as_a_document(fake_lp):
    send(PrintJob("slip", "slip-1001.pdf", b"%PDF-1.4 x", "pdf"), PrintTarget(queue="office"))
    [args] = fake_lp.glob("*.args")
    assert "raw" not in args.read_text()


def test_without_a_queue_the_document_is_saved(tmp_path):
    job = PrintJob("slip", "slip-1001.pdf", b"%PDF-1.4 x", "pdf")
    where = send(job, PrintTarget(folder=str(tmp_path / "out")))
    assert (tmp_path / "out" / "slip-1001.pdf").read_bytes() == job.data
    assert where.endswith("slip-1001.pdf")


def test_a_refusing_queue_is_one_clear_error(tmp_path, monkeypatch):
    lp = tmp_path / "lp"
    lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(BinwiseError, match="refused the label: lp: The printer"):
        send(PrintJob("label", "l.zpl", b"^XA^XZ", "zpl"), PrintTarget(queue="nope"))


def test_a_read_only_folder_is_one_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):
        pytest.skip("running as a user who can write anywhere")
    with pytest.raises(BinwiseError, match="Cannot save the slip"):
        send(PrintJob("slip", "s.pdf", b"x", "pdf"), PrintTarget(folder=str(folder)))


def test_settings_choose_the_printer_by_purpose():
    settings = PrintSettings(slip_queue="office", label_queue="zebra", folder="/tmp/x")
    assert settings.target("label").queue == "zebra"
    assert settings.target("slip").queue == "office"
    assert PrintSettings().target("slip").folder.endswith("Binwise printed")
