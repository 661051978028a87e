"""Run the `binwise` command like `python -m app`, and write down when its main window is first
painted on screen.

    BINWISE_PROBE_FILE=/tmp/shown.txt python tests/perf/shown_probe.py --db X gui --smoke-test

bench_startup.py uses it to time a cold start to a shown window from outside the app, for
builds whose UI does not write the BINWISE_SHOWN_FILE marker itself. The time written is
`time.time()` as decimal text, taken at the first Paint event of a top-level QMainWindow: the
moment the window has been mapped and is being drawn. The event filter removes itself after
that, so the rest of the run pays nothing for it.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6 import QtWidgets  # noqa: E402
from PySide6.QtCore import QEvent, QObject  # noqa: E402

TARGET = os.environ.get("BINWISE_PROBE_FILE")


class _FirstPaint(QObject):
    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Paint and watched.isWidgetType()
                and isinstance(watched, QtWidgets.QMainWindow)):
            shown_at = time.time()
            if TARGET:
                Path(TARGET).write_text(f"{shown_at:.6f}\n")
            QtWidgets.QApplication.instance().removeEventFilter(self)
        return False


class _ProbedApplication(QtWidgets.QApplication):
    """The application class the UI imports: the real one, watching for the first paint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._first_paint = _FirstPaint()
        self.installEventFilter(self._first_paint)


# Replaced before app.ui imports the name, so the UI constructs the probed class.
QtWidgets.QApplication = _ProbedApplication

if __name__ == "__main__":
    from app.cli import main

    raise SystemExit(main(sys.argv[1:]))
