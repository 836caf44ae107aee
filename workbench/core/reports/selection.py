"""Which coded segments a report counts: filters by code, coder, source, case, attribute and set,
and leaving out interviewer turns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workbench.core.errors import NotFoundError
from workbench.core.reports.dataset import CodingRecord, ReportData
from workbench.core.values import AttributeValue as Value

_INTERVIEWER = re.compile(
    r"(?:interviewer|moderator|facilitator|researcher|int|i|q)(?:[ ]?#?\d+|[ ]\(.*\)|[ ]\w+)?",
    re.IGNORECASE,
)


def is_interviewer_label(label: str) -> bool:
    """True for speaker labels such as "Interviewer", "Moderator (Anna)", "I", "Facilitator 2"."""
    return _INTERVIEWER.fullmatch(" ".join(label.split())) is not None


@dataclass(frozen=True)
class SegmentFilter:
    """What a report counts. Empty fields do not filter.

    ``codes``, ``sources``, ``cases`` and ``*_sets`` are uuids (a code includes its sub-codes);
    ``coders`` are names; ``case_attributes``/``source_attributes`` map an attribute name to the
    values allowed. A segment is an interviewer's (left out with ``exclude_interviewer`` or
    ``exclude_speakers``) when it overlaps only turns of those speakers.
    """

    codes: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    source_sets: tuple[str, ...] = ()
    code_sets: tuple[str, ...] = ()
    case_attributes: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)
    source_attributes: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)
    exclude_interviewer: bool = False
    exclude_speakers: tuple[str, ...] = ()

    def describe(self) -> str:
        """A short human-readable summary (for report headers), empty when nothing filters."""
        parts: list[str] = []
        if self.exclude_interviewer:
            parts.append("interviewer turns left out")
        if self.exclude_speakers:
            parts.append("left out: " + ", ".join(self.exclude_speakers))
        if self.coders:
            parts.append("coders: " + ", ".join(self.coders))
        for name, values in [*self.case_attributes.items(), *self.source_attributes.items()]:
            parts.append(f"{name} = " + " or ".join(str(v) for v in values))
        counts = {
            "code(s)": len(self.codes) + len(self.code_sets),
            "source(s)": len(self.sources) + len(self.source_sets),
            "case(s)": len(self.cases),
        }
        parts.extend(f"{n} selected {what}" for what, n in counts.items() if n)
        return "; ".join(parts)


def left_out_speakers(data: ReportData, flt: SegmentFilter) -> frozenset[str]:
    """The speaker labels whose turns ``flt`` leaves out."""
    out = set(flt.exclude_speakers)
    if flt.exclude_interviewer:
        for source in data.sources.values():
            out.update(s for s, _, _ in source.turns if is_interviewer_label(s))
    return frozenset(out)


def only_left_out(data: ReportData, coding: CodingRecord, left_out: frozenset[str]) -> bool:
    """True when the coding overlaps turns of left-out speakers and of no one else."""
    turns = data.turns_of(coding)
    return bool(turns) and all(speaker in left_out for speaker, _, _ in turns)


def select_codings(data: ReportData, flt: SegmentFilter | None = None) -> list[CodingRecord]:
    """The codings that ``flt`` counts, in (source, start, end) order."""
    flt = flt or SegmentFilter()
    code_ids = _code_ids(data, flt)
    source_ids = chosen_source_ids(data, flt)
    case_ids = _case_ids(data, flt)
    coders = set(flt.coders)
    left_out = left_out_speakers(data, flt)
    out: list[CodingRecord] = []
    for coding in data.codings:
        if code_ids is not None and coding.code_id not in code_ids:
            continue
        if source_ids is not None and coding.source_id not in source_ids:
            continue
        if coders and coding.coder not in coders:
            continue
        if left_out and only_left_out(data, coding, left_out):
            continue
        if case_ids is not None and not case_ids.intersection(data.cases_of(coding)):
            continue
        out.append(coding)
    return out


def _matches(values: Mapping[str, Value], wanted: Mapping[str, tuple[Value, ...]]) -> bool:
    """Every wanted attribute has one of the allowed values (compared as text)."""
    for name, allowed in wanted.items():
        value = values.get(name)
        if value is None or str(value) not in {str(v) for v in allowed}:
            return False
    return True


def _code_ids(data: ReportData, flt: SegmentFilter) -> set[int] | None:
    if not flt.codes and not flt.code_sets:
        return None
    roots = [data.code_id(uuid) for uuid in flt.codes]
    for s in _sets(data, flt.code_sets, "code"):
        roots.extend(s)
    ids: set[int] = set()
    for root in roots:
        ids.update(data.subtree(root))
    return ids


def chosen_source_ids(data: ReportData, flt: SegmentFilter) -> set[int] | None:
    """Ids of the sources ``flt`` selects by source, source set and attribute (None: all)."""
    chosen: set[int] | None = None
    if flt.sources:
        by_uuid = {s.uuid: s.id for s in data.sources.values()}
        missing = [u for u in flt.sources if u not in by_uuid]
        if missing:
            raise NotFoundError(f"No source with id {missing[0]} in this project.")
        chosen = {by_uuid[u] for u in flt.sources}
    if flt.source_sets:
        members: set[int] = set()
        for s in _sets(data, flt.source_sets, "source"):
            members |= s
        chosen = members if chosen is None else chosen & members
    if flt.source_attributes:
        matching = {
            s.id for s in data.sources.values() if _matches(s.attributes, flt.source_attributes)
        }
        chosen = matching if chosen is None else chosen & matching
    return chosen


def _case_ids(data: ReportData, flt: SegmentFilter) -> set[int] | None:
    chosen: set[int] | None = None
    if flt.cases:
        by_uuid = {c.uuid: c.id for c in data.cases.values()}
        missing = [u for u in flt.cases if u not in by_uuid]
        if missing:
            raise NotFoundError(f"No case with id {missing[0]} in this project.")
        chosen = {by_uuid[u] for u in flt.cases}
    if flt.case_attributes:
        matching = {
            c.id for c in data.cases.values() if _matches(c.attributes, flt.case_attributes)
        }
        chosen = matching if chosen is None else chosen & matching
    return chosen


def _sets(data: ReportData, uuids: Iterable[str], kind: str) -> list[frozenset[int]]:
    by_uuid = {s.uuid: s for s in data.sets if s.kind == kind}
    out = []
    for uuid in uuids:
        if uuid not in by_uuid:
            raise NotFoundError(f"No {kind} set with id {uuid} in this project.")
        out.append(by_uuid[uuid].member_ids)
    return out
