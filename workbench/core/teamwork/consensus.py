"""Disagreements between coders, and resolving them by consensus.

A disagreement is a stretch of one source where the chosen coders coded one code differently:
the codings of that code by those coders that overlap one another, as one cluster, whenever the
coders' coverage of it is not identical. Resolving it rewrites the coders' codings in the
cluster to one agreed result (keep one coder's, keep both, neither, or an adjusted range); the
audit log records the resolution and who made it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from workbench.core.changes import Changes
from workbench.core.db.consensus_rows import (
    coder_named,
    coder_names_of,
    coding_spans,
    memos_on_coding,
    overlapping_codings,
    source_and_code,
)
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.services.codebook_tree import paths_by_id
from workbench.core.services.codings import check_range
from workbench.core.teamwork.agreement_units import merge_ranges
from workbench.core.text.controls import clean_name

if TYPE_CHECKING:
    from workbench.core.db.models import Code, Coder, Source
    from workbench.core.project import Project

Resolution = Literal["keep", "both", "neither", "adjust"]


@dataclass(frozen=True)
class Disagreement:
    """One cluster of overlapping codings of ``code`` on ``source`` where the coders differ.

    ``ranges`` and ``codings`` give, per coder name, that coder's codings in the cluster (an
    empty tuple: the coder did not code it)."""

    key: str
    source_uuid: str
    source: str
    code_uuid: str
    code_path: str
    start: int
    end: int
    ranges: Mapping[str, tuple[tuple[int, int], ...]]
    codings: Mapping[str, tuple[str, ...]]


def disagreements(
    project: Project,
    *,
    coders: Sequence[str],
    source: str | None = None,
    codes: Sequence[str] | None = None,
) -> list[Disagreement]:
    """The disagreements between ``coders`` (names), optionally on one source and some codes
    (uuids), ordered by source name and position (the order to step through them)."""
    names = tuple(dict.fromkeys(coders))
    if len(names) < 2:
        raise ValidationError("Disagreements need two or more different coders.")
    with project.read() as s:
        ids = coder_names_of(s, names)
        if len(ids) < len(names):
            missing = sorted(set(names) - set(ids.values()))
            raise NotFoundError(f"No coder named {missing[0]!r} in this project.")
        groups: dict[tuple[str, str, int, str], list[tuple[str, int, int, str]]] = defaultdict(list)
        for c_uuid, start, end, coder_id, s_uuid, s_name, code_id, code_uuid in coding_spans(
            s, ids, source, codes
        ):
            groups[(s_name, s_uuid, code_id, code_uuid)].append((c_uuid, start, end, ids[coder_id]))
        paths = paths_by_id(s)
    out: list[Disagreement] = []
    for (s_name, s_uuid, code_id, code_uuid), items in groups.items():
        out.extend(_clusters(s_name, s_uuid, paths[code_id], code_uuid, items, names))
    out.sort(key=lambda d: (d.source, d.start, d.end, d.code_path))
    return out


def _clusters(
    s_name: str,
    s_uuid: str,
    path: str,
    code_uuid: str,
    items: list[tuple[str, int, int, str]],
    names: tuple[str, ...],
) -> list[Disagreement]:
    clusters = merge_ranges([(start, end) for _, start, end, _ in items], touching=False)
    members: dict[int, list[tuple[str, int, int, str]]] = defaultdict(list)
    for item in items:
        k = next(i for i, (a, b) in enumerate(clusters) if a <= item[1] < b)
        members[k].append(item)
    out = []
    for k, (start, end) in enumerate(clusters):
        per = {n: sorted((s, e) for _, s, e, c in members[k] if c == n) for n in names}
        coverages = {tuple(merge_ranges(r)) for r in per.values()}
        if len(coverages) == 1:
            continue
        out.append(
            Disagreement(
                key=f"{s_uuid}:{code_uuid}:{start}-{end}",
                source_uuid=s_uuid,
                source=s_name,
                code_uuid=code_uuid,
                code_path=path,
                start=start,
                end=end,
                ranges={n: tuple(r) for n, r in per.items()},
                codings={
                    n: tuple(u for u, _, _, c in sorted(members[k], key=lambda i: i[1:3]) if c == n)
                    for n in names
                },
            )
        )
    return out


def resolve(
    project: Project,
    disagreement: Disagreement,
    *,
    resolution: Resolution,
    coder: str,
    keep: str | None = None,
    start: int | None = None,
    end: int | None = None,
    apply_to: Sequence[str] | None = None,
) -> Changes:
    """Resolve a disagreement by consensus, as ``coder`` (recorded in the audit log).

    ``keep``: the codings of coder ``keep`` are right; ``both``: everything any coder coded;
    ``neither``: nothing; ``adjust``: the range ``start``–``end``. Every coder in ``apply_to``
    (default: the disagreement's coders; a new name such as "Consensus" is created) ends up with
    exactly that result in the cluster. Memos on codings that go move to the source."""
    coders = tuple(disagreement.ranges)
    if apply_to is not None:
        coders = tuple(dict.fromkeys(clean_name(name, "coder") for name in apply_to))
    result = _result(disagreement, resolution, keep, start, end)
    with project.write(coder=coder) as tx:
        src, code = source_and_code(tx.session, disagreement.source_uuid, disagreement.code_uuid)
        for a, b in result:
            check_range(a, b, src.length, src.name)
        involved = coder_names_of(tx.session, tuple(disagreement.codings))
        current = {
            c.uuid
            for c in overlapping_codings(
                tx.session, src.id, code.id, disagreement.start, disagreement.end
            )
            if c.coder_id in involved
        }
        expected = {u for us in disagreement.codings.values() for u in us}
        if current != expected:
            raise ValidationError(
                "These codings changed since the disagreements were listed; refresh the list."
            )
        for name in coders:
            target = coder_named(tx.session, name)
            if target is None:
                target = tx.add_coder(name)
            _rewrite(tx, src, code, target, disagreement, result)
        tx.audit(
            "consensus",
            "coding",
            None,
            f"Disagreement on {disagreement.code_path!r} in {src.name!r} "
            f"{disagreement.start}-{disagreement.end} resolved ({_describe(resolution, keep)}) "
            f"by {tx.coder.name}",
            source=src.uuid,
            code=code.uuid,
            start=disagreement.start,
            end=disagreement.end,
            resolution=resolution,
            keep=keep,
            result=[list(r) for r in result],
            coders=list(coders),
            before={n: list(map(list, r)) for n, r in disagreement.ranges.items()},
        )
    return tx.result


def _describe(resolution: Resolution, keep: str | None) -> str:
    return f"kept {keep}'s coding" if resolution == "keep" else resolution


def _result(
    d: Disagreement, resolution: Resolution, keep: str | None, start: int | None, end: int | None
) -> list[tuple[int, int]]:
    if resolution == "keep":
        if keep is None or keep not in d.ranges:
            raise ValidationError(f"Choose whose coding to keep: one of {', '.join(d.ranges)}.")
        return list(d.ranges[keep])
    if resolution == "both":
        return merge_ranges([r for rs in d.ranges.values() for r in rs])
    if resolution == "neither":
        return []
    if resolution == "adjust":
        if start is None or end is None or not start < end:
            raise ValidationError("An adjusted range needs a start before its end.")
        return [(start, end)]
    raise ValidationError(f"Unknown resolution {resolution!r}.")


def _rewrite(
    tx: WriteTx,
    src: Source,
    code: Code,
    target: Coder,
    d: Disagreement,
    result: list[tuple[int, int]],
) -> None:
    existing = overlapping_codings(tx.session, src.id, code.id, d.start, d.end, target.id)
    wanted = set(result)
    have = {(c.start, c.end) for c in existing}
    for coding in existing:
        if (coding.start, coding.end) in wanted:
            continue
        for memo in memos_on_coding(tx.session, coding.id):
            tx.touch(memo)
            memo.coding_id = None
            memo.target_kind = "source"
            memo.source_id = src.id
        tx.session.flush()
        tx.delete(coding)
    for a, b in sorted(wanted - have):
        tx.add("coding", source_id=src.id, code_id=code.id, coder_id=target.id, start=a, end=b)
