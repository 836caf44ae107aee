"""Inter-coder agreement: percent agreement, Cohen's kappa and Krippendorff's alpha per code.

Per code, each unit (character, paragraph, speaker turn or coded segment, see
``agreement_units``; a second of a recording, see ``agreement_media``) is a nominal value per
coder: coded with that code or not. *Overall* pools the units of every code (each unit × code
is one binary judgement). A coefficient that is undefined (no units, or no variation) is
``None`` with its reason, never a made-up number.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from workbench.core.db import project_rows
from workbench.core.db.streaming import per_source
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.server.members import require_owner_while_blind
from workbench.core.services.codebook_tree import paths_by_id
from workbench.core.teamwork.agreement_media import media_spans, recorded, seconds
from workbench.core.teamwork.agreement_stats import (
    Pattern,
    Stat,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from workbench.core.teamwork.agreement_units import (
    DEFAULT_UNIT,
    UNIT_CAVEATS,
    UNITS,
    Ranges,
    Unit,
    char_patterns,
    empty_pattern,
    merge_ranges,
    paragraphs,
    segment_patterns,
    span_patterns,
    turns,
)
from workbench.core.text.wording import counted

if TYPE_CHECKING:
    from workbench.core.project import Project


@dataclass(frozen=True)
class AgreementRow:
    """Agreement on one code (or, with ``code == ""``, on all codes pooled)."""

    code: str
    code_uuid: str | None
    units: float
    coded: Mapping[str, float]
    percent_agreement: Stat
    cohen_kappa: Stat | None
    krippendorff_alpha: Stat
    pairwise_kappa: tuple[tuple[str, str, Stat], ...] = ()

    def to_json(self) -> dict[str, Any]:
        reasons = {
            name: stat.reason
            for name, stat in (
                ("percent_agreement", self.percent_agreement),
                ("cohen_kappa", self.cohen_kappa),
                ("krippendorff_alpha", self.krippendorff_alpha),
            )
            if stat is not None and stat.value is None
        }
        return {
            "code": self.code or None,
            "code_uuid": self.code_uuid,
            "units": self.units,
            "coded": dict(self.coded),
            "percent_agreement": self.percent_agreement.value,
            "cohen_kappa": None if self.cohen_kappa is None else self.cohen_kappa.value,
            "krippendorff_alpha": self.krippendorff_alpha.value,
            "reasons": reasons,
            "pairwise_kappa": [
                {"coders": [a, b], "value": s.value, "reason": s.reason}
                for a, b, s in self.pairwise_kappa
            ],
        }


@dataclass(frozen=True)
class AgreementReport:
    """The agreement table: ``overall`` and one row per code, for the chosen coders, unit and
    sources (names), with notes on what was left out."""

    coders: tuple[str, ...]
    unit: Unit
    sources: tuple[str, ...]
    overall: AgreementRow
    per_code: tuple[AgreementRow, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def caveat(self) -> str:
        """What the unit of analysis does to the figures (how uncoded text counts)."""
        return UNIT_CAVEATS[self.unit]

    def to_json(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "unit": self.unit,
            "caveat": self.caveat,
            "sources": list(self.sources),
            "overall": self.overall.to_json(),
            "per_code": [row.to_json() for row in self.per_code],
            "notes": list(self.notes),
        }


def agreement(
    project: Project,
    *,
    coders: Sequence[str],
    unit: Unit = DEFAULT_UNIT,
    codes: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    only_done: bool = True,
    progress: Progress = NO_PROGRESS,
) -> AgreementReport:
    """Agreement between ``coders`` (names, two or more) on ``codes`` (uuids; default: every
    code any of them used) in ``sources`` (uuids; default: the sources every chosen coder marked
    done, or all sources if ``only_done`` is False). A coder who neither marked a source done
    nor coded in it counts as missing there (Krippendorff's alpha allows missing data).
    ``progress`` steps once per source."""
    names = tuple(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if len(names) < 2:
        raise ValidationError("Agreement needs two or more different coders.")
    if unit not in UNITS:
        raise ValidationError(f"Unknown unit {unit!r}; use one of {', '.join(UNITS)}.")
    require_owner_while_blind(project, "agreement")
    with project.read(small_cache=True) as s:
        return _compute(s, names, unit, codes, sources, only_done, progress)


def _compute(
    s: Session,
    names: tuple[str, ...],
    unit: Unit,
    code_uuids: Sequence[str] | None,
    source_uuids: Sequence[str] | None,
    only_done: bool,
    progress: Progress,
) -> AgreementReport:
    wanted = set(names)
    coder_ids = {n: i for i, n in project_rows.coder_names(s).items() if n in wanted}
    unknown = [n for n in names if n not in coder_ids]
    if unknown:
        raise NotFoundError(f"No coder named {unknown[0]!r} in this project.")
    index = {coder_ids[n]: i for i, n in enumerate(names)}
    done: dict[int, set[int]] = defaultdict(set)
    for source_id, coder_id in project_rows.done_marks(s):
        if coder_id in index:
            done[source_id].add(index[coder_id])
    chosen = list(project_rows.source_rows(s, "length"))
    if source_uuids is not None:
        picked = set(source_uuids)
        chosen = [r for r in chosen if r.uuid in picked]
    notes: list[str] = []
    if source_uuids is None and only_done:
        every = set(range(len(names)))
        kept = [r for r in chosen if done.get(r[0], set()) >= every]
        if len(kept) < len(chosen):
            notes.append(
                f"{counted(len(chosen) - len(kept), 'source')} not marked done by every chosen "
                "coder were left out."
            )
        chosen = kept
    durations: dict[int, int] = {}
    if unit == "second":  # media codings, in the sources with a recording
        chosen, durations = recorded(s, chosen, notes)
    paths = paths_by_id(s)
    code_of_uuid = project_rows.code_ids(s)
    # Without chosen codes, the scope is every code used, known once every source was read.
    scope: list[int] | None = None
    if code_uuids is not None:
        missing_codes = [u for u in code_uuids if u not in code_of_uuid]
        if missing_codes:
            raise NotFoundError(f"No code with id {missing_codes[0]} in this project.")
        scope = [code_of_uuid[u] for u in code_uuids]
    per_code: dict[int, Counter[Pattern]] = defaultdict(Counter)
    per_code.update({c: Counter() for c in scope or ()})
    # Units of sources where a code was not used at all: added per code at the end, as the
    # total over all sources minus the sources where it was used.
    blank_total: Counter[Pattern] = Counter()
    blank_used: dict[int, Counter[Pattern]] = defaultdict(Counter)

    def coded_in(ids: list[int]) -> Iterable[Any]:
        if unit == "second":
            return media_spans(s, index, ids)
        return project_rows.coding_rows(s, coders=index, sources=ids)

    # One source's codings at a time (read a batch of sources at a time): the memory held
    # does not grow with the project.
    read = per_source(chosen, coded_in)
    for step, ((source_id, _, name, length), codings) in enumerate(read):
        progress.step(step, len(chosen), f"Comparing {name}")
        coverage: dict[int, list[Ranges]] = {}
        coded: set[int] = set()
        for coding in codings:
            per_coder = coverage.setdefault(coding.code_id, [[] for _ in names])
            per_coder[index[coding.coder_id]].append((coding.start, coding.end))
            coded.add(index[coding.coder_id])
        missing = [
            i not in done.get(source_id, set()) and i not in coded for i in range(len(names))
        ]
        if sum(not m for m in missing) < 2:
            notes.append(f"Source {name!r}: fewer than two coders coded it or marked it done.")
        units = _units(s, unit, source_id, notes, name, durations)
        blank = empty_pattern(missing)
        size = length if unit == "char" else 0 if unit == "segment" else len(units)
        blank_total[blank] += size
        for code_id, raw in coverage.items():
            if scope is not None and code_id not in per_code:
                continue
            blank_used[code_id][blank] += size
            merged: list[Ranges] = [merge_ranges(r) for r in raw]
            if unit == "char":
                found = char_patterns(length, merged, missing)
            elif unit == "segment":
                found = segment_patterns(merged, missing)
            else:
                found = span_patterns(units, merged, missing)
            target = per_code[code_id]
            for pattern, weight in found.items():
                target[pattern] += weight
    if scope is None:
        scope = sorted(per_code, key=lambda c: paths[c])
    for code_id in scope:
        for pattern, weight in blank_total.items():
            rest = weight - blank_used[code_id][pattern]
            if rest > 0:
                per_code[code_id][pattern] += rest
    uuid_of = {v: k for k, v in code_of_uuid.items()}
    rows = tuple(_row(paths[c], uuid_of[c], per_code[c], names) for c in scope)
    pooled: Counter[Pattern] = Counter()
    for counts in per_code.values():
        for pattern, weight in counts.items():
            pooled[pattern] += weight
    progress.step(len(chosen), len(chosen), "")
    if not chosen:
        notes.append(f"No source {'with a recording ' if unit == 'second' else ''}to compare.")
    return AgreementReport(
        coders=names,
        unit=unit,
        sources=tuple(r[2] for r in chosen),
        overall=_row("", None, pooled, names),
        per_code=rows,
        notes=tuple(dict.fromkeys(notes)),
    )


def _units(
    s: Session, unit: Unit, source_id: int, notes: list[str], name: str, durations: dict[int, int]
) -> Ranges:
    if unit == "second":
        return seconds(durations[source_id])
    if unit == "paragraph":
        return paragraphs(project_rows.source_text(s, source_id))
    if unit == "turn":
        found = turns(project_rows.source_meta(s, source_id))
        if found:
            return found
        notes.append(f"Source {name!r} has no speaker turns; its paragraphs were used instead.")
        return paragraphs(project_rows.source_text(s, source_id))
    return []


def _row(
    path: str, uuid: str | None, counts: Counter[Pattern], names: tuple[str, ...]
) -> AgreementRow:
    units = sum(w for p, w in counts.items() if sum(v is not None for v in p) >= 2)
    coded = {
        n: float(sum(w for p, w in counts.items() if p[i] is True)) for i, n in enumerate(names)
    }
    pairs: tuple[tuple[str, str, Stat], ...] = ()
    if len(names) > 2:
        pairs = tuple(
            (names[a], names[b], cohen_kappa(counts, a, b))
            for a, b in combinations(range(len(names)), 2)
        )
    return AgreementRow(
        code=path,
        code_uuid=uuid,
        units=float(units),
        coded=coded,
        percent_agreement=percent_agreement(counts),
        cohen_kappa=cohen_kappa(counts) if len(names) == 2 else None,
        krippendorff_alpha=krippendorff_alpha(counts),
        pairwise_kappa=pairs,
    )
