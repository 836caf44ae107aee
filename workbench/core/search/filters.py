"""Narrowing a search: by source, by case attribute (``sector = Healthcare``), to hits inside
or outside segments coded with a code; and resolving ``case:`` and ``source:`` to items."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from workbench.core.db import search_rows
from workbench.core.db.project_rows import case_links
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.search.analysis import fold
from workbench.core.search.passages import Item, Passage, fold_label
from workbench.core.search.query import Field, Node
from workbench.core.services.attribute_types import to_storage
from workbench.core.services.codebook_tree import with_descendants

__all__ = [
    "Condition",
    "Facts",
    "Scope",
    "SearchFilters",
    "fields_of",
    "parse_condition",
    "resolve",
]

KINDS = ("source", "memo", "code")
_OPERATORS = ("<=", ">=", "!=", "=", "<", ">")
_CONDITION = re.compile(r"\s*(?P<name>.+?)\s*(?P<op><=|>=|!=|=|<|>)\s*(?P<value>.*?)\s*")
# (source uuid, speaker label); the label "" stands for the whole source.
Pair = tuple[str, str]


@dataclass(frozen=True)
class Condition:
    """``attribute op value``, e.g. ``sector = Healthcare`` or ``age >= 40``."""

    attribute: str
    op: str
    value: str


def parse_condition(text: str) -> Condition:
    """Read ``name op value`` (op one of = != < <= > >=); ValidationError if malformed."""
    match = _CONDITION.fullmatch(text)
    if not match or not match.group("value"):
        raise ValidationError(
            f"Cannot read the filter {text!r}: write attribute, operator and value, "
            "e.g. 'sector = Healthcare' (operators: = != < <= > >=)."
        )
    return Condition(match.group("name"), match.group("op"), match.group("value"))


@dataclass(frozen=True)
class SearchFilters:
    """What to search besides the query: ``sources`` (uuids; empty = all), ``where``
    conditions on case or source attributes (all must hold), hits ``inside_code`` or
    ``outside_code`` (uuids; sub-codes count unless ``include_subcodes`` is False), and the
    ``kinds`` of items (source, memo, code). A source-only filter leaves memos and codes out."""

    sources: tuple[str, ...] = ()
    where: tuple[Condition, ...] = ()
    inside_code: str | None = None
    outside_code: str | None = None
    include_subcodes: bool = True
    kinds: tuple[str, ...] = KINDS


@dataclass
class Scope:
    """Filters and query fields resolved against the project, as tests on passages and hits."""

    kinds: frozenset[str]
    sources: frozenset[str] | None = None  # allowed sources (None: all)
    conditions: list[frozenset[Pair]] = field(default_factory=list)
    coded: dict[str, list[tuple[int, int]]] | None = None  # merged coded ranges per source
    inside: bool = True
    case_pairs: dict[str, frozenset[Pair]] = field(default_factory=dict)  # case: value → pairs
    source_sets: dict[str, frozenset[str]] = field(default_factory=dict)  # source: value → uuids
    # source uuid → (case name, speaker) of its case links ("" links the whole source)
    links: Mapping[str, list[tuple[str, str]]] = field(default_factory=dict)
    _cases: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def cases_of(self, item: Item, passage: Passage) -> tuple[str, ...]:
        """The cases a passage belongs to (via its source or its speaker)."""
        if item.kind != "source":
            return ()
        key = (item.uuid, passage.speaker)
        known = self._cases.get(key)
        if known is None:
            known = self._cases[key] = self._find_cases(item, passage)
        return known

    def _find_cases(self, item: Item, passage: Passage) -> tuple[str, ...]:
        return tuple(
            sorted(
                {
                    name
                    for name, speaker in self.links.get(item.uuid, ())
                    if not speaker or speaker == passage.speaker
                }
            )
        )

    def candidate_sources(self) -> frozenset[str] | None:
        """The sources that can hold hits at all (None: no limit from the filters)."""
        allowed = self.sources
        for pairs in self.conditions:
            owners = frozenset(source for source, _ in pairs)
            allowed = owners if allowed is None else allowed & owners
        if self.coded is not None and self.inside:
            owners = frozenset(self.coded)
            allowed = owners if allowed is None else allowed & owners
        return allowed

    def item_ok(self, item: Item) -> bool:
        if item.kind not in self.kinds:
            return False
        if item.kind != "source":
            return not self.restricted
        allowed = self.candidate_sources()
        return allowed is None or item.uuid in allowed

    @property
    def restricted(self) -> bool:
        return self.sources is not None or bool(self.conditions) or self.coded is not None

    def passage_ok(self, item: Item, passage: Passage) -> bool:
        return all(_in_pairs(pairs, item.uuid, passage.speaker) for pairs in self.conditions)

    def hit_ok(self, item: Item, start: int, end: int) -> bool:
        if self.coded is None or item.kind != "source":
            return True
        ranges = self.coded.get(item.uuid, [])
        index = bisect_right(ranges, (start, float("inf"))) - 1
        covered = index >= 0 and ranges[index][0] <= start and end <= ranges[index][1]
        return covered == self.inside

    def field_ok(self, item: Item, passage: Passage, node: Field) -> bool:
        if node.name == "kind":
            return item.kind == node.value
        if node.name == "speaker":
            return bool(passage.speaker) and _value_matches(node.value, passage.speaker)
        if item.kind != "source":
            return False
        if node.name == "source":
            return item.uuid in self.source_sets.get(node.value, frozenset())
        return _in_pairs(self.case_pairs.get(node.value, frozenset()), item.uuid, passage.speaker)


def fields_of(node: Node) -> list[Field]:
    """The field conditions of a query."""
    from workbench.core.search.query import And, Not, Or

    if isinstance(node, Field):
        return [node]
    if isinstance(node, And | Or):
        return [f for child in node.children for f in fields_of(child)]
    if isinstance(node, Not):
        return fields_of(node.child)
    return []


class Facts:
    """What the filters need to know about the project, read once per revision."""

    def __init__(self, s: Session, revision: int) -> None:
        self.revision = revision
        # Source uuids by database id come from the uuid index: no source row is read.
        self.source_ids = search_rows.source_uuids_by_id(s)
        case_names = search_rows.case_names_by_id(s)
        self.links: dict[str, set[Pair]] = defaultdict(set)  # case name → pairs
        self.links_by_source: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for case_id, source_id, speaker in case_links(s):
            name, source = case_names[case_id], self.source_ids[source_id]
            self.links[name].add((source, speaker or ""))
            self.links_by_source[source].append((name, speaker or ""))
        self._names: dict[str, str] | None = None

    def names(self, s: Session) -> dict[str, str]:
        """Source names by uuid (read when a query names sources)."""
        if self._names is None:
            self._names = search_rows.source_names_by_uuid(s)
        return self._names


def resolve(s: Session, filters: SearchFilters, query: Node, facts: Facts) -> Scope:
    """Look up what the filters and the query's case:/source: fields refer to."""
    unknown = set(filters.kinds) - set(KINDS)
    if unknown:
        raise ValidationError(
            f"Unknown kind(s) {', '.join(sorted(unknown))}; use {', '.join(KINDS)}."
        )
    scope = Scope(kinds=frozenset(filters.kinds), links=facts.links_by_source)
    if filters.sources:
        known = set(facts.source_ids.values())
        missing = [u for u in filters.sources if u not in known]
        if missing:
            raise NotFoundError(f"No source with id {missing[0]} in this project.")
        scope.sources = frozenset(filters.sources)
    for condition in filters.where:
        scope.conditions.append(_condition_pairs(s, condition, facts))
    code = filters.inside_code or filters.outside_code
    if filters.inside_code and filters.outside_code:
        raise ValidationError("Choose either inside or outside a code, not both.")
    if code:
        scope.coded = _coded_ranges(s, code, filters.include_subcodes, facts)
        scope.inside = filters.inside_code is not None
    for node in fields_of(query):
        if node.name == "source":
            scope.source_sets[node.value] = frozenset(
                uuid for uuid, name in facts.names(s).items() if _value_matches(node.value, name)
            )
        elif node.name == "case":
            scope.case_pairs[node.value] = frozenset(
                pair
                for name, pairs in facts.links.items()
                if _value_matches(node.value, name)
                for pair in pairs
            )
    return scope


