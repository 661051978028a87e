"""Write a PNG of every page at every screen size, to look at.

Run it under Xvfb so the window is a real one:

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python -m tests.screens.shoot [OUT_DIR] [SCENE...]

It builds the demo warehouse with long codes once, then opens the main window on a fresh copy
of it for each page and size. With `--docs` (OUT_DIR defaults to docs/) it writes the README's
screenshots instead: screenshot-<page>.png at 1366x768.
"""

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.db import close_database, open_database
from app.db.models import User
from app.ui import theme
from app.ui.main_window import MainWindow
from app.ui.widgets.sounds import Sounds
from tests.screens.scenes import DOC_SCENES, SCENES, SIZES, Scene, build_world, play


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def open_window(db_path: Path, size: tuple[int, int]) -> MainWindow:
    open_database(db_path)
    operator = User.get(User.name == "operator").id
    window = MainWindow(db_path, operator, "operator", sounds=Sounds(enabled=False))
    window.resize(*size)
    window.show()
    return window


def shoot(out: Path, names: list[str], scenes: tuple[Scene, ...] = SCENES,
          sizes: tuple[tuple[int, int], ...] = SIZES, docs: bool = False) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply_theme(app)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.sqlite"
        open_database(template)
        build_world()
        close_database()
        for scene in scenes:
            if names and scene.name not in names:
                continue
            for width, height in sizes:
                path = Path(tmp) / f"{scene.name}-{width}.sqlite"
                shutil.copy(template, path)
                window = open_window(path, (width, height))
                settle(app)
                play(window, scene)
                settle(app)
                target = out / (f"screenshot-{scene.name}.png" if docs
                                else f"{scene.name}-{width}x{height}.png")
                window.grab().save(str(target))
                written.append(target)
                window.close()
                window.deleteLater()
                settle(app)
                close_database()
    return written


def main(argv: list[str]) -> int:
    docs = "--docs" in argv
    argv = [a for a in argv if a != "--docs"]
    out = Path(argv[0]) if argv else Path("docs" if docs else "screens")
    if docs:
        written = shoot(out, argv[1:], DOC_SCENES, ((1366, 768),), docs=True)
    else:
        written = shoot(out, argv[1:])
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
