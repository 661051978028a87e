"""The Returns tab of the settings: the warehouse's return reasons listed, added, renamed,
reordered and removed, saved for every station; a supervisor approves when the person logged
in is not one, as `binwise returns reasons` requires."""

import pytest
from PySide6.QtCore import Qt

from app import config
from app.core import return_reasons, users
from app.core.return_reasons import Reason
from app.ui.main_window import MainWindow
from tests.gui import test_settings_dialog
from tests.gui.test_settings_dialog import open_dialog

pytestmark = pytest.mark.gui
window = test_settings_dialog.window  # fixtures: the window with its settings file
settings_file = test_settings_dialog.settings_file


def codes():
    return [r.code for r in return_reasons.reasons()]


def test_add_rename_move_and_remove_then_save(qtbot, window, keyboard, settings_file):
    dialog = open_dialog(qtbot, window, keyboard)
    tab = dialog.reasons_tab
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "Returns"
    assert tab.list.count() == len(return_reasons.DEFAULT_REASONS)
    assert tab.list.item(0).text() == "Damaged   (damaged)"
    tab.text.setText("late=Arrived after the sale")
    tab.add()
    tab.text.setText("Damaged")
    tab.add()
    assert "on the list already" in tab.message.text()
    tab.text.setText("!!")
    tab.add()
    assert "no reason" in tab.message.text()
    tab.list.setCurrentRow(0)
    tab.text.setText("Broken in transit")
    tab.rename()
    tab.list.setCurrentRow(1)  # wrong-item
    tab.remove()
    tab.list.setCurrentRow(tab.list.count() - 1)
    tab.move(-1)
    assert codes() == [r.code for r in return_reasons.DEFAULT_REASONS]  # nothing saved yet
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert return_reasons.reasons() == (
        Reason("damaged", "Broken in transit"), Reason("not-as-described", "Not as described"),
        Reason("no-longer-wanted", "No longer wanted"),
        Reason("late", "Arrived after the sale"), Reason("too-late", "Arrived too late"))
    assert settings_file.exists()


def test_the_last_reason_cannot_be_removed(qtbot, window, keyboard):
    return_reasons.save([Reason("damaged", "Damaged")], None)
    dialog = open_dialog(qtbot, window, keyboard)
    tab = dialog.reasons_tab
    tab.list.setCurrentRow(0)
    tab.remove()
    assert "at least one" in tab.message.text()
    assert tab.list.count() == 1 and not tab.dirty
    dialog.reject()


@pytest.fixture
def operator_window(qtbot, db, db_path, scanner, silent_sounds, show_focused, settings_file):
    admin = users.add_user("alex", "admin", "9999", None, badge="BADGE-ALEX")
    users.add_user("sam", "supervisor", "2222", admin.id, badge="BADGE-SAM")
    ana = users.add_user("ana", "operator", "1111", admin.id, badge="BADGE-ANA")
    main = MainWindow(db_path, ana.id, "ana", scanner=scanner, sounds=silent_sounds,
                      save_settings=lambda s: config.save(s, settings_file))
    qtbot.addWidget(main)
    main.resize(1366, 768)
    show_focused(main, main.current_view().entry)
    return main


def test_an_operator_needs_a_supervisors_badge_to_change_them(qtbot, operator_window,
                                                               keyboard, settings_file):
    dialog = open_dialog(qtbot, operator_window, keyboard)
    tab = dialog.reasons_tab
    tab.text.setText("Ordered twice")
    tab.add()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    approval = tab.approval_dialog
    qtbot.waitUntil(approval.isVisible)
    assert "needs a supervisor" in tab.message.text()
    assert "ordered-twice" not in codes() and not settings_file.exists()
    keyboard.scan(operator_window, "BADGE-ANA")  # an operator cannot approve it
    assert "this needs a supervisor" in approval.banner.message
    keyboard.scan(operator_window, "BADGE-SAM")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert codes()[-1] == "ordered-twice"
    assert settings_file.exists()  # the rest of the settings were saved after the approval


def test_a_cancelled_approval_changes_nothing(qtbot, operator_window, keyboard):
    dialog = open_dialog(qtbot, operator_window, keyboard)
    tab = dialog.reasons_tab
    tab.list.setCurrentRow(0)
    tab.remove()
    tab.save_button.click()
    approval = tab.approval_dialog
    qtbot.waitUntil(approval.isVisible)
    qtbot.keyClick(approval, Qt.Key.Key_Escape)
    assert not approval.isVisible()
    assert codes() == [r.code for r in return_reasons.DEFAULT_REASONS]
    assert dialog.isVisible() and tab.dirty
    dialog.reject()
