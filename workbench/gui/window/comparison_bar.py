"""The strip above the transcript while coders are compared side by side: who is compared, how
many disagreements this source has, and a button back to the usual view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from workbench.core.services.coders import initials
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.plain_text import PlainLabel


class ComparisonBar(QWidget):
    """Shown only while ``session.comparison`` is set (objectName ``comparisonBar``)."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonBar")
        self.session = session
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 3, 6, 3)
        self.text = PlainLabel()
        self.text.setObjectName("comparisonText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.text, 1)
        self.stop = QPushButton("Stop comparing")
        self.stop.setObjectName("comparisonStop")
        self.stop.setToolTip("Show the codings as before (View → Show)")
        self.stop.clicked.connect(lambda: session.set_comparison(None))
        layout.addWidget(self.stop)
        self.hide()

    def show_for(self, source: str) -> None:
        comparison = self.session.comparison
        if comparison is None:
            self.hide()
            return
        coders = " · ".join(f"{name} ({initials(name)})" for name in comparison.coders)
        count = len(comparison.spans_in(source)) if source else 0
        here = (
            "no disagreements in this source"
            if count == 0
            else f"{count} disagreement{'s' if count != 1 else ''} in this source, marked in red"
        )
        self.text.setText(f"Side by side, a column each: {coders} — {here}")
        self.show()
