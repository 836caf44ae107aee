"""A bar in an autosaving editor for a save someone else's change refused: their value and
name, and the two ways on — "Apply mine again" or "Keep theirs". Non-modal: typing goes on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QStyle, QWidget
from shiboken6 import isValid

from workbench.core.errors import WorkbenchError
from workbench.gui.operations.run import ConflictOffer
from workbench.gui.widgets.autosave import AutosaveField
from workbench.gui.widgets.icons import standard_icon
from workbench.gui.widgets.plain_text import PlainLabel


class ConflictBar(QFrame):
    """Shows the conflict of any field it watches; the buttons decide it."""

    decided = Signal(bool)  # True: mine applied again; False: theirs kept
    failed = Signal(str)  # applying mine again was refused (why)

    def __init__(self, object_name: str = "conflictBar", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = PlainLabel()
        self.text.setObjectName("conflictText")
        self.text.setWordWrap(True)
        self.mine = QPushButton("Apply mine again")
        self.mine.setObjectName("conflictApplyMine")
        self.mine.clicked.connect(lambda: self._decide(True))
        self.theirs = QPushButton("Keep theirs")
        self.theirs.setObjectName("conflictKeepTheirs")
        self.theirs.clicked.connect(lambda: self._decide(False))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        icon = PlainLabel()
        icon.setPixmap(standard_icon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(16, 16))
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.mine)
        layout.addWidget(self.theirs)
        self._field: AutosaveField | None = None
        self._offer: ConflictOffer | None = None
        self.hide()

    def watch(self, field: AutosaveField) -> None:
        field.conflicted.connect(lambda offer: self._show(field, offer))
        field.resolved.connect(lambda: self.hide() if self._field is field else None)

    def _show(self, field: AutosaveField, offer: ConflictOffer) -> None:
        self._field, self._offer = field, offer
        self.text.setText(str(offer))
        self.show()

    def _decide(self, mine: bool) -> None:
        field, offer = self._field, self._offer
        self._field = self._offer = None
        self.hide()
        if field is not None and isValid(field) and field.conflict is offer:
            field.apply_mine() if mine else field.keep_theirs()
        elif mine and offer is not None:  # its editor closed (a table cell): still mine
            try:
                offer.again()
            except WorkbenchError as exc:
                self.failed.emit(str(exc))
                return
        self.decided.emit(mine)
