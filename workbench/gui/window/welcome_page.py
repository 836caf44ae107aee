"""The page shown when no project is open: new, open, the demo, and recent projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.widgets.plain_text import PlainLabel, tip

PATH_ROLE = Qt.ItemDataRole.UserRole


class WelcomePage(QWidget):
    """Buttons for the first step of a session; emits what the user chose."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)  # path of a recent project

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(640)
        card.setAutoFillBackground(True)
        card.setBackgroundRole(QPalette.ColorRole.Base)
        title = PlainLabel("Qualitative Coding Workbench")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        title.setFont(font)
        tagline = PlainLabel(
            "Code interview transcripts, build your codebook and themes, and share the work "
            "with your team. Every change is saved as you make it."
        )
        tagline.setWordWrap(True)
        style = self.style()
        self.new_button = self._button(
            "New project…", style.standardIcon(QStyle.StandardPixmap.SP_FileIcon), "welcomeNew"
        )
        self.open_button = self._button(
            "Open project…",
            style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
            "welcomeOpen",
        )
        self.demo_button = self._button(
            "Open the demo study",
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView),
            "welcomeDemo",
        )
        self.demo_button.setToolTip(
            "A digital-mentorship interview study: 25 participants, a three-level codebook and "
            "two coders' work. You get your own copy; the original stays untouched."
        )
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        for button in (self.new_button, self.open_button, self.demo_button):
            buttons.addWidget(button)
        recent_title = PlainLabel("Recent projects")
        bold = recent_title.font()
        bold.setBold(True)
        recent_title.setFont(bold)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("welcomeRecent")
        self.recent_list.setIconSize(QSize(20, 20))
        self.recent_list.setMinimumHeight(160)
        self.recent_list.itemActivated.connect(self._activated)
        self.recent_list.itemDoubleClicked.connect(self._activated)
        self.no_recent = PlainLabel("Projects you open appear here.")
        self.no_recent.setEnabled(False)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(title)
        inner.addWidget(tagline)
        inner.addSpacing(6)
        inner.addLayout(buttons)
        inner.addSpacing(10)
        inner.addWidget(recent_title)
        inner.addWidget(self.recent_list)
        inner.addWidget(self.no_recent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _button(self, text: str, icon: QIcon, name: str) -> QPushButton:
        button = QPushButton(icon, text)
        button.setObjectName(name)
        button.setMinimumHeight(40)
        button.setIconSize(QSize(20, 20))
        return button

    def set_recent(self, paths: list[Path]) -> None:
        self.recent_list.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for path in paths:
            item = QListWidgetItem(icon, f"{path.stem}\n{path.parent}")
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(tip(str(path)))
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)

    def _activated(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(str(item.data(PATH_ROLE)))
