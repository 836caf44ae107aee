"""The main window: sources, the selected transcript, and the codebook with counts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.project import Project
from workbench.core.values import CodeNode


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def _panel(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(8, 8, 8, 8)
    label = QLabel(title)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


class MainWindow(QMainWindow):
    """Shows one project; the project stays open until ``close_project``."""

    def __init__(self, path: Path | None) -> None:
        super().__init__()
        self.project: Project | None = Project.open(path) if path else None
        self.sources = QListWidget()
        self.sources.setObjectName("sourcesList")
        self.document = QPlainTextEdit()
        self.document.setObjectName("documentView")
        self.document.setReadOnly(True)
        self.document.setFont(QFont("DejaVu Serif", 11))
        self.codebook = QTreeWidget()
        self.codebook.setObjectName("codebookTree")
        self.codebook.setHeaderLabels(["Code", "Codings", "Sources"])
        self.codebook.setColumnWidth(0, 300)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_panel("Sources", self.sources))
        splitter.addWidget(_panel("Document", self.document))
        splitter.addWidget(_panel("Codebook", self.codebook))
        splitter.setSizes([250, 800, 500])
        self.setCentralWidget(splitter)
        self.sources.currentItemChanged.connect(self._source_selected)
        self._load()

    def _load(self) -> None:
        if self.project is None:
            self.setWindowTitle("Qualitative Coding Workbench")
            self.document.setPlainText("Open a project with: workbench PROJECT.qwb (or make run).")
            return
        info = self.project.info()
        self.setWindowTitle(f"{info.name} — Qualitative Coding Workbench")
        for source in self.project.sources.list():
            item = QListWidgetItem(f"{source.name}  ·  {source.codings} codings")
            item.setData(Qt.ItemDataRole.UserRole, source.uuid)
            self.sources.addItem(item)
        for node in self.project.codebook.tree():
            self.codebook.addTopLevelItem(self._code_item(node))
        self.codebook.expandToDepth(0)
        if self.sources.count():
            self.sources.setCurrentRow(0)

    def _code_item(self, node: CodeNode) -> QTreeWidgetItem:
        item = QTreeWidgetItem([node.name, str(node.total_codings), str(node.total_sources)])
        item.setIcon(0, _swatch(node.color))
        item.setData(0, Qt.ItemDataRole.UserRole, node.uuid)
        item.setToolTip(0, node.description)
        for column in (1, 2):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            item.setForeground(column, QBrush(QColor("#666666")))
        for child in node.children:
            item.addChild(self._code_item(child))
        return item

    def _source_selected(self, item: QListWidgetItem | None) -> None:
        if item is None or self.project is None:
            return
        self.document.setPlainText(self.project.sources.text(item.data(Qt.ItemDataRole.UserRole)))

    def show_source_named(self, name: str) -> None:
        for row in range(self.sources.count()):
            if self.sources.item(row).text().split("  ·  ")[0] == name:
                self.sources.setCurrentRow(row)

    def close_project(self) -> None:
        if self.project is not None:
            self.project.close()
            self.project = None
