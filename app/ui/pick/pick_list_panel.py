"""The band that shows a new pick list's number big, with its barcode, so it can be scanned or
typed at the Pick page."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui import theme
from app.ui.widgets.barcode_image import barcode_pixmap
from app.ui.widgets.cards import caption, label


class PickListPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pickListPanel")
        self.setStyleSheet(f"#pickListPanel {{ {theme.CARD_STYLE} border-color: "
                           f"{theme.ACCENT}; }}")
        self.number = label(theme.BIG_FONT_PX + 10, bold=True, name="pickListNumber",
                            colour=theme.ACCENT)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.barcode = QLabel()
        self.barcode.setObjectName("pickListBarcode")
        self.orders = label(theme.BASE_FONT_PX + 1, name="pickListOrders", wrap=True)
        close = QPushButton("Hide")
        close.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        close.setAutoDefault(False)
        close.clicked.connect(self.hide)
        number_box = QVBoxLayout()
        number_box.setSpacing(0)
        number_box.addWidget(caption("New pick list"))
        number_box.addWidget(self.number)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 12, 6)
        layout.setSpacing(20)
        layout.addLayout(number_box)
        layout.addWidget(self.barcode)
        layout.addWidget(self.orders, 1)
        layout.addWidget(close)
        self.hide()

    def show_pick_list(self, number: str, orders: Sequence[str]) -> None:
        self.number.setText(number)
        self.barcode.setPixmap(barcode_pixmap(number, module_px=2, height_px=56))
        self.orders.setText(f"For {', '.join(orders)}. Open the Pick page (F4) and scan or "
                            f"type {number}.")
        self.show()
