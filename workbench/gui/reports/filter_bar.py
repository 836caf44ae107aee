"""The Reports panel's filters: codes, coders, one case or source attribute condition, sets, and
leaving out interviewer turns. It builds the core ``SegmentFilter``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QToolButton, QWidget

from workbench.core.reports import ReportData, SegmentFilter
from workbench.core.values import AttributeValue
from workbench.gui.codebook.flow_layout import FlowLayout
from workbench.gui.panels.sources_model import attribute_title, format_value
from workbench.gui.reports.choice_button import Choice, ChoiceButton
from workbench.gui.widgets.plain_text import PlainLabel


def attribute_values(data: ReportData, scope: str, name: str) -> list[tuple[str, str]]:
    """(label, key) of the values an attribute takes: its choices in their order, then the
    other values present. Keys are the values as text, as the core compares them."""
    record = next((a for a in data.attributes if a.scope == scope and a.name == name), None)
    if record is None:
        return []
    holders = data.cases.values() if scope == "case" else data.sources.values()
    present: dict[str, AttributeValue] = {}
    for holder in holders:
        value = holder.attributes.get(name)
        if value is not None and value != "":
            present[str(value)] = value
    ordered = [c for c in record.choices if c in present or record.type == "choice"]
    rest = sorted((k for k in present if k not in ordered), key=str.casefold)
    return [(format_value(present.get(k, k), record.type), k) for k in [*ordered, *rest]]


class FilterBar(QWidget):
    """``changed`` fires when any filter changes; ``segment_filter()`` reads them all."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ReportData | None = None
        self.codes = ChoiceButton("Codes", "all", "reportCodesFilter", searchable=True)
        self.codes.setToolTip("Count only segments of these codes (with their sub-codes)")
        self.coders = ChoiceButton("Coders", "all", "reportCodersFilter")
        self.attribute = QComboBox()
        self.attribute.setObjectName("reportAttributeFilter")
        self.attribute.setToolTip("Count only segments of cases or sources with this attribute")
        self.attribute.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.values = ChoiceButton("", "any value", "reportValuesFilter")
        self.sets = ChoiceButton("Sets", "none", "reportSetsFilter")
        self.sets.setToolTip("Count only segments in these source sets or of these code sets")
        self.exclude_interviewer = QCheckBox("Leave out interviewer turns")
        self.exclude_interviewer.setObjectName("reportExcludeInterviewer")
        self.exclude_interviewer.setToolTip(
            "Leave out segments that lie only in turns of the interviewer (or moderator, "
            "facilitator…)"
        )
        self.reset = QToolButton()
        self.reset.setObjectName("reportResetFilters")
        self.reset.setText("Reset")
        self.reset.setAutoRaise(True)
        self.reset.setToolTip("Clear every filter")
        self.reset.clicked.connect(self.clear)

        layout = FlowLayout(self, spacing=6)
        where = QWidget()
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(PlainLabel("Where"))
        row.addWidget(self.attribute)
        row.addWidget(self.values)
        for widget in (
            self.codes,
            self.coders,
            where,
            self.sets,
            self.exclude_interviewer,
            self.reset,
        ):
            layout.addWidget(widget)

        for button in (self.codes, self.coders, self.values, self.sets):
            button.changed.connect(self._changed)
        self.attribute.currentIndexChanged.connect(self._attribute_picked)
        self.exclude_interviewer.toggled.connect(self._changed)
        self._fill_attributes(None)

    # -- filling from a snapshot -------------------------------------------------------------
    def refill(self, data: ReportData) -> None:
        """Offer the codes, coders, attributes and sets of ``data`` (choices that still exist
        stay chosen; no ``changed`` signal)."""
        self._data = data
        for widget in (self.codes, self.coders, self.sets, self.values, self.attribute):
            widget.blockSignals(True)
        self.codes.set_choices(
            [
                Choice(c.name, c.uuid, c.depth, c.color, c.path.replace("/", " › "))
                for c in data.codes
            ]
        )
        self.coders.set_choices([Choice(name, name) for name in data.coders])
        kinds = {"source": "Source set", "code": "Code set"}
        self.sets.set_choices(
            [
                Choice(f"{s.name}  ({kinds.get(s.kind, s.kind)})", f"{s.kind}:{s.uuid}")
                for s in data.sets
                if s.kind in kinds
            ]
        )
        self._fill_attributes(data)
        self._fill_values()
        for widget in (self.codes, self.coders, self.sets, self.values, self.attribute):
            widget.blockSignals(False)

    def _fill_attributes(self, data: ReportData | None) -> None:
        chosen = self.attribute.currentData()
        self.attribute.clear()
        self.attribute.addItem("any attribute", "")
        if data is not None:
            for record in data.attributes:
                scope = "Case" if record.scope == "case" else "Source"
                self.attribute.addItem(
                    f"{scope} · {attribute_title(record.name)}", f"{record.scope}:{record.name}"
                )
        at = self.attribute.findData(chosen) if chosen else -1
        self.attribute.setCurrentIndex(max(0, at))

    def _chosen_attribute(self) -> tuple[str, str] | None:
        """(scope, name) of the attribute condition, if one is chosen."""
        data = str(self.attribute.currentData() or "")
        if ":" not in data:
            return None
        scope, name = data.split(":", 1)
        return scope, name

    def _fill_values(self) -> None:
        chosen = self._chosen_attribute()
        items: list[tuple[str, str]] = []
        if chosen is not None and self._data is not None:
            items = attribute_values(self._data, *chosen)
        self.values.set_choices([Choice(label, key) for label, key in items])
        self.values.setEnabled(chosen is not None and bool(items))

    # -- reading -----------------------------------------------------------------------------
    def segment_filter(self) -> SegmentFilter:
        """The filter the widgets describe."""
        chosen = self._chosen_attribute()
        values = self.values.keys()
        case_attributes: dict[str, tuple[AttributeValue, ...]] = {}
        source_attributes: dict[str, tuple[AttributeValue, ...]] = {}
        if chosen is not None and values:
            target = case_attributes if chosen[0] == "case" else source_attributes
            target[chosen[1]] = tuple(values)
        sets = self.sets.keys()
        return SegmentFilter(
            codes=self.codes.keys(),
            coders=self.coders.keys(),
            source_sets=tuple(k.split(":", 1)[1] for k in sets if k.startswith("source:")),
            code_sets=tuple(k.split(":", 1)[1] for k in sets if k.startswith("code:")),
            case_attributes=case_attributes,
            source_attributes=source_attributes,
            exclude_interviewer=self.exclude_interviewer.isChecked(),
        )

    def set_attribute(self, scope: str, name: str, values: list[str]) -> None:
        """Choose one attribute condition (as if picked in the combos)."""
        at = self.attribute.findData(f"{scope}:{name}")
        if at < 0:
            raise KeyError(name)
        self.attribute.setCurrentIndex(at)
        self.values.set_keys(values)

    def clear(self) -> None:
        """Every filter back to "all"; one ``changed``."""
        self.blockSignals(True)
        for button in (self.codes, self.coders, self.sets):
            button.clear()
        self.attribute.setCurrentIndex(0)
        self.exclude_interviewer.setChecked(False)
        self.blockSignals(False)
        self.changed.emit()

    def _attribute_picked(self, _index: int) -> None:
        had_values = bool(self.values.keys())
        self.values.blockSignals(True)
        self.values.set_keys([])
        self._fill_values()
        self.values.blockSignals(False)
        if had_values:
            self.changed.emit()

    def _changed(self, *_args: object) -> None:
        self.changed.emit()
