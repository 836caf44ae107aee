"""Reading the code tree: nodes with counts, paths, lookups by path."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.db.dialect import distinct_id_list, parse_ids
from workbench.core.db.models import CaseLink, Code, Coding, MediaCoding
from workbench.core.errors import NotFoundError
from workbench.core.text.codepath import join_path, split_path
from workbench.core.values import CodeNode

CodeRow = tuple[int, str, int | None, str, str, str, str, str, str, int, bool]


def load_code_rows(session: Session) -> list[CodeRow]:
    rows = session.execute(
        select(
            Code.id,
            Code.uuid,
            Code.parent_id,
            Code.name,
            Code.color,
            Code.description,
            Code.inclusion,
            Code.exclusion,
            Code.example,
            Code.position,
            Code.codable,
        )
    ).all()
    return [tuple(r) for r in rows]


def children_by_parent(rows: list[CodeRow]) -> dict[int | None, list[CodeRow]]:
    out: dict[int | None, list[CodeRow]] = defaultdict(list)
    for row in rows:
        out[row[2]].append(row)
    for siblings in out.values():
        siblings.sort(key=lambda r: (r[9], r[3].casefold()))
    return out


def with_descendants(s: Session, code_id: int) -> set[int]:
    """The code's id and the ids of every code below it."""
    kids = children_by_parent(load_code_rows(s))
    ids, stack = {code_id}, [code_id]
    while stack:
        for child in kids.get(stack.pop(), []):
            ids.add(child[0])
            stack.append(child[0])
    return ids


class MaskCache:
    """Source and case masks per code, kept between builds: after one new coding only that
    code's list of sources differs, so only it is parsed again."""

    def __init__(self) -> None:
        self.links: list[tuple[int, int]] = []
        self.masks: dict[int, tuple[str, int, int]] = {}  # code id → (id list, sources, cases)


def build_tree(
    session: Session, *, with_counts: bool = True, cache: MaskCache | None = None
) -> list[CodeNode]:
    """The code forest in display order, with own and roll-up counts."""
    cache = cache or MaskCache()
    rows = load_code_rows(session)
    kids = children_by_parent(rows)
    codings: dict[int, int] = {}
    # Sets of sources and cases are bit masks (bit n = row id n): the roll-up of a theme over
    # hundreds of codes and a thousand sources is then a few big-integer ORs, not set unions.
    own_sources: dict[int, int] = {}
    own_cases: dict[int, int] = {}
    case_mask_of_source: dict[int, int] = defaultdict(int)
    if with_counts:
        links = [
            (r[0], r[1])
            for r in session.execute(
                select(CaseLink.source_id, CaseLink.case_id).order_by(CaseLink.id)
            )
        ]
        if links != cache.links:
            cache.links, cache.masks = links, {}
        for source_id, case_id in links:
            case_mask_of_source[source_id] |= 1 << case_id
        # One pass over the (code, source) index: counts and source sets per code.
        for code_id, count, ids in session.execute(
            select(
                Coding.code_id, func.count(), distinct_id_list(session, Coding.source_id)
            ).group_by(Coding.code_id)
        ):
            cached = cache.masks.get(code_id)
            if cached is not None and cached[0] == ids:
                sources, cases = cached[1], cached[2]
            else:
                sources = cases = 0
                for source_id in parse_ids(ids):
                    sources |= 1 << source_id
                    cases |= case_mask_of_source.get(source_id, 0)
                cache.masks[code_id] = (ids, sources, cases)
            codings[code_id] = count
            own_sources[code_id], own_cases[code_id] = sources, cases
        # Media codings count like codings (few: not worth a cache).
        timed = distinct_id_list(session, MediaCoding.source_id)
        for code_id, count, ids in session.execute(
            select(MediaCoding.code_id, func.count(), timed).group_by(MediaCoding.code_id)
        ):
            codings[code_id] = codings.get(code_id, 0) + count
            for source_id in parse_ids(ids):
                own_sources[code_id] = own_sources.get(code_id, 0) | 1 << source_id
                cases = case_mask_of_source.get(source_id, 0)
                own_cases[code_id] = own_cases.get(code_id, 0) | cases

    def build(row: CodeRow, prefix: list[str]) -> tuple[CodeNode, int, int, int]:
        names = [*prefix, row[3]]
        built = [build(child, names) for child in kids.get(row[0], [])]
        mine, my_cases = own_sources.get(row[0], 0), own_cases.get(row[0], 0)
        sources, cases, total = mine, my_cases, codings.get(row[0], 0)
        for _, child_sources, child_cases, child_total in built:
            sources |= child_sources
            cases |= child_cases
            total += child_total
        node = CodeNode(
            uuid=row[1],
            parent_uuid=None,
            name=row[3],
            path=join_path(names),
            color=row[4],
            description=row[5],
            inclusion=row[6],
            exclusion=row[7],
            example=row[8],
            position=row[9],
            codings=codings.get(row[0], 0),
            sources=mine.bit_count(),
            cases=my_cases.bit_count(),
            total_codings=total,
            total_sources=sources.bit_count(),
            total_cases=cases.bit_count(),
            children=tuple(replace(b[0], parent_uuid=row[1]) for b in built),
            codable=row[10],
        )
        return node, sources, cases, total

    return [build(row, [])[0] for row in kids.get(None, [])]


