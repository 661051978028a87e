"""The Reports page (Shift+F11): choose a report, a period and item or class; the report is
computed on a worker thread with a progress bar, then shown as a chart, a table and the
sentences that explain its figures. Ctrl+E exports it to CSV, Ctrl+P prints it to PDF.
"""

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.core.reports import REPORTS
from app.core.reports import run as run_report
from app.core.reports.base import Report
from app.labels.report_pdf import write_report_pdf
from app.scanning.decode import DecodeConfig
from app.stations.base import Level
from app.ui import theme
from app.ui.count.count_widgets import action_button, padded
from app.ui.tasks.numbers_runner import Runner
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from app.ui.widgets.feedback_banner import FeedbackBanner
from app.ui.widgets.file_dialogs import save_dialog
from app.ui.widgets.record_model import Column, RecordTableModel
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import open_dialog
from app.ui.widgets.tables import make_table

log = logging.getLogger(__name__)

RUN_KEY = "Ctrl+U"
EXPORT_KEY = "Ctrl+E"
PRINT_KEY = "Ctrl+P"
DEFAULT_DAYS = 90
# Reports that can be read per item or per ABC class.
GROUPED = ("stock-value", "turnover")
HINT = (f"Choose a report and its period; {RUN_KEY} runs it again, {EXPORT_KEY} exports CSV, "
        f"{PRINT_KEY} prints a PDF.")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


REPORT_TITLE_CHARS = 22


_SHORT_WORDS = {"sku": "SKU", "abc": "ABC", "po": "PO", "id": "ID"}


