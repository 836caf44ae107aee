"""The Sources panel's set chooser: "All sources" or one source set, and a menu of set actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMenu, QStyle, QToolButton, QWidget

from workbench.core.values import SetInfo
from workbench.gui.widgets.icons import standard_icon


class SourceSetBar(QWidget):
    """A combo of source sets; ``set_chosen`` fires when the user picks another one."""

    set_chosen = Signal()

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sets: list[SetInfo] = []
        self.combo = QComboBox()
        self.combo.setObjectName("sourceSetCombo")
        self.combo.setToolTip("Show all sources or only the sources in one set")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(12)
        button = QToolButton()
        button.setObjectName("sourceSetsButton")
        button.setToolTip("Make or change source sets from the selected sources")
        button.setIcon(standard_icon(QStyle.StandardPixmap.SP_DirIcon))
        button.setText("Sets")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setFixedHeight(self.combo.sizeHint().height())
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.addActions(actions)
        button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.combo)
        layout.addWidget(button)
        self.combo.currentIndexChanged.connect(self._picked)

    def _picked(self, _index: int) -> None:
        self.set_chosen.emit()

    def set_sets(self, sets: list[SetInfo], total: int) -> None:
        """Offer these sets (the chosen one stays chosen while it exists); no signal."""
        self._sets = list(sets)
        chosen = self.combo.currentData() or ""
        folder = standard_icon(QStyle.StandardPixmap.SP_DirIcon)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(f"All sources ({total})", "")
        for info in sets:
            self.combo.addItem(folder, f"{info.name} ({len(info.members)})", info.uuid)
        self.combo.setCurrentIndex(max(self.combo.findData(chosen), 0))
        self.combo.blockSignals(False)

    def sets(self) -> list[SetInfo]:
        return list(self._sets)

    def chosen(self) -> SetInfo | None:
        """The set being shown, or None for all sources."""
        uuid = self.combo.currentData() or ""
        return next((s for s in self._sets if s.uuid == uuid), None)

    def members(self) -> frozenset[str] | None:
        chosen = self.chosen()
        return frozenset(chosen.members) if chosen is not None else None
