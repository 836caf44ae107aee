"""Counts kept up to date by delta: after codings are applied, removed or moved, only the
counts of the codes involved, their ancestors and the sources involved change, and a few
indexed queries say by how much — the cost does not grow with the project (issue 18)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.changes import Changes
from workbench.core.db.models import CaseLink, Code, Coder, Coding, MediaCoding, Source
from workbench.core.values import CodeNode

# Kinds after which counts are taken again in full: codes came, went or moved, sources (and
# their codings) were deleted, or case links changed.
RECOUNT_KINDS = frozenset({"codebook", "sources", "cases", "project"})
# Codings changed at once above which one full count is cheaper than a delta.
DELTA_LIMIT = 500
# The rows counted as codings (a media coding codes a time range), with their range's columns.
RANGES = {"coding": ("start", "end"), "media_coding": ("start_ms", "end_ms")}
_CODING_KINDS = frozenset({"codings", "media_codings"})


@dataclass(frozen=True)
class CodingValues:
    """What counts depend on in one coding (uuids for code, source and coder)."""

    uuid: str
    code: str
    source: str
    coder: str
    start: int
    end: int


@dataclass(frozen=True)
class CodingMoves:
    """Codings as they were before a run of changes (``gone``) and after it (``came``); a
    coding that moved to another code or range is in both."""

    gone: tuple[CodingValues, ...] = ()
    came: tuple[CodingValues, ...] = ()

    @property
    def sources(self) -> set[str]:
        return {c.source for c in (*self.gone, *self.came)}

    def net(self) -> dict[tuple[str, str], int]:
        """Codings gained (or lost, when negative) per (code, source)."""
        out: dict[tuple[str, str], int] = defaultdict(int)
        for coding in self.came:
            out[coding.code, coding.source] += 1
        for coding in self.gone:
            out[coding.code, coding.source] -= 1
        return {key: n for key, n in out.items() if n}


def coding_moves(session: Session, changes: Sequence[Changes]) -> CodingMoves | None:
    """The codings a run of consecutive changes took away and added, with their values.

    None when counts must be taken again in full (a change to the codebook, sources or
    cases, or more than ``DELTA_LIMIT`` codings). Values before a change come from its undo
    snapshot; values after it are read by uuid. This is the one place that knows where
    coding values come from."""
    if any(c.kinds & RECOUNT_KINDS for c in changes):
        return None
    before: dict[str, CodingValues | None] = {}  # as it was before the run (None: not there)
    for change in changes:
        if not change.kinds & _CODING_KINDS:
            continue
        snapshots = {r.uuid: r for r in change.undo.rows if r.kind in RANGES}
        for kind, uuid in change.undo.created:
            if kind in RANGES:
                before.setdefault(uuid, None)
        for uuid, row in snapshots.items():
            if uuid not in before:
                v = row.values
                start, end = RANGES[row.kind]
                before[uuid] = CodingValues(
                    uuid, v["code_id"], v["source_id"], v["coder_id"], v[start], v[end]
                )
        if len(before) > DELTA_LIMIT:
            return None
    if not before:
        return CodingMoves()
    after = {c.uuid: c for c in _read_codings(session, list(before))}
    gone = [v for u, v in before.items() if v is not None and after.get(u) != v]
    came = [v for u, v in after.items() if before.get(u) != v]
    return CodingMoves(tuple(gone), tuple(came))


def _read_codings(session: Session, uuids: list[str]) -> list[CodingValues]:
    out: list[CodingValues] = []
    for model, start, end in (
        (Coding, Coding.start, Coding.end),
        (MediaCoding, MediaCoding.start_ms, MediaCoding.end_ms),
    ):
        rows = session.execute(
            select(model.uuid, Code.uuid, Source.uuid, Coder.uuid, start, end)
            .join(Code, Code.id == model.code_id)
            .join(Source, Source.id == model.source_id)
            .join(Coder, Coder.id == model.coder_id)
            .where(model.uuid.in_(uuids))
        )
        out += [CodingValues(*row) for row in rows]
    return out


def source_counts(session: Session, sources: Iterable[str]) -> dict[str, int]:
    """Codings per source, for the given sources only (zero included)."""
    wanted = list(sources)
    if not wanted:
        return {}
    rows = session.execute(
        select(Source.uuid, func.count(Coding.id))
        .outerjoin(Coding, Coding.source_id == Source.id)
        .where(Source.uuid.in_(wanted))
        .group_by(Source.id)
    )
    return {uuid: int(count) for uuid, count in rows}


def counted_forest(
    session: Session, forest: list[CodeNode], moves: CodingMoves
) -> list[CodeNode] | None:
    """``forest`` (the code tree with counts before ``moves``) with the counts after them:
    new nodes for the codes involved and their ancestors, every other node kept. None if a
    coding's code is not in the forest (then count again in full)."""
    net = moves.net()
    if not net:
        return forest
    nodes = {node.uuid: node for root in forest for node in root.walk()}
    if any(code not in nodes for code, _ in net):
        return None
    # Codings gained per (code, source), by the code alone and with its descendants, for
    # each code involved and each of its ancestors.
    own: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (code, source), n in net.items():
        own[code][source] += n
        at: CodeNode | None = nodes[code]
        while at is not None:
            total[at.uuid][source] += n
            at = nodes[at.parent_uuid] if at.parent_uuid else None
    presence = _Presence(session, nodes, total)
    counted: dict[str, CodeNode] = {}
    for uuid, below in total.items():
        node, mine = nodes[uuid], own.get(uuid, {})
        sources, cases = presence.changes(uuid, mine, subtree=False)
        total_sources, total_cases = presence.changes(uuid, below, subtree=True)
        counted[uuid] = replace(
            node,
            codings=node.codings + sum(mine.values()),
            sources=node.sources + sources,
            cases=node.cases + cases,
            total_codings=node.total_codings + sum(below.values()),
            total_sources=node.total_sources + total_sources,
            total_cases=node.total_cases + total_cases,
        )

    def rebuilt(node: CodeNode) -> CodeNode:
        if node.uuid not in counted:
            return node
        children = tuple(rebuilt(child) for child in node.children)
        return replace(counted[node.uuid], children=children)

    return [rebuilt(root) for root in forest]