def column_heading(name: str) -> str:
    """A report's column as a heading: `unit_cost` -> "Unit cost", `sku` -> "SKU" (the CSV
    keeps the names as they are)."""
    words = [_SHORT_WORDS.get(word, word) for word in name.replace("_", " ").split(" ")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


class ReportsView(QWidget):
    title = "Reports"

    def __init__(self, sounds: Sounds | None = None, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today,
                 ask_path: Callable | None = None,
                 decode_config: DecodeConfig | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsView")
        self.sounds = sounds or Sounds(enabled=False, parent=self)
        self.decode_config = decode_config or DecodeConfig()
        self._today = today
        self._ask_path = ask_path or self._ask_path_dialog
        self.report: Report | None = None
        self.runner = Runner(self)
        self.runner.progressed.connect(lambda done, total: None)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)

        self.banner = FeedbackBanner()
        self.choice = QComboBox()
        self.choice.setObjectName("reportChoice")
        # Sized to a typical title, not the longest one: the page must fit 1024 px.
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(REPORT_TITLE_CHARS)
        for name, module in REPORTS.items():
            self.choice.addItem(module.TITLE, name)
        self.by = QComboBox()
        self.by.setObjectName("reportBy")
        for label, value in (("per item", "item"), ("per class", "class"), ("per bin", "bin"),
                             ("per lot", "lot")):
            self.by.addItem(label, value)
        end = today()
        self.start = QDateEdit(_qdate(end - timedelta(days=DEFAULT_DAYS - 1)))
        self.end = QDateEdit(_qdate(end))
        for widget in (self.choice, self.by, self.start, self.end):
            widget.setMinimumHeight(40)
            widget.setFont(theme.font(theme.BASE_FONT_PX))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        self.choice.currentIndexChanged.connect(self._on_choice_changed)
        self.by.currentIndexChanged.connect(lambda _: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.choice, 2)
        top.addWidget(self.by, 1)
        top.addWidget(QLabel("from"))
        top.addWidget(self.start)
        top.addWidget(QLabel("to"))
        top.addWidget(self.end)
        buttons = QHBoxLayout()
        buttons.addWidget(action_button("Run", RUN_KEY, self.refresh, self))
        buttons.addWidget(action_button("Export CSV", EXPORT_KEY, self.export_csv, self))
        buttons.addWidget(action_button("Print PDF", PRINT_KEY, self.print_pdf, self))
        buttons.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setRange(0, 0)
        self.progress.setFormat("Working it out...")
        self.progress.hide()
        # Imported here, not at the top: QtCharts is the heaviest module the window loads.
        from app.ui.reports.report_chart import ReportChart

        self.chart = ReportChart()
        self.chart.setMinimumHeight(220)
        self.model = RecordTableModel([], parent=self)
        self.table = padded(make_table(self.model, 1, selectable=True,
                                       font_px=theme.BASE_FONT_PX))
        self.table.setObjectName("reportTable")
        self.notes = QLabel()
        self.notes.setObjectName("reportNotes")
        self.notes.setWordWrap(True)
        self.notes.setFont(theme.font(theme.BASE_FONT_PX - 1))
        middle = QHBoxLayout()
        middle.addWidget(self.chart, 2)
        middle.addWidget(self.table, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addLayout(middle, 1)
        layout.addWidget(self.notes)
        self.setFocusProxy(self.choice)
        self.banner.show_feedback(Level.INFO, HINT)
        self._on_choice_changed(self.choice.currentIndex())

    # -- running -----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.choice.currentData()

    def period(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()

    def set_numbers_worker(self, worker: InlineWorker | ThreadWorker) -> None:
        """Reports run on the window's worker for planning and reports, off the UI thread."""
        self.runner.set_worker(worker)

    def refresh(self) -> None:
        """Run the chosen report again, on the worker (the page was opened, or a choice
        changed)."""
        start, end = self.period()
        if start > end:
            self.banner.show_feedback(Level.ERROR, f"The period starts ({start}) after it "
                                      f"ends ({end}).")
            return
        name, today = self.name, self._today()
        by = self.by.currentData()
        if self.name == "turnover" and by in ("bin", "lot"):
            self.banner.show_feedback(Level.ERROR, "Turnover is per item or per class.")
            return
        options = {"by": by} if self.name in GROUPED else {}
        self.runner.start(lambda progress: run_report(name, start, end, today, **options))

    def select_report(self, name: str) -> None:
        self.choice.setCurrentIndex(self.choice.findData(name))

    @Slot(int)
    def _on_choice_changed(self, index: int) -> None:
        self.by.setEnabled(self.name in GROUPED)
        if self.isVisible():
            self.refresh()

    @Slot(bool)
    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)

    @Slot(object)
    def _on_runner_finished(self, report: Report) -> None:
        self.report = report
        columns = [Column(column_heading(c), (lambda r, i=i: r[i]), numeric=isinstance(
            report.rows[0][i] if report.rows else "", int | float))
            for i, c in enumerate(report.columns)]
        # Each report has its columns: a new table.
        self.model.beginResetModel()
        self.model.columns = tuple(columns)
        self.model.endResetModel()
        self.model.set_rows(report.text_rows())
        self.chart.set_points(report.title, report.chart)
        self.notes.setText("\n".join(report.notes))
        self.banner.show_feedback(Level.OK, f"{report.title}: {len(report.rows)} row(s). "
                                  f"{HINT}")

    @Slot(str)
    def _on_runner_failed(self, message: str) -> None:
        self.sounds.play(Level.ERROR)
        self.banner.show_feedback(Level.ERROR, f"Could not make the report: {message}")

    # -- out ---------------------------------------------------------------------------------

    def _ask_path_dialog(self, suggested: str, filters: str,
                         then: Callable[[Path], None]) -> None:
        dialog = save_dialog(self, "Save the report", suggested, filters)
        dialog.fileSelected.connect(lambda name: then(Path(name)))
        open_dialog(dialog, self)

    def _write(self, suffix: str, write: Callable[[Report, Path], None]) -> None:
        report = self.report
        if report is None:
            self.banner.show_feedback(Level.WARNING, "Run a report first.")
            return

        def save(path: Path) -> None:
            try:
                write(report, path)
            except OSError as error:
                self.sounds.play(Level.ERROR)
                self.banner.show_feedback(Level.ERROR, f"Could not write {path}: "
                                          f"{error.strerror or error}")
                return
            self.banner.show_feedback(Level.OK, f"Saved {report.title} to {path}.")

        start, end = self.period()
        self._ask_path(f"{report.name}-{start}-{end}.{suffix}",
                       f"{suffix.upper()} files (*.{suffix})", save)

    @Slot()
    def export_csv(self) -> None:
        self._write("csv", lambda report, path: report.write_csv(path))

    @Slot()
    def print_pdf(self) -> None:
        start, end = self.period()
        self._write("pdf", lambda report, path: write_report_pdf(
            path, report.title, f"{start} to {end}", report.columns, report.text_rows(),
            report.notes))

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        self.sounds.play(Level.ERROR)
        self.banner.show_feedback(Level.ERROR, f"Scan {code} not used on the Reports page.")
