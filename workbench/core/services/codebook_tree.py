"""Reading the code tree: nodes with counts, paths, lookups by path."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.db.dialect import distinct_id_list, parse_id_list
from workbench.core.db.models import CaseLink, Code, Coding
from workbench.core.errors import NotFoundError
from workbench.core.text.codepath import join_path, split_path
from workbench.core.values import CodeNode

CodeRow = tuple[int, str, int | None, str, str, str, str, str, str, int]


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


def build_tree(session: Session, *, with_counts: bool = True) -> list[CodeNode]:
    """The code forest in display order, with own and roll-up counts."""
    rows = load_code_rows(session)
    kids = children_by_parent(rows)
    codings: dict[int, int] = {}
    pairs: dict[int, set[int]] = {}
    cases_of_source: dict[int, set[int]] = defaultdict(set)
    if with_counts:
        # One pass over the (code, source) index: counts and source sets per code.
        for code_id, count, ids in session.execute(
            select(Coding.code_id, func.count(), distinct_id_list(session, Coding.source_id))
            .group_by(Coding.code_id)
        ):
            codings[code_id] = count
            pairs[code_id] = parse_id_list(ids)
        for source_id, case_id in session.execute(select(CaseLink.source_id, CaseLink.case_id)):
            cases_of_source[source_id].add(case_id)

    def cases_of(sources: set[int]) -> set[int]:
        out: set[int] = set()
        for source_id in sources:
            out |= cases_of_source.get(source_id, set())
        return out

    def build(row: CodeRow, prefix: list[str]) -> tuple[CodeNode, set[int], set[int], int]:
        names = [*prefix, row[3]]
        built = [build(child, names) for child in kids.get(row[0], [])]
        own_sources = pairs.get(row[0], set())
        sources = set(own_sources)
        total = codings.get(row[0], 0)
        for _, child_sources, _, child_total in built:
            sources |= child_sources
            total += child_total
        cases = cases_of(sources)
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
            sources=len(own_sources),
            cases=len(cases_of(own_sources)),
            total_codings=total,
            total_sources=len(sources),
            total_cases=len(cases),
            children=tuple(replace(b[0], parent_uuid=row[1]) for b in built),
        )
        return node, sources, cases, total

    return [build(row, [])[0] for row in kids.get(None, [])]


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
            where = join_path(names[:depth]) or "the top level"
            raise NotFoundError(f"No code {name!r} under {where} (looking for {path!r}).")
        parent = found
    assert parent is not None
    return parent
