"""The one dialog at the end of an import that lists every file that did not import."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.services.sources import ImportReport
from workbench.gui.widgets.plain_text import escaped, rich_label, tip

_STATUS_TEXT = {
    "imported": "Imported",
    "duplicate": "Already in the project",
    "failed": "Not imported",
}


def summary(report: ImportReport) -> str:
    done, total = len(report.imported), len(report.outcomes)
    noun = "file" if total == 1 else "files"
    return f"{done} of {total} {noun} imported."


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import finished")
        self.resize(720, 360)
        headline = rich_label(
            f"<b>{escaped(summary(report))}</b> The files below were not imported; "
            "everything else is in the project."
        )
        headline.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setObjectName("importProblems")
        self.table.setHeaderLabels(["File", "Result", "What to do"])
        self.table.setRootIsDecorated(False)
        self.table.setWordWrap(True)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for outcome in report.problems:
            item = QTreeWidgetItem(
                [
                    outcome.path.name,
                    _STATUS_TEXT.get(outcome.status, outcome.status),
                    outcome.message,
                ]
            )
            item.setIcon(0, warning)
            item.setToolTip(2, tip(outcome.message))
            item.setToolTip(0, tip(str(outcome.path)))
            self.table.addTopLevelItem(item)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(1, 150)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
