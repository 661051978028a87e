"""Look and feel: Fusion with a fixed light palette, large fonts, and the colours that mean
ok / warning / error everywhere in the window.

The palette is fixed rather than taken from the desktop so the feedback colours look the same on
every packing-station PC, dark desktop theme or not.
"""

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.stations.base import Level

BASE_FONT_PX = 17
PROMPT_FONT_PX = 36
BANNER_FONT_PX = 28
TABLE_FONT_PX = 19
# The one thing to read from across the room: the bin to go to.
HUGE_FONT_PX = 92
BIG_FONT_PX = 34
CARD_FONT_PX = 24


@dataclass(frozen=True)
class LevelColours:
    background: str
    text: str
    symbol: str  # shown beside the message so the level does not rest on colour alone


LEVEL_COLOURS = {
    Level.OK: LevelColours("#1e7b34", "#ffffff", "✔"),
    Level.WARNING: LevelColours("#f2a900", "#1a1a1a", "⚠"),
    Level.ERROR: LevelColours("#c0262d", "#ffffff", "✖"),
    Level.INFO: LevelColours("#e4e7eb", "#1f2933", "›"),
}

# Table rows: the line just received, and lines received in full.
HIGHLIGHT_ROW = "#fff2a8"
COMPLETE_ROW = "#dff3e3"
COMPLETE_TEXT = "#4f6f57"
OVER_ROW = "#fde3c2"

# Lots past their expiry, and lots expiring soon (EXPIRY_SOON_DAYS): red and amber rows.
EXPIRED_ROW = "#f6c9cc"
EXPIRED_TEXT = "#8a1117"
EXPIRING_ROW = "#fde7b0"
EXPIRING_TEXT = "#6b4a00"
EXPIRY_SOON_DAYS = 30

# The card that shows the one current task (the next pick, the putaway under way).
CARD_STYLE = ("background: #ffffff; border: 2px solid #cbd2d9; border-radius: 8px;")
ACCENT = "#2f6fb3"


def font(px: int, bold: bool = False) -> QFont:
    f = QFont(QApplication.font())
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f5f6f8",
        QPalette.ColorRole.WindowText: "#1f2933",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f0f2f5",
        QPalette.ColorRole.Text: "#1f2933",
        QPalette.ColorRole.Button: "#e9ecef",
        QPalette.ColorRole.ButtonText: "#1f2933",
        QPalette.ColorRole.Highlight: "#2f6fb3",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffdc",
        QPalette.ColorRole.ToolTipText: "#1f2933",
        QPalette.ColorRole.PlaceholderText: "#7b8794",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText,
                     QColor("#9aa5b1"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText,
                     QColor("#9aa5b1"))
    app.setPalette(palette)
    base = QFont(app.font())
    base.setPixelSize(BASE_FONT_PX)
    app.setFont(base)
