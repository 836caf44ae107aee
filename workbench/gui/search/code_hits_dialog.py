""" "Code all hits…": choose a code and what to code (each hit, or its sentence, paragraph or
speaker turn), with a preview of how many passages that codes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.project import Project
from workbench.core.search import SearchHit, hit_ranges
from workbench.core.text.units import Unit
from workbench.gui.widgets.colors import swatch_icon
from workbench.gui.widgets.plain_text import PlainLabel

UNIT_LABELS: tuple[tuple[Unit, str], ...] = (
    ("hit", "Each hit (the words found)"),
    ("sentence", "The sentence around each hit"),
    ("paragraph", "The paragraph around each hit"),
    ("turn", "The speaker turn around each hit"),
)


@dataclass(frozen=True)
class CodeAllChoice:
    """What to code: ``code`` (uuid) on every hit's ``unit``."""

    code: str
    unit: Unit


# project, the hits, a suggested code (uuid or None) → the choice, or None if cancelled
ChooseCodeAll = Callable[[Project, Sequence[SearchHit], "str | None"], "CodeAllChoice | None"]


class CodeAllHitsDialog(QDialog):
    def __init__(
        self,
        project: Project,
        hits: Sequence[SearchHit],
        suggested: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("codeAllHitsDialog")
        self.setWindowTitle("Code all hits")
        self._project = project
        self._hits = [h for h in hits if h.kind == "source"]
        self._counts: dict[Unit, tuple[int, int]] = {}
        self.code = QComboBox()
        self.code.setObjectName("codeAllCode")
        for node in project.codebook.all():
            self.code.addItem(swatch_icon(node.color), node.path.replace("/", " › "), node.uuid)
        if suggested is not None and (at := self.code.findData(suggested)) >= 0:
            self.code.setCurrentIndex(at)
        self.units = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(PlainLabel(f"Apply a code to the {len(self._hits):,} hits in sources:"))
        layout.addWidget(self.code)
        layout.addWidget(PlainLabel("Code"))
        for order, (unit, label) in enumerate(UNIT_LABELS):
            button = QRadioButton(label)
            button.setObjectName(f"codeAllUnit_{unit}")
            button.setChecked(order == 0)
            self.units.addButton(button, order)
            layout.addWidget(button)
        self.preview = PlainLabel()
        self.preview.setObjectName("codeAllPreview")
        self.preview.setWordWrap(True)
        layout.addWidget(self.preview)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Code")
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.units.idToggled.connect(self._toggled)
        self.code.currentIndexChanged.connect(lambda _i: self._update())
        self._update()

    @property
    def unit(self) -> Unit:
        return UNIT_LABELS[max(0, self.units.checkedId())][0]

    def choice(self) -> CodeAllChoice | None:
        code = self.code.currentData()
        return CodeAllChoice(str(code), self.unit) if code else None

    def passages(self) -> int:
        """How many ranges the current choice codes."""
        return self._count(self.unit)[0]

    def _count(self, unit: Unit) -> tuple[int, int]:
        if unit not in self._counts:
            try:
                ranges = hit_ranges(self._project, self._hits, unit)
            except WorkbenchError:
                ranges = []
            self._counts[unit] = (len(ranges), len({source for source, _, _ in ranges}))
        return self._counts[unit]

    def _toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._update()

    def _update(self) -> None:
        passages, sources = self._count(self.unit)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not self.code.count():
            self.preview.setText("The codebook is empty: add a code first.")
            ok.setEnabled(False)
            return
        name = self.code.currentText()
        self.preview.setText(
            f"Codes {passages:,} passage{'s' if passages != 1 else ''} in {sources:,} "
            f"source{'s' if sources != 1 else ''} with “{name}” — one step to undo."
        )
        ok.setEnabled(passages > 0)


def code_all_dialog(parent: QWidget) -> ChooseCodeAll:
    """The default chooser: a modal CodeAllHitsDialog."""

    def choose(
        project: Project, hits: Sequence[SearchHit], suggested: str | None
    ) -> CodeAllChoice | None:
        dialog = CodeAllHitsDialog(project, hits, suggested, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    return choose
