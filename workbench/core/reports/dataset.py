"""One consistent snapshot of what the reports count: codes, codings, sources, cases, attributes.

Reports load a :class:`ReportData` once (a handful of queries in one read session) and then
compute in memory, so a table and the segments behind its counts always agree.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy.orm import Session

from workbench.core.db import project_rows
from workbench.core.services.attribute_types import from_storage
from workbench.core.services.codebook_tree import CodeRow, children_by_parent, load_code_rows
from workbench.core.text.codepath import join_path
from workbench.core.values import AttributeValue as Value
from workbench.core.values import CodeNode

if TYPE_CHECKING:
    from workbench.core.project import Project

Turn = tuple[str, int, int]


class CodingRecord(NamedTuple):
    """A coding (a tuple: cheap to make by the hundred thousand)."""

    id: int
    uuid: str
    source_id: int
    code_id: int
    coder: str
    start: int
    end: int


@dataclass(frozen=True)
class SourceRecord:
    id: int
    uuid: str
    name: str
    length: int
    turns: tuple[Turn, ...]
    attributes: Mapping[str, Value]


@dataclass(frozen=True)
class CaseRecord:
    id: int
    uuid: str
    name: str
    attributes: Mapping[str, Value]


@dataclass(frozen=True)
class AttributeRecord:
    name: str
    scope: str
    type: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class SetRecord:
    uuid: str
    name: str
    kind: str
    member_ids: frozenset[int]


@dataclass
class ReportData:
    """Everything a report counts, loaded in one read session (see :func:`load_report_data`)."""

    codes: list[CodeNode]  # in tree order, without counts or children
    codings: list[CodingRecord]
    sources: dict[int, SourceRecord]
    cases: dict[int, CaseRecord]
    links: dict[int, list[tuple[int, str]]]
    attributes: list[AttributeRecord]
    sets: list[SetRecord]
    coders: list[str]
    code_ids: dict[str, int] = field(default_factory=dict)  # code uuid → the id codings name
    children: dict[int | None, list[int]] = field(default_factory=dict)
    _by_id: dict[int, CodeNode] = field(default_factory=dict)
    _parents: dict[int, int | None] = field(default_factory=dict)
    _cases: dict[int, tuple[int, ...]] = field(default_factory=dict)
    _turn_starts: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {self.code_ids[c.uuid]: c for c in self.codes}
        self._parents = {
            self.code_ids[c.uuid]: None if c.parent_uuid is None else self.code_ids[c.parent_uuid]
            for c in self.codes
        }
        self._turn_starts = {
            s.id: [start for _, start, _ in s.turns] for s in self.sources.values()
        }
        kids: dict[int | None, list[int]] = defaultdict(list)
        for code_id, parent_id in self._parents.items():
            kids[parent_id].append(code_id)
        self.children = dict(kids)

    def code(self, code_id: int) -> CodeNode:
        return self._by_id[code_id]

    def code_id(self, uuid: str) -> int:
        """The id the codings give for the code ``uuid``; NotFoundError for an unknown one."""
        found = self.code_ids.get(uuid)
        if found is None:
            from workbench.core.errors import NotFoundError

            raise NotFoundError(f"No code with id {uuid} in this project.")
        return found

    def subtree(self, code_id: int) -> list[int]:
        """``code_id`` and all its descendants, in tree order."""
        out = [code_id]
        for child in self.children.get(code_id, []):
            out.extend(self.subtree(child))
        return out

    def ancestors(self, code_id: int) -> list[int]:
        """``code_id`` and its ancestors up to the theme."""
        out: list[int] = []
        current: int | None = code_id
        while current is not None:
            out.append(current)
            current = self._parents[current]
        return out

    def case_attributes(self) -> list[AttributeRecord]:
        return [a for a in self.attributes if a.scope == "case"]

    def source_attributes(self) -> list[AttributeRecord]:
        return [a for a in self.attributes if a.scope == "source"]

    def turns_of(self, coding: CodingRecord) -> list[tuple[str, int, int]]:
        """The speaker turns the coding overlaps, in order."""
        turns = self.sources[coding.source_id].turns
        if not turns:
            return []
        starts = self._turn_starts[coding.source_id]
        index = max(0, bisect.bisect_right(starts, coding.start) - 1)
        out = []
        for turn in turns[index:]:
            if turn[1] >= coding.end:
                break
            if turn[2] > coding.start:
                out.append(turn)
        return out

    def speakers_of(self, coding: CodingRecord) -> tuple[str, ...]:
        """The speakers whose turns the coding overlaps, in order of appearance."""
        return tuple(dict.fromkeys(speaker for speaker, _, _ in self.turns_of(coding)))

    def cases_of(self, coding: CodingRecord) -> tuple[int, ...]:
        """Cases of a coding: those linked to its whole source, and those linked to a speaker
        whose turns it overlaps (focus groups)."""
        cached = self._cases.get(coding.id)
        if cached is not None:
            return cached
        links = self.links.get(coding.source_id, [])
        if not links:
            self._cases[coding.id] = ()
            return ()
        speakers: tuple[str, ...] | None = None
        out: dict[int, None] = {}
        for case_id, speaker in links:
            if not speaker:
                out[case_id] = None
                continue
            if speakers is None:
                speakers = self.speakers_of(coding)
            if speaker in speakers:
                out[case_id] = None
        self._cases[coding.id] = tuple(out)
        return self._cases[coding.id]


def load_report_data(project: Project) -> ReportData:
    """Read the project once for the reports."""
    with project.read() as session:
        return _load(session)


def _load(s: Session) -> ReportData:
    rows = load_code_rows(s)
    kids = children_by_parent(rows)
    codes: list[CodeNode] = []
    code_ids: dict[str, int] = {}

    def walk(parent: CodeRow | None, names: list[str]) -> None:
        for row in kids.get(parent[0] if parent else None, []):
            path_names = [*names, row[3]]
            code_ids[row[1]] = row[0]
            codes.append(
                CodeNode(
                    uuid=row[1],
                    parent_uuid=parent[1] if parent else None,
                    name=row[3],
                    path=join_path(path_names),
                    color=row[4],
                    description=row[5],
                    inclusion=row[6],
                    exclusion=row[7],
                    example=row[8],
                    position=row[9],
                    codable=row[10],
                    version=row[11],
                )
            )
            walk(row, path_names)

    walk(None, [])
    coder_names = project_rows.coder_names(s)
    make = CodingRecord._make
    codings = [
        make((r[0], r[1], r[2], r[3], coder_names.get(r[4], ""), r[5], r[6]))
        for r in project_rows.coding_rows(s)
    ]
    attributes: list[AttributeRecord] = []
    types: dict[int, AttributeRecord] = {}
    for a in project_rows.attribute_rows(s):
        record = AttributeRecord(a.name, a.scope, a.type, tuple(a.choices))
        attributes.append(record)
        types[a.id] = record
    case_values: dict[int, dict[str, Value]] = defaultdict(dict)
    source_values: dict[int, dict[str, Value]] = defaultdict(dict)
    for attr_id, case_id, source_id, value in project_rows.attribute_values(s):
        record = types[attr_id]
        if case_id is not None:
            target = case_values[case_id]
        elif source_id is not None:
            target = source_values[source_id]
        else:
            continue
        target[record.name] = from_storage(value, record.type)
    sources: dict[int, SourceRecord] = {}
    for r in project_rows.source_rows(s, "length", "meta"):
        sources[r[0]] = SourceRecord(
            r[0], r[1], r[2], r[3], _turns(r[4]), dict(source_values.get(r[0], {}))
        )
    cases = {
        c.id: CaseRecord(c.id, c.uuid, c.name, dict(case_values.get(c.id, {})))
        for c in project_rows.case_rows(s)
    }
    links: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for case_id, source_id, speaker in project_rows.case_links(s):
        links[source_id].append((case_id, speaker))
    members: dict[int, set[int]] = defaultdict(set)
    for set_id, source_id, code_id in project_rows.set_members(s):
        member = source_id if source_id is not None else code_id
        if member is not None:
            members[set_id].add(member)
    sets = [
        SetRecord(row.uuid, row.name, row.kind, frozenset(members.get(row.id, set())))
        for row in project_rows.set_rows(s)
    ]
    return ReportData(
        codes=codes,
        code_ids=code_ids,
        codings=codings,
        sources=sources,
        cases=cases,
        links=dict(links),
        attributes=attributes,
        sets=sets,
        coders=sorted(coder_names.values(), key=str.casefold),
    )


def _turns(meta: Mapping[str, Any] | None) -> tuple[Turn, ...]:
    out: list[Turn] = []
    for item in (meta or {}).get("turns", []) or []:
        try:
            speaker, start, end = item
            out.append((str(speaker), int(start), int(end)))
        except (TypeError, ValueError):
            continue
    out.sort(key=lambda t: (t[1], t[2]))
    return tuple(out)