class _Presence:
    """Which sources and cases gained their first or lost their last coding of a code (alone,
    or with its descendants). One grouped, indexed query gives the codings per code and
    source after the change for the sources involved; a case is asked about only when one of
    its sources flipped, with one bounded query over its other sources."""

    def __init__(
        self, session: Session, nodes: dict[str, CodeNode], total: dict[str, dict[str, int]]
    ) -> None:
        self.session = session
        self.nodes = nodes
        sources = {s for gained in total.values() for s in gained}
        self.source_ids = {
            uuid: row_id
            for uuid, row_id in session.execute(
                select(Source.uuid, Source.id).where(Source.uuid.in_(sources))
            )
        }
        tops = [u for u in total if not nodes[u].parent_uuid or nodes[u].parent_uuid not in total]
        scope = [n.uuid for top in tops for n in nodes[top].walk()]
        uuid_of = {row_id: uuid for uuid, row_id in self.source_ids.items()}
        self.after: dict[tuple[str, str], int] = defaultdict(int)  # (code, source) → codings
        for model in (Coding, MediaCoding):
            for code, source_id, count in session.execute(
                select(Code.uuid, model.source_id, func.count())
                .join(Code, Code.id == model.code_id)
                .where(Code.uuid.in_(scope), model.source_id.in_(list(uuid_of)))
                .group_by(Code.uuid, model.source_id)
            ):
                self.after[code, uuid_of[source_id]] += count
        self._members: dict[int, set[int]] | None = None  # case id → its source ids

    def codes(self, uuid: str, subtree: bool) -> list[str]:
        return [n.uuid for n in self.nodes[uuid].walk()] if subtree else [uuid]

    def changes(self, uuid: str, gained: dict[str, int], *, subtree: bool) -> tuple[int, int]:
        """How the numbers of sources and of cases coded with ``uuid`` change."""
        codes = self.codes(uuid, subtree)
        now = {s: sum(self.after.get((c, s), 0) for c in codes) for s in gained}
        was = {s: now[s] - n for s, n in gained.items()}
        sources = sum((now[s] > 0) - (was[s] > 0) for s in gained)
        flipped = [s for s in gained if (now[s] > 0) != (was[s] > 0)]
        if not flipped:
            return sources, 0  # a case changes only if one of its sources did
        cases = 0
        mine = {self.source_ids[s]: s for s in gained}
        flipped_ids = {self.source_ids[s] for s in flipped}
        for members in self.members().values():
            if not members & flipped_ids:
                continue
            involved = [mine[i] for i in members if i in mine]
            before = any(was[s] > 0 for s in involved)
            after = any(now[s] > 0 for s in involved)
            if before != after and not self._coded(codes, members - mine.keys()):
                cases += after - before
        return sources, cases

    def members(self) -> dict[int, set[int]]:
        """The sources of each case linked to a source involved (read once, when needed)."""
        if self._members is None:
            ids = list(self.source_ids.values())
            linked = select(CaseLink.case_id).where(CaseLink.source_id.in_(ids))
            self._members = defaultdict(set)
            for case_id, source_id in self.session.execute(
                select(CaseLink.case_id, CaseLink.source_id).where(CaseLink.case_id.in_(linked))
            ):
                self._members[case_id].add(source_id)
        return self._members

    def _coded(self, codes: list[str], source_ids: set[int]) -> bool:
        """Whether any of these sources has a coding of any of these codes (the first found
        answers)."""
        if not source_ids:
            return False
        return any(
            self.session.execute(
                select(model.id)
                .join(Code, Code.id == model.code_id)
                .where(Code.uuid.in_(codes), model.source_id.in_(list(source_ids)))
                .limit(1)
            ).first()
            is not None
            for model in (Coding, MediaCoding)
        )
