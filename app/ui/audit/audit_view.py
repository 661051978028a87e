"""The Audit page: every move with when, who did it, who approved it, its kind, item, bins,
document and note, newest first; filtered by person, item, bin and day. It shows the newest
rows and loads older ones on "More" (Ctrl+M), so it opens at once on millions of moves.

The query is `app.core.audit.moves`, the same one `binwise audit` prints.
"""

import logging
from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core import audit
from app.core.errors import BinwiseError
from app.scanning.decode import DecodeConfig, decode
from app.stations.base import Level
from app.ui import theme
from app.ui.widgets.feedback_banner import FeedbackBanner, PromptLabel
from app.ui.widgets.record_model import Column, RecordTableModel
from app.ui.widgets.tables import make_table

log = logging.getLogger(__name__)

COLUMNS = (
    Column("Time", lambda r: r.time, text=lambda r: r.time.isoformat(" ", "minutes")),
    Column("User", lambda r: r.user),
    Column("Approved by", lambda r: r.approver),
    Column("Kind", lambda r: r.kind),
    Column("Qty", lambda r: r.qty, numeric=True),
    Column("Item", lambda r: r.sku + (f" lot {r.lot}" if r.lot else "")),
    Column("From", lambda r: r.src),
    Column("To", lambda r: r.dst),
    Column("Document", lambda r: r.document),
    Column("Note", lambda r: r.note),
)
MORE_KEYS = ("Ctrl+M",)


class AuditView(QWidget):
    title = "Audit"

    def __init__(self, page_size: int = audit.PAGE_SIZE, parent: QWidget | None = None, *,
                 decode_config: DecodeConfig | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.decode_config = decode_config or DecodeConfig()
        self.page_size = page_size
        self.model = RecordTableModel(COLUMNS, key=lambda r: r.move_id, parent=self)
        self.prompt = PromptLabel("Who moved what, newest first")
        self.banner = FeedbackBanner()
        self.user = self._filter("user", "User")
        self.sku = self._filter("sku", "SKU")
        self.bin = self._filter("bin", "Bin")
        self.since = self._filter("since", "Since date")
        self.since.setToolTip("Moves from this day on: YYYY-MM-DD")
        self.more_button = QPushButton(f"More   {MORE_KEYS[0]}")
        self.more_button.setObjectName("auditMore")
        self.more_button.setAutoDefault(False)
        self.more_button.clicked.connect(self.load_more)
        for key in MORE_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.load_more)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Filter:"))
        for box in (self.user, self.sku, self.bin, self.since):
            filters.addWidget(box, 1)
        filters.addWidget(self.more_button)
        self.table = make_table(self.model, COLUMNS.index(COLUMNS[-1]), selectable=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.prompt)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.user)

    def _filter(self, name: str, placeholder: str) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName(f"audit_{name}")
        box.setPlaceholderText(placeholder)
        box.setFont(theme.font(theme.BASE_FONT_PX + 2))
        box.setMinimumHeight(44)
        box.setClearButtonEnabled(True)
        box.returnPressed.connect(self.refresh)
        return box

    def _where(self) -> audit.AuditFilter:
        since = self.since.text().strip()
        try:
            day = date.fromisoformat(since) if since else None
        except ValueError:
            raise BinwiseError(f"'{since}' is not a date: write YYYY-MM-DD.") from None
        return audit.AuditFilter(self.user.text().strip() or None,
                                 self.sku.text().strip() or None,
                                 self.bin.text().strip() or None, day)

    @Slot()
    def refresh(self) -> None:
        """Read the newest moves again with the filters as typed."""
        self._load(append=False)

    @Slot()
    def load_more(self) -> None:
        self._load(append=True)

    def _load(self, append: bool) -> None:
        before = self.model.rows()[-1] if append and self.model.rows() else None
        try:
            rows = audit.moves(self._where(), self.page_size, before)
        except BinwiseError as error:
            self.banner.show_feedback(Level.ERROR, str(error))
            return
        except Exception as error:  # a bug must not close the window
            log.exception("Could not read the audit trail")
            self.banner.show_feedback(Level.ERROR, f"Could not read the moves ({error}).")
            return
        shown = (self.model.rows() if append else []) + rows
        self.model.set_rows(shown)
        self.more_button.setEnabled(len(rows) == self.page_size)
        more = " More (Ctrl+M) shows older ones." if len(rows) == self.page_size else ""
        self.banner.show_feedback(Level.INFO, f"{len(shown)} moves shown, newest first."
                                  f"{more}" if shown else "No moves match.")

    def handle_scan(self, code: str) -> None:
        """A scan fills the filter that has the keyboard (or the SKU), then searches."""
        box = next((b for b in (self.user, self.sku, self.bin, self.since) if b.hasFocus()),
                   self.sku)
        reading = decode(code, self.decode_config)
        box.setText(reading.text or code.strip())
        self.refresh()
