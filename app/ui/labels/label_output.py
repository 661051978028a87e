"""The Labels page's output: draw the chosen labels and send them to a PDF, a ZPL file, a
CUPS queue or the system's print dialog, on the window's background worker (a batch at 600
dpi takes seconds, and a printer queue that does not answer may block for a minute), with
"Preparing N labels..." shown meanwhile. The print dialog itself opens on the main thread
once the labels are drawn.

A mixin of `LabelsView`, which provides the choices (`labels`, `_size`, `dpi`, `output`,
`printer_name`), the buttons, `dialogs`, `settings`, `_remember`, `_show` and the
`labels_printed` signal.
"""

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTime, Slot
from PySide6.QtPrintSupport import QPrinter

from app.atomic import atomic_text
from app.core.errors import BinwiseError
from app.core.faults import explain
from app.labels import pdf, zpl
from app.labels.layout import Drawing, draw_label
from app.labels.templates import Label
from app.stations.base import Level
from app.ui.tasks.worker import InlineWorker, ThreadWorker

log = logging.getLogger(__name__)


class LabelOutput:
    task_worker: InlineWorker | ThreadWorker  # set by the view

    def set_task_worker(self, worker: InlineWorker | ThreadWorker) -> None:
        """Draw and send labels on `worker` from now on."""
        self.task_worker = worker

    @Slot()
    def _on_print_clicked(self) -> None:
        output = self.output.currentData()
        if output == "printer":
            self._start(self._render(), self._print_system)
        elif output == "zpl":
            self._send_zpl()
        else:
            self._save("pdf")

    @Slot()
    def _on_save_clicked(self) -> None:
        self._save("zpl" if self.output.currentData() == "zpl" else "pdf")

    def _render(self, for_zpl: bool = False) -> Callable[[], list[Drawing]]:
        """What to draw, read from the page now; the drawing itself is for the worker."""
        labels, size, dpi = self.labels(), self._size(), self.dpi.currentData()
        cap = zpl.MAX_MODULE_DOTS if for_zpl else None
        quiet = max(10, self.settings.quiet_zone_modules)

        def render() -> list[Drawing]:
            done: dict[Label, Drawing] = {}
            for label in labels:
                if label not in done:
                    done[label] = draw_label(label, size, dpi, quiet, cap)
            return [done[label] for label in labels]

        return render

    def _start(self, work: Callable[[], object], then: Callable[[Any], str | None]) -> None:
        """Run `work` on the background worker (a batch at 600 dpi, or a printer queue that
        does not answer, must not freeze the window), then `then` with its result here."""
        count = len(self.labels())
        self._show(Level.INFO, f"Preparing {count} label{'s' if count != 1 else ''}...")
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.task_worker.submit(work, lambda result: self._finish(then, result),
                                self._failed)

    def _finish(self, then: Callable[[Any], str | None], result: object) -> None:
        self._refresh_buttons()
        try:
            target = then(result)
        except (BinwiseError, OSError) as error:
            self._failed(error)
            return
        if target is None:
            self._show(Level.INFO, "Nothing printed.")
            return
        count = len(self.labels())
        self._remember()
        done = f"{count} label{'s' if count != 1 else ''} to {target}"
        self._show(Level.OK, f"{done}.")
        # Where they went stays on the page when the banner moves on to the next scan.
        self.last_output.setText(f"Last: {done} ({QTime.currentTime().toString('HH:mm')})")
        self.last_output.setToolTip(target)
        self.labels_printed.emit(target, count)

    def _failed(self, error: BaseException) -> None:
        self._refresh_buttons()
        if not isinstance(error, (BinwiseError, OSError)):
            log.error("Label output failed", exc_info=error)
        self._show(Level.ERROR, explain(error) or str(error))

    def _refresh_buttons(self) -> None:
        count = len(self.labels())
        self.print_button.setEnabled(count > 0)
        self.save_button.setEnabled(count > 0)

    def _save(self, fmt: str) -> None:
        size = self._size()
        try:
            if fmt == "zpl":
                zpl.check_size(size)
        except BinwiseError as error:
            self._show(Level.ERROR, str(error))
            return
        suggested = str(Path.home() / f"labels.{fmt}")
        filters = "ZPL files (*.zpl)" if fmt == "zpl" else "PDF files (*.pdf)"
        path = self.dialogs.save_path(self, suggested, filters)
        if not path:
            return
        render = self._render(for_zpl=fmt == "zpl")

        def write() -> str:
            if fmt == "zpl":
                text = "".join(zpl.drawing_zpl(d) for d in render())
                with atomic_text(path) as out:
                    out.write(text)
            else:
                pdf.write_pdf(path, render(), size)
            return path

        self._start(write, lambda target: target)

    def _send_zpl(self) -> None:
        try:
            zpl.check_size(self._size())
        except BinwiseError as error:
            self._show(Level.ERROR, str(error))
            return
        queue = self.printer_name.text().strip()
        render = self._render(for_zpl=True)

        def send() -> str:
            zpl.send_raw("".join(zpl.drawing_zpl(d) for d in render()), queue)
            return queue

        self._start(send, lambda target: target)

    def _print_system(self, drawings: list[Drawing]) -> str | None:
        """With the labels drawn: the print dialog and its preview (on the main thread)."""
        size = self._size()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name.text().strip():
            printer.setPrinterName(self.printer_name.text().strip())
        printer.setResolution(self.dpi.currentData())
        printer.setFullPage(True)
        pdf.setup_device(printer, size)
        if not self.dialogs.print_preview(self, printer,
                                          lambda device: pdf.paint_pages(device, drawings, size)):
            return None
        if printer.printerName():
            self.printer_name.setText(printer.printerName())
        return printer.printerName() or printer.outputFileName() or "the printer"

