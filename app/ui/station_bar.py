"""The bar of stations on the window's left: a button per page with its key, in the order of
the keys, a count badge in a button's corner where a page has one, and at the foot who is
logged in and Settings, always in sight.

The bar only shows; the window decides what a click or a key does.
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui import theme
from app.ui.pages import StationPage

BAR_STYLE = (
    "#stationBar { background: #27313d; }"
    "#stationBar QPushButton { color: #e4e7eb; background: transparent; border: none;"
    " border-left: 6px solid transparent; padding: 6px 8px; text-align: left; }"
    "#stationBar QPushButton:checked { background: #3b4856; color: white;"
    " border-left: 6px solid #f2a900; }")
BADGE_STYLE = "background: #c62828; color: white; border-radius: 9px; padding: 1px 6px;"


def page_order(key: str) -> tuple[int, int, bool]:
    """Pages sit in the order of their function keys (F7, then Shift+F7, then F9), then the
    pages on other keys (Ctrl+H)."""
    number = key.rsplit("F", 1)[-1]
    if "F" in key and number.isdigit():
        return 0, int(number), key.startswith("Shift+")
    return 1, 0, False


def _object_name(title: str) -> str:
    return title.lower().replace(" ", "_")


class StationBar(QWidget):
    """A checkable button per page (ids are the pages' indexes), the log-out button and the
    settings button."""

    def __init__(self, pages: Sequence[StationPage], settings_key: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationBar")
        # Room for the longest key ("Shift+F11") and a page's count badge beside it.
        self.setFixedWidth(168)
        self.setStyleSheet(BAR_STYLE)
        # A QWidget subclass paints a style sheet's background only when asked to.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        self.badges: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 12)
        layout.setSpacing(4)
        self.scroller = self._page_buttons(pages)
        layout.addWidget(self.scroller, 1)

        self.logout_button = QPushButton()
        self.logout_button.setObjectName("logoutButton")
        self.logout_button.setFont(theme.font(13, bold=True))
        self.logout_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.logout_button)
        self.settings_button = QPushButton(f"{settings_key}\nSettings")
        self.settings_button.setFont(theme.font(16, bold=True))
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.settings_button)

    def _page_buttons(self, pages: Sequence[StationPage]) -> QScrollArea:
        # The page buttons scroll when a small screen has no room for all of them; every page
        # is on its key anyway.
        box = QWidget()
        box.setObjectName("stationPages")
        box.setStyleSheet("#stationPages { background: transparent; }")
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(4)
        for index, page in enumerate(pages):
            button = QPushButton(f"{page.key}\n{page.title}")
            button.setObjectName(f"station_{_object_name(page.title)}")
            button.setCheckable(True)
            button.setFont(theme.font(19, bold=True))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # Ten pages and the person's name still fit a 768-pixel-high screen.
            button.setMinimumHeight(56)
            self.buttons.addButton(button, index)
            box_layout.addWidget(button)
        box_layout.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidget(box)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.viewport().setStyleSheet("background: transparent;")
        return scroller

    def add_badge(self, index: int, title: str) -> QLabel:
        """A count in the corner of the page's button, hidden until it has one."""
        badge = QLabel(self.buttons.button(index))
        badge.setObjectName(f"badge_{_object_name(title)}")
        badge.setFont(theme.font(13, bold=True))
        badge.setStyleSheet(BADGE_STYLE)
        badge.hide()
        self.badges[title] = badge
        return badge

    @staticmethod
    def show_badge(badge: QLabel, text: str) -> None:
        badge.setText(text)
        badge.setVisible(bool(text))
        badge.adjustSize()
        button = badge.parentWidget()
        badge.move(button.width() - badge.width() - 4, 4)

    def show_current(self, index: int) -> None:
        """Check the page's button and scroll it into sight (a short screen scrolls the bar)."""
        button = self.buttons.button(index)
        button.setChecked(True)
        self.scroller.ensureWidgetVisible(button, 0, 0)

    def uncheck_all(self) -> None:
        for button in self.buttons.buttons():
            button.setChecked(False)
