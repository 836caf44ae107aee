"""The filter bar of the Segments panel: whose codings, case, and case attribute = value."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from workbench.core.reports.passages import CoderScope
from workbench.core.values import AttributeInfo, CaseInfo, Segment
from workbench.gui.panels.sources_model import attribute_title, format_value
from workbench.gui.widgets.labels import small_label


def _combo(name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(9)
    return combo


CONSENSUS, SIDE_BY_SIDE = "\x00consensus", "\x00side"  # never a coder's name


def _refill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
    """Replace the items, keeping the chosen one when it is still offered."""
    chosen = combo.currentData() or ""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, "")
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)


class SegmentFilters(QWidget):
    """Four combos; ``changed`` fires when the user picks another filter."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseInfo] = []
        self._attributes: list[AttributeInfo] = []
        self.coder_combo = _combo(
            "segmentsCoderFilter",
            "Whose codings: every coder's merged into passages, only passages every coder "
            "marked, one coder's, or each coding on its own",
        )
        self.case_combo = _combo("segmentsCaseFilter", "Show the segments of one case")
        self.attribute_combo = _combo(
            "segmentsAttributeFilter", "Show segments of cases with this attribute value"
        )
        self.value_combo = _combo("segmentsValueFilter", "The attribute value")

        # One row: every list's first item says what it filters ("All coders merged", "All
        # cases", "Any attribute"), so the segments below get the height.
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        names = ("Whose codings", "Case", "Where (attribute)", "Attribute value")
        combos = (self.coder_combo, self.case_combo, self.attribute_combo, self.value_combo)
        for name, combo in zip(names, combos, strict=True):
            combo.setAccessibleName(name)
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            row.addWidget(combo, 1)
            if combo is self.attribute_combo:
                equals = small_label("=")
                equals.setAlignment(Qt.AlignmentFlag.AlignCenter)
                row.addWidget(equals)

        for combo in (self.coder_combo, self.case_combo, self.value_combo):
            combo.currentIndexChanged.connect(self._picked)
        self.attribute_combo.currentIndexChanged.connect(self._attribute_picked)

    def refill(
        self, coders: list[str], cases: list[CaseInfo], attributes: list[AttributeInfo]
    ) -> None:
        """Offer these coders, cases and case attributes (choices survive when still offered)."""
        self._cases, self._attributes = list(cases), list(attributes)
        _refill(
            self.coder_combo,
            "All coders merged",
            [
                ("Consensus only", CONSENSUS),
                *[(n, n) for n in coders],
                ("Each coder side by side", SIDE_BY_SIDE),
            ],
        )
        _refill(self.case_combo, "All cases", [(c.name, c.name) for c in cases])
        _refill(
            self.attribute_combo,
            "Any attribute",
            [(attribute_title(a.name), a.name) for a in attributes],
        )
        self._fill_values()

    def _fill_values(self) -> None:
        attr = self._attribute()
        values: list[str] = []
        if attr is not None:
            present = {format_value(c.attributes.get(attr.name), attr.type) for c in self._cases}
            ordered = list(attr.choices) if attr.type == "choice" else sorted(present)
            values = [v for v in ordered if v]
        _refill(self.value_combo, "any value", [(v, v) for v in values])
        self.value_combo.setEnabled(attr is not None)

    def coder_scope(self) -> CoderScope | None:
        """Whose codings, merged into passages; None: each coding on its own (side by side)."""
        chosen = self.coder_combo.currentData() or ""
        if chosen == SIDE_BY_SIDE:
            return None
        if chosen == CONSENSUS:
            return CoderScope("consensus")
        return CoderScope.of([chosen] if chosen else [])

    def _attribute(self) -> AttributeInfo | None:
        name = self.attribute_combo.currentData() or ""
        return next((a for a in self._attributes if a.name == name), None)

    def _picked(self, _index: int) -> None:
        self.changed.emit()

    def _attribute_picked(self, _index: int) -> None:
        self._fill_values()
        self.changed.emit()

    def _case_names_with_value(self) -> set[str] | None:
        attr = self._attribute()
        value = self.value_combo.currentData() or ""
        if attr is None or not value:
            return None
        return {
            c.name
            for c in self._cases
            if format_value(c.attributes.get(attr.name), attr.type) == value
        }

    def apply(self, segments: list[Segment]) -> list[Segment]:
        """The segments that pass the coder, case and attribute filters."""
        coder = self.coder_combo.currentData() or ""
        coder = "" if coder in (CONSENSUS, SIDE_BY_SIDE) else coder
        case = self.case_combo.currentData() or ""
        with_value = self._case_names_with_value()
        return [
            s
            for s in segments
            if (not coder or s.coder == coder)
            and (not case or case in s.cases)
            and (with_value is None or bool(with_value.intersection(s.cases)))
        ]