def _in_pairs(pairs: frozenset[Pair], source: str, speaker: str) -> bool:
    return (source, "") in pairs or (bool(speaker) and (source, speaker) in pairs)


def _value_matches(pattern: str, value: str) -> bool:
    wanted, actual = fold_label(pattern), fold_label(value)
    if "*" in wanted or "?" in wanted:
        parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in wanted)
        return re.fullmatch("".join(parts), actual, re.DOTALL) is not None
    return wanted == actual


def _condition_pairs(s: Session, condition: Condition, facts: Facts) -> frozenset[Pair]:
    attributes = search_rows.attribute_heads(s)
    chosen = [a for a in attributes if fold(a[1]) == fold(condition.attribute.strip())]
    if not chosen:
        known = sorted({a[1] for a in attributes})
        raise NotFoundError(
            f"No attribute named {condition.attribute!r}"
            + (
                f"; the attributes are: {', '.join(known)}."
                if known
                else " (the project has none)."
            )
        )
    pairs: set[Pair] = set()
    for attribute_id, name, scope, kind in chosen:
        wanted = _canonical(condition, kind, name)
        for value, case_name, source_id in search_rows.attribute_value_rows(s, attribute_id):
            if not _compare(value, condition.op, wanted, kind):
                continue
            if scope == "case" and case_name is not None:
                pairs.update(facts.links.get(case_name, ()))
            elif source_id is not None and source_id in facts.source_ids:
                pairs.add((facts.source_ids[source_id], ""))
    return frozenset(pairs)


def _canonical(condition: Condition, kind: str, name: str) -> str:
    if kind in ("number", "date", "boolean"):
        return to_storage(condition.value, kind, (), name)
    if condition.op not in ("=", "!="):
        raise ValidationError(f"{name} holds text: compare it with = or !=, not {condition.op}.")
    return condition.value


def _compare(stored: str, op: str, wanted: str, kind: str) -> bool:
    if stored == "" and kind != "text":
        return op == "!="
    if kind == "number":
        left: float | str = float(stored)
        right: float | str = float(wanted)
    elif kind in ("text", "choice"):
        left, right = fold(" ".join(stored.split())), fold(" ".join(wanted.split()))
    else:
        left, right = stored, wanted
    if op == "=":
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right  # type: ignore[operator]
    if op == "<=":
        return left <= right  # type: ignore[operator]
    if op == ">":
        return left > right  # type: ignore[operator]
    return left >= right  # type: ignore[operator]


def _coded_ranges(
    s: Session, code: str, include_subcodes: bool, facts: Facts
) -> dict[str, list[tuple[int, int]]]:
    code_id = search_rows.code_id(s, code)
    if code_id is None:
        raise NotFoundError(f"No code with id {code} in this project.")
    ids = with_descendants(s, code_id) if include_subcodes else {code_id}
    ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source_id, start, end in search_rows.coded_spans(s, ids):
        spans = ranges[facts.source_ids[source_id]]
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return dict(ranges)