def without_counts(forest: list[CodeNode]) -> list[CodeNode]:
    """``forest`` as ``build_tree(with_counts=False)`` reads it: the same codes, no counts."""

    def bare(node: CodeNode) -> CodeNode:
        return CodeNode(
            uuid=node.uuid,
            parent_uuid=node.parent_uuid,
            name=node.name,
            path=node.path,
            color=node.color,
            description=node.description,
            inclusion=node.inclusion,
            exclusion=node.exclusion,
            example=node.example,
            position=node.position,
            children=tuple(bare(child) for child in node.children),
            codable=node.codable,
        )

    return [bare(root) for root in forest]


def flatten(forest: list[CodeNode]) -> list[CodeNode]:
    out: list[CodeNode] = []
    for node in forest:
        out.extend(node.walk())
    return out


def code_path(session: Session, code_id: int) -> str:
    names: list[str] = []
    seen: set[int] = set()
    current: int | None = code_id
    while current is not None and current not in seen:
        seen.add(current)
        row = session.execute(select(Code.name, Code.parent_id).where(Code.id == current)).one()
        names.append(row[0])
        current = row[1]
    return join_path(list(reversed(names)))


def paths_by_id(session: Session) -> dict[int, str]:
    """Every code's path, keyed by its database id (one query)."""
    rows = load_code_rows(session)
    by_id = {r[0]: r for r in rows}
    cache: dict[int, list[str]] = {}

    def names(code_id: int) -> list[str]:
        if code_id not in cache:
            row = by_id[code_id]
            cache[code_id] = [*names(row[2]), row[3]] if row[2] is not None else [row[3]]
        return cache[code_id]

    return {code_id: join_path(names(code_id)) for code_id in by_id}


def next_position(session: Session, parent_id: int | None, *, exclude: int | None = None) -> int:
    """The position after the last child of ``parent_id`` (a top-level code: ``None``)."""
    condition = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    query = select(func.max(Code.position)).where(condition)
    if exclude is not None:
        query = query.where(Code.id != exclude)
    top = session.scalar(query)
    return 0 if top is None else int(top) + 1


def find_code_id(session: Session, path: str) -> int:
    """The id of the code at ``path`` (names joined by "/", "\\/" inside a name)."""
    try:
        names = split_path(path)
    except ValueError as exc:
        raise NotFoundError(str(exc)) from None
    parent: int | None = None
    for depth, name in enumerate(names):
        condition = Code.parent_id.is_(None) if parent is None else Code.parent_id == parent
        found = session.scalar(select(Code.id).where(condition, Code.name == name))
        if found is None:
            where = join_path(names[:depth]) if depth else "the top level"
            raise NotFoundError(f"No code {name!r} under {where} (looking for {path!r}).")
        parent = found
    assert parent is not None
    return parent
