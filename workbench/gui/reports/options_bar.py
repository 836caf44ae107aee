"""Each report kind's options, one page per kind; ``spec(kind)`` reads them as a ReportSpec."""

from __future__ import annotations

from typing import Literal, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.reports import ReportData
from workbench.core.reports.stop_words import DEFAULT_LANGUAGE, LANGUAGES
from workbench.gui.codebook.flow_layout import FlowLayout
from workbench.gui.panels.sources_model import attribute_title
from workbench.gui.reports.coder_chooser import CoderChooser
from workbench.gui.reports.report_spec import (
    CHOSEN_CODES,
    Kind,
    ReportSpec,
    level_name,
    parse_words,
    stop_words,
)
from workbench.gui.widgets.plain_text import PlainLabel

ScopeKind = Literal["case", "source"]
ALL_LEVELS = -2  # item data for "no level limit" (combo data are plain ints, never None)


def _combo(name: str, items: list[tuple[str, object]], tip: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setToolTip(tip)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _spin(name: str, low: int, high: int, value: int, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(tip)
    spin.setKeyboardTracking(False)
    return spin


def _page(*widgets: QWidget) -> QWidget:
    """A row of options that wraps onto more lines in a narrow panel."""
    page = QWidget()
    layout = FlowLayout(page, spacing=8)
    for widget in widgets:
        layout.addWidget(widget)
    return page


def _labelled(text: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    label = PlainLabel(text)
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


def _level(data: object) -> int | None:
    """A level combo's item data: a depth, CHOSEN_CODES, or ALL_LEVELS (None: no limit)."""
    return None if data is None or data == ALL_LEVELS else int(str(data))


class OptionsBar(QWidget):
    """``changed`` fires when an option of any kind changes; only the shown kind's page is
    visible (hidden pages take no room)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: dict[str, QWidget] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.coders = CoderChooser("reportCoders")
        self._layout.addWidget(_page(_labelled("Whose codings", self.coders)))
        self.max_depth = _combo("reportLevels", [], "Which levels of the codebook to list")
        self.rollup = QCheckBox("Count sub-codes in their parents")
        self.rollup.setObjectName("reportRollup")
        self.rollup.setChecked(True)
        self._add("frequencies", _labelled("Show", self.max_depth), self.rollup)

        self.co_rows = _combo("reportCoRows", [], "The codes compared with each other")
        self.proximity = _spin(
            "reportProximity", 0, 100_000, 0, "0: segments must overlap; more: may lie this close"
        )
        self.proximity.setSpecialValueText("overlapping")
        self.proximity.setSuffix(" characters")
        self.same_coder = QCheckBox("Pair only codings by the same coder")
        self.same_coder.setObjectName("reportSameCoder")
        self.same_coder.setChecked(True)
        self.same_coder.setToolTip(
            "Two passages co-occur when one coder's codings of both overlap; unchecked, "
            "codings of different coders are paired too"
        )
        self._add(
            "cooccurrence",
            _labelled("Codes", self.co_rows),
            _labelled("Within", self.proximity),
            self.same_coder,
        )

        self.attribute = _combo(
            "reportMatrixAttribute", [], "The columns: values of this attribute"
        )
        self.matrix_rows = _combo("reportMatrixRows", [], "The rows of the matrix")
        self.count_kind = _combo(
            "reportMatrixCount",
            [("Cases", "cases"), ("Passages", "segments")],
            "Count the cases with such passages, or the passages",
        )
        self.percent = _combo(
            "reportMatrixPercent",
            [
                ("No percentages", "none"),
                ("Row percentages", "row"),
                ("Column percentages", "column"),
            ],
        )
        self._add(
            "matrix",
            _labelled("Codes", self.matrix_rows),
            _labelled("by", self.attribute),
            _labelled("Count", self.count_kind),
            self.percent,
        )

        self.within = _combo(
            "reportWordsScope",
            [("Whole sources", False), ("Coded segments only", True)],
            "Count words of the sources, or only of the segments the filters select",
        )
        self.min_length = _spin("reportMinLength", 1, 30, 3, "Shorter words are not counted")
        self.limit = _spin("reportWordLimit", 10, 5000, 100, "How many words to list")
        self.stop_language = _combo(
            "reportStopWords",
            [("none", ""), *((name, code) for code, name in LANGUAGES.items())],
            "Leave out the common words (the, and, of…) of this language",
        )
        self.stop_language.setCurrentIndex(self.stop_language.findData(DEFAULT_LANGUAGE))
        self.without_interviewer = QCheckBox("Leave out the interviewer")
        self.without_interviewer.setObjectName("reportWordsWithoutInterviewer")
        self.without_interviewer.setToolTip("Count only what the participants said")
        self.without_interviewer.setChecked(True)
        self.extra = QLineEdit()
        self.extra.setObjectName("reportExtraStopWords")
        self.extra.setPlaceholderText("also leave out… (comma separated)")
        self.extra.setMinimumWidth(200)
        self._add(
            "words",
            _labelled("Count in", self.within),
            _labelled("Min. letters", self.min_length),
            _labelled("Top", self.limit),
            _labelled("Stop words", self.stop_language),
            self.extra,
            self.without_interviewer,
        )
        hint = PlainLabel("Every coded segment the filters select, with case, source, ¶ and coder.")
        hint.setObjectName("reportRetrievalHint")
        self._add("retrieval", hint)

        for combo in (self.max_depth, self.co_rows, self.attribute, self.matrix_rows):
            combo.currentIndexChanged.connect(self._changed)
        for combo in (self.count_kind, self.percent, self.within, self.stop_language):
            combo.currentIndexChanged.connect(self._changed)
        for check in (self.rollup, self.same_coder, self.without_interviewer):
            check.toggled.connect(self._changed)
        for spin in (self.proximity, self.min_length, self.limit):
            spin.valueChanged.connect(self._changed)
        self.extra.editingFinished.connect(self._changed)
        self._fill_levels(2)

    def _add(self, kind: Kind, *widgets: QWidget) -> None:
        page = _page(*widgets)
        page.setObjectName(f"reportOptions_{kind}")
        page.hide()
        self._pages[kind] = page
        self._layout.addWidget(page)

    def show_kind(self, kind: Kind) -> None:
        for name, page in self._pages.items():
            page.setVisible(name == kind)

    # -- filling -----------------------------------------------------------------------------
    def refill(self, data: ReportData) -> None:
        """Offer the levels and attributes of ``data`` (keeping the choices; no signal)."""
        self.blockSignals(True)
        self.coders.offer(data.coders)
        deepest = max((c.depth for c in data.codes), default=0)
        self._fill_levels(deepest)
        chosen = self.attribute.currentData()
        self.attribute.clear()
        for record in data.attributes:
            scope = "case" if record.scope == "case" else "source"
            label = attribute_title(record.name) + ("" if scope == "case" else " (source)")
            self.attribute.addItem(label, f"{scope}:{record.name}")
        at = self.attribute.findData(chosen) if chosen else -1
        self.attribute.setCurrentIndex(max(0, at))
        self.blockSignals(False)

    def _fill_levels(self, deepest: int) -> None:
        levels = [(level_name(d), d) for d in range(deepest + 1)]
        shown: list[tuple[str, object]] = [("All levels", ALL_LEVELS), ("Themes", 0)]
        shown += [(f"Down to {level_name(d).lower()}", d) for d in range(1, deepest)]
        rows: list[tuple[str, object]] = [*levels, ("Each code with codings", ALL_LEVELS)]
        rows.append(("The codes chosen in the filter", CHOSEN_CODES))
        for combo, items, default in (
            (self.max_depth, shown, None),
            (self.co_rows, rows, min(1, deepest)),
            (self.matrix_rows, rows, 0),
        ):
            chosen = combo.currentData() if combo.count() else default
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            at = combo.findData(chosen)
            combo.setCurrentIndex(at if at >= 0 else 0)
            combo.blockSignals(False)

    # -- reading -----------------------------------------------------------------------------
    def spec(self, kind: Kind) -> ReportSpec:
        """The options of ``kind`` as a ReportSpec."""
        level = (
            self.co_rows.currentData() if kind == "cooccurrence" else self.matrix_rows.currentData()
        )
        attribute = str(self.attribute.currentData() or "case:")
        scope, name = attribute.split(":", 1)
        return ReportSpec(
            kind=kind,
            rollup=self.rollup.isChecked(),
            coders=self.coders.scope(),
            max_depth=_level(self.max_depth.currentData()),
            level=_level(level),
            proximity=self.proximity.value(),
            same_coder=self.same_coder.isChecked(),
            attribute=name,
            scope=cast(ScopeKind, scope),
            count=cast(Literal["cases", "segments"], self.count_kind.currentData()),
            percent=cast(Literal["none", "row", "column"], self.percent.currentData()),
            within_codings=bool(self.within.currentData()),
            min_length=self.min_length.value(),
            limit=self.limit.value(),
            stop_words=stop_words(
                str(self.stop_language.currentData()), parse_words(self.extra.text())
            ),
            words_without_interviewer=self.without_interviewer.isChecked(),
        )

    def _changed(self, *_args: object) -> None:
        self.changed.emit()
