"""What the Reports panel asks for (a kind, its options and a filter) and the computation the
worker runs for it. Plain Python: no widget is touched here."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from workbench.core.errors import ValidationError
from workbench.core.reports import (
    ENGLISH_STOP_WORDS,
    CoderScope,
    ReportData,
    ReportTable,
    SegmentFilter,
    attribute_matrix,
    code_cooccurrence,
    code_frequencies,
    load_report_data,
    segments_for,
    word_frequencies,
)
from workbench.core.reports.retrieval import scoped_codings
from workbench.core.reports.stop_words import stop_words_for
from workbench.core.values import Segment

if TYPE_CHECKING:
    from workbench.core.project import Project

Kind = Literal["frequencies", "cooccurrence", "matrix", "words", "retrieval"]

KINDS: tuple[tuple[Kind, str, str], ...] = (
    ("frequencies", "Frequencies", "Passages, sources and cases per code, rolled up the tree"),
    ("cooccurrence", "Co-occurrence", "How often passages of two codes overlap or lie close"),
    ("matrix", "Code × attribute", "Codes against the values of a case or source attribute"),
    ("words", "Word frequency", "The most frequent words of the sources or of coded segments"),
    ("retrieval", "Retrieval", "Every segment the filters select, ready to quote"),
)
CHOSEN_CODES = -1  # axis "level": the codes chosen in the filter
RETRIEVAL_SHOWN = 500  # segments listed in the panel; exports write all of them


def level_name(depth: int) -> str:
    """Themes, categories and concepts are the codebook's first three levels."""
    return ("Themes", "Categories", "Concepts")[depth] if depth < 3 else f"Level {depth + 1}"


@dataclass(frozen=True)
class ReportSpec:
    """A report kind and its options (each kind reads only its own)."""

    kind: Kind = "frequencies"
    rollup: bool = True
    coders: CoderScope = field(default_factory=CoderScope)  # whose codings count
    max_depth: int | None = None
    level: int | None = 0  # matrix rows: a depth, None (codes with codings) or CHOSEN_CODES
    proximity: int = 0
    same_coder: bool = True
    attribute: str = ""
    scope: Literal["case", "source"] = "case"
    count: Literal["cases", "segments"] = "cases"
    percent: Literal["none", "row", "column"] = "none"
    within_codings: bool = False
    min_length: int = 3
    limit: int = 100
    stop_words: frozenset[str] = field(default=ENGLISH_STOP_WORDS)
    words_without_interviewer: bool = True  # word frequency leaves the interviewer's turns out


@dataclass(frozen=True)
class ReportResult:
    """A computed report and the snapshot it was computed from (cell segments use the same)."""

    spec: ReportSpec
    flt: SegmentFilter
    data: ReportData
    revision: int
    table: ReportTable | None = None
    segments: tuple[Segment, ...] = ()
    total: int = 0  # retrieval: segments the filter selects (``segments`` shows the first ones)


def _axis(spec: ReportSpec, flt: SegmentFilter) -> tuple[tuple[str, ...] | None, int | None]:
    if spec.level == CHOSEN_CODES:
        return (flt.codes or None), None
    return None, spec.level


def compute_table(
    project: Project, data: ReportData, spec: ReportSpec, flt: SegmentFilter
) -> ReportTable:
    """The table of a counting kind (every kind but retrieval)."""
    codes, depth = _axis(spec, flt)
    if spec.kind == "frequencies":
        return code_frequencies(
            data, flt, rollup=spec.rollup, max_depth=spec.max_depth, coders=spec.coders
        )
    if spec.kind == "cooccurrence":
        return code_cooccurrence(
            data,
            flt,
            codes=codes,
            depth=depth,
            proximity=spec.proximity,
            same_coder=spec.same_coder,
            coders=spec.coders,
        )
    if spec.kind == "matrix":
        return attribute_matrix(
            data,
            spec.attribute,
            flt,
            scope=spec.scope,
            count=spec.count,
            percent=spec.percent,
            codes=codes,
            depth=depth,
            coders=spec.coders,
        )
    if spec.kind == "words":
        without = flt.exclude_interviewer or spec.words_without_interviewer
        return word_frequencies(
            project,
            replace(flt, exclude_interviewer=without),
            within_codings=spec.within_codings,
            min_length=spec.min_length,
            stop_words=spec.stop_words,
            limit=spec.limit,
            data=data,
        )
    raise ValueError(f"{spec.kind} is not a table")


def retrieval_order(
    data: ReportData, flt: SegmentFilter, coders: CoderScope | None = None
) -> list[str]:
    """Coding uuids the filter and the choice of coders select, in the order ``retrieve``
    lists them."""
    order = {data.code_ids[code.uuid]: index for index, code in enumerate(data.codes)}
    chosen = scoped_codings(data, flt, coders)
    chosen.sort(
        key=lambda c: (order[c.code_id], data.sources[c.source_id].name, c.start, c.end, c.coder)
    )
    return [c.uuid for c in chosen]


def run_report(
    project: Project,
    spec: ReportSpec,
    flt: SegmentFilter,
    data: ReportData | None,
    revision: int,
) -> ReportResult:
    """Load a snapshot unless ``data`` is given, then compute (runs on the worker thread)."""
    if data is None:
        revision = project.revision()
        data = load_report_data(project)
    if spec.kind == "matrix" and not spec.attribute:
        spec = _first_attribute(spec, data)
    if spec.kind == "retrieval":
        uuids = retrieval_order(data, flt, spec.coders)
        shown = segments_for(project, uuids[:RETRIEVAL_SHOWN], data=data)
        return ReportResult(spec, flt, data, revision, segments=tuple(shown), total=len(uuids))
    table = compute_table(project, data, spec, flt)
    return ReportResult(spec, flt, data, revision, table=table)


def _first_attribute(spec: ReportSpec, data: ReportData) -> ReportSpec:
    """A matrix asked for before the attributes were known: use the first case attribute."""
    ordered = sorted(data.attributes, key=lambda a: a.scope != "case")
    if not ordered:
        raise ValidationError(
            "A code × attribute matrix needs case or source attributes: add them in the Cases "
            "panel (or import a participants table) first."
        )
    scope: Literal["case", "source"] = "case" if ordered[0].scope == "case" else "source"
    return replace(spec, attribute=ordered[0].name, scope=scope)


def parse_words(text: str) -> frozenset[str]:
    """Stop words typed by the researcher: separated by commas, spaces or new lines."""
    return frozenset(w.casefold() for w in text.replace(",", " ").split() if w)


def stop_words(language: str, extra: Collection[str]) -> frozenset[str]:
    """The list of ``language`` (none for "") and the researcher's own words."""
    return (stop_words_for(language) if language else frozenset()) | frozenset(extra)
