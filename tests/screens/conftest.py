"""Screen tests: the real main window on the demo warehouse with long codes, at the screen
sizes packing stations have. Offscreen in the normal run; under Xvfb with
`QT_QPA_PLATFORM=xcb` when run by hand (see shoot.py)."""

from pathlib import Path

import pytest

from tests.gui.conftest import OFFSCREEN_NOISE

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.screens)
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
