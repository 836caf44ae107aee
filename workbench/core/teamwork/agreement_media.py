"""Agreement on media codings, by time unit: each second of a recording is a unit.

A recording of ``d`` ms has ``ceil(d / 1000)`` one-second bins; per code, a coder "coded" a bin
when one of their media codings of that code touches it (as a coding touching a paragraph
codes it for the paragraph unit). Only sources with a recording take part. Which sources, and
which coders count as missing in a source, follow the text units' rules (``agreement``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session

from workbench.core.db import media_rows, project_rows
from workbench.core.errors import NotFoundError
from workbench.core.progress import Progress
from workbench.core.services.codebook_tree import paths_by_id
from workbench.core.teamwork.agreement import AgreementReport, _row
from workbench.core.teamwork.agreement_stats import Pattern
from workbench.core.teamwork.agreement_units import (
    Ranges,
    empty_pattern,
    merge_ranges,
    span_patterns,
)
from workbench.core.text.wording import counted

BIN_MS = 1000


def seconds(duration_ms: int) -> Ranges:
    """The one-second bins of a recording, the last one shorter when it ends mid-second."""
    return [(start, min(start + BIN_MS, duration_ms)) for start in range(0, duration_ms, BIN_MS)]


def media_agreement(
    s: Session,
    names: tuple[str, ...],
    index: dict[int, int],
    done: dict[int, set[int]],
    chosen: Sequence[tuple[int, str]],
    code_uuids: Sequence[str] | None,
    notes: list[str],
    progress: Progress,
) -> AgreementReport:
    """The agreement table by second over the ``chosen`` sources (id, name) that have a
    recording. ``index`` maps coder ids to their place in ``names``; ``done`` gives each
    source's done marks (places); ``notes`` has what was said so far."""
    durations = {r.source_id: r.duration_ms for r in media_rows.recording_rows(s)}
    recorded = [(source_id, name) for source_id, name in chosen if source_id in durations]
    if len(recorded) < len(chosen):
        notes.append(
            f"Left out: {counted(len(chosen) - len(recorded), 'source')} without a recording "
            "(the unit is a second of a recording)."
        )
    coverage: dict[int, dict[int, list[Ranges]]] = defaultdict(dict)
    coded: dict[int, set[int]] = defaultdict(set)
    rows = media_rows.media_coding_rows(
        s, coders=index, sources=[source_id for source_id, _ in recorded]
    )
    for row in rows:
        per_coder = coverage[row.source_id].setdefault(row.code_id, [[] for _ in names])
        per_coder[index[row.coder_id]].append((row.start_ms, row.end_ms))
        coded[row.source_id].add(index[row.coder_id])
    paths = paths_by_id(s)
    scope = _scope(s, code_uuids, coverage, paths)
    per_code: dict[int, Counter[Pattern]] = {c: Counter() for c in scope}
    for step, (source_id, name) in enumerate(recorded):
        progress.step(step, len(recorded), f"Comparing {name}")
        missing = [
            i not in done.get(source_id, set()) and i not in coded[source_id]
            for i in range(len(names))
        ]
        if sum(not m for m in missing) < 2:
            notes.append(f"Source {name!r}: fewer than two coders coded it or marked it done.")
        units = seconds(durations[source_id])
        for code_id in scope:
            raw = coverage[source_id].get(code_id)
            if raw is None:
                per_code[code_id][empty_pattern(missing)] += len(units)
            else:
                merged = [merge_ranges(r) for r in raw]
                per_code[code_id].update(span_patterns(units, merged, missing))
    progress.step(len(recorded), len(recorded), "")
    if not recorded:
        notes.append("No source with a recording to compare.")
    uuid_of = {v: k for k, v in project_rows.code_ids(s).items()}
    pooled: Counter[Pattern] = Counter()
    for counts in per_code.values():
        pooled.update(counts)
    return AgreementReport(
        coders=names,
        unit="second",
        sources=tuple(name for _, name in recorded),
        overall=_row("", None, pooled, names),
        per_code=tuple(_row(paths[c], uuid_of[c], per_code[c], names) for c in scope),
        notes=tuple(dict.fromkeys(notes)),
    )


def _scope(
    s: Session,
    code_uuids: Sequence[str] | None,
    coverage: dict[int, dict[int, list[Ranges]]],
    paths: dict[int, str],
) -> list[int]:
    if code_uuids is None:
        used = {c for by_code in coverage.values() for c in by_code}
        return sorted(used, key=lambda c: paths[c])
    ids = project_rows.code_ids(s)
    missing = [u for u in code_uuids if u not in ids]
    if missing:
        raise NotFoundError(f"No code with id {missing[0]} in this project.")
    return [ids[u] for u in code_uuids]
