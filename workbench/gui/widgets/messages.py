"""The inline message bar panels show under their content: a refusal or a short confirmation."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QStyle, QToolButton, QWidget

from workbench.gui.widgets.icons import standard_icon
from workbench.gui.widgets.plain_text import PlainLabel


class MessageBar(QFrame):
    """A slim, dismissable message tinted by its kind: an error stays until dismissed or
    replaced, a confirmation hides itself after a few seconds."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.setSpacing(8)
        self.icon = PlainLabel()
        self.text = PlainLabel()
        self.text.setObjectName(object_name + "Text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setAutoRaise(True)
        close.setIcon(standard_icon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.setIconSize(QSize(10, 10))
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_error(self, message: str) -> None:
        self._show(message, QStyle.StandardPixmap.SP_MessageBoxWarning, "#d9822b", 0)

    def show_info(self, message: str) -> None:
        self._show(message, QStyle.StandardPixmap.SP_MessageBoxInformation, "#3d8fd1", 6000)

    def message(self) -> str:
        """The message shown, or "" while hidden."""
        return "" if self.isHidden() else self.text.text()

    def _show(self, message: str, pixmap: QStyle.StandardPixmap, accent: str, ms: int) -> None:
        self.icon.setPixmap(standard_icon(pixmap).pixmap(16, 16))
        self.text.setText(message)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        tint = QColor(accent)
        mixed = QColor(
            round(base.red() * 0.85 + tint.red() * 0.15),
            round(base.green() * 0.85 + tint.green() * 0.15),
            round(base.blue() * 0.85 + tint.blue() * 0.15),
        )
        palette.setColor(QPalette.ColorRole.Window, mixed)
        self.setPalette(palette)
        self.show()
        self._timer.stop()
        if ms:
            self._timer.start(ms)
