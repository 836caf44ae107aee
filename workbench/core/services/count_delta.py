"""Counts kept up to date by delta: after codings are applied, removed or moved, only the
counts of the codes involved, their ancestors and the sources involved change, and a few
indexed queries say by how much — the cost does not grow with the project (issue 18)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workbench.core.db.models import CaseLink, Code, Coder, Coding, Source
from workbench.core.values import Changes, CodeNode

# Kinds after which counts are taken again in full: codes came, went or moved, sources (and
# their codings) were deleted, or case links changed.
RECOUNT_KINDS = frozenset({"codebook", "sources", "cases", "project"})
# Codings changed at once above which one full count is cheaper than a delta.
DELTA_LIMIT = 500


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
        if "codings" not in change.kinds:
            continue
        snapshots = {r.uuid: r for r in change.undo.rows if r.kind == "coding"}
        for kind, uuid in change.undo.created:
            if kind == "coding":
                before.setdefault(uuid, None)
        for uuid, row in snapshots.items():
            if uuid not in before:
                v = row.values
                before[uuid] = CodingValues(
                    uuid, v["code_id"], v["source_id"], v["coder_id"], v["start"], v["end"]
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
    rows = session.execute(
        select(Coding.uuid, Code.uuid, Source.uuid, Coder.uuid, Coding.start, Coding.end)
        .join(Code, Code.id == Coding.code_id)
        .join(Source, Source.id == Coding.source_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.uuid.in_(uuids))
    )
    return [CodingValues(*row) for row in rows]


def source_counts(session: Session, sources: Iterable[str]) -> dict[str, int]:
    """Codings per source, for the given sources only (each one an indexed count)."""
    wanted = list(sources)
    if not wanted:
        return {}
    ids = _pairs(session, select(Source.uuid, Source.id).where(Source.uuid.in_(wanted)))
    count = select(func.count()).select_from(Coding)
    return {
        uuid: int(session.scalar(count.where(Coding.source_id == source_id)) or 0)
        for uuid, source_id in ids.items()
    }


def _pairs(session: Session, query: Select[str, int]) -> dict[str, int]:
    return {uuid: row_id for uuid, row_id in session.execute(query)}


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
    chain: dict[str, list[str]] = {}  # code → the code and its ancestors, nearest first
    for code, _ in net:
        links, at = [], nodes.get(code)
        while at is not None:
            links.append(at.uuid)
            at = nodes.get(at.parent_uuid) if at.parent_uuid else None
        chain[code] = links
    # Codings gained per node (own / with descendants) and source.
    own: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (code, source), n in net.items():
        own[code][source] += n
        for above in chain[code]:
            total[above][source] += n
    counter = _Presence(session, nodes, {s for _, s in net})
    counted: dict[str, CodeNode] = {}
    for uuid in total:
        node = nodes[uuid]
        mine, below = own.get(uuid, {}), total[uuid]
        counted[uuid] = replace(
            node,
            codings=node.codings + sum(mine.values()),
            sources=node.sources + counter.sources(uuid, mine, subtree=False),
            cases=node.cases + counter.cases(uuid, mine, subtree=False),
            total_codings=node.total_codings + sum(below.values()),
            total_sources=node.total_sources + counter.sources(uuid, below, subtree=True),
            total_cases=node.total_cases + counter.cases(uuid, below, subtree=True),
        )

    def rebuilt(node: CodeNode) -> CodeNode:
        if node.uuid not in counted:
            return node
        children = tuple(rebuilt(child) for child in node.children)
        return replace(counted[node.uuid], children=children)

    return [rebuilt(root) for root in forest]


class _Presence:
    """Whether a source (or a case) gained its first or lost its last coding of a code, or of
    a code with its descendants: one bounded, indexed query per code and source (or case)."""

    def __init__(self, session: Session, nodes: dict[str, CodeNode], sources: set[str]) -> None:
        self.session = session
        self.nodes = nodes
        self.source_ids = _pairs(
            session, select(Source.uuid, Source.id).where(Source.uuid.in_(sources))
        )
        links = session.execute(
            select(CaseLink.case_id, CaseLink.source_id).where(
                CaseLink.case_id.in_(
                    select(CaseLink.case_id).where(
                        CaseLink.source_id.in_(list(self.source_ids.values()))
                    )
                )
            )
        ).all()
        self.case_sources: dict[int, set[int]] = defaultdict(set)
        for case_id, source_id in links:
            self.case_sources[case_id].add(source_id)
        self._code_ids: dict[str, int] = {}

    def code_ids(self, uuid: str, subtree: bool) -> list[int]:
        uuids = [n.uuid for n in self.nodes[uuid].walk()] if subtree else [uuid]
        missing = [u for u in uuids if u not in self._code_ids]
        if missing:
            self._code_ids.update(
                _pairs(self.session, select(Code.uuid, Code.id).where(Code.uuid.in_(missing)))
            )
        return [self._code_ids[u] for u in uuids]

    def sources(self, uuid: str, gained: dict[str, int], *, subtree: bool) -> int:
        """The change in the number of sources coded with ``uuid`` (and its descendants)."""
        change = 0
        for source, n in gained.items():
            change += self._flip(uuid, subtree, [self.source_ids[source]], n)
        return change

    def cases(self, uuid: str, gained: dict[str, int], *, subtree: bool) -> int:
        """The change in the number of cases coded with ``uuid`` (and its descendants)."""
        by_id = {self.source_ids[s]: n for s, n in gained.items()}
        change = 0
        for members in self.case_sources.values():
            n = sum(by_id.get(source_id, 0) for source_id in members)
            change += self._flip(uuid, subtree, list(members), n)
        return change

    def _flip(self, uuid: str, subtree: bool, source_ids: list[int], gained: int) -> int:
        """+1 if the sources had no such coding before and have one now (``gained`` > 0),
        -1 if they had and have none now (``gained`` < 0), else 0. After the change there are
        ``after`` codings and there were ``after - gained``: only whether ``after`` exceeds
        ``max(gained, 0)`` matters, which the query answers without counting them all."""
        if not gained:
            return 0
        beyond = max(gained, 0)
        found = self.session.execute(
            select(Coding.id)
            .where(
                Coding.code_id.in_(self.code_ids(uuid, subtree)),
                Coding.source_id.in_(source_ids),
            )
            .limit(1)
            .offset(beyond)
        ).first()
        if found is not None:
            return 0
        return 1 if gained > 0 else -1
