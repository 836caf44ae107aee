"""Evaluating a query on one document's stored text: exact hit offsets, passage by passage."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from typing import NamedTuple

from workbench.core.search.matching import Leaf, PhraseTest, WordTest
from workbench.core.search.passages import Item, Passage
from workbench.core.search.query import And, Field, Node, Not, Or

__all__ = ["FieldTest", "Located", "Tests", "leaves", "locate", "needs_words", "snippet"]

Span = tuple[int, int]
# Which passages satisfy a field condition: (item, passage, field) -> bool.
FieldTest = Callable[[Item, Passage, Field], bool]
PassageTest = Callable[[Item, Passage], bool]
# The word tests of a query: one per word, a list (one per word) for a phrase.
Tests = Mapping[Leaf, WordTest | PhraseTest]


class Located(NamedTuple):
    """One hit: ``item.parts[part][start:end]``, inside ``passage``."""

    part: str
    start: int
    end: int
    passage: Passage


def leaves(node: Node) -> list[Leaf]:
    """The word-matching nodes of a query, in order, each once."""
    out: list[Leaf] = []

    def walk(n: Node) -> None:
        if isinstance(n, And | Or):
            for child in n.children:
                walk(child)
        elif isinstance(n, Not):
            walk(n.child)
        elif not isinstance(n, Field) and n not in out:
            out.append(n)

    walk(node)
    return out


def needs_words(node: Node) -> bool:
    """True if no passage can match without holding a matched word (so most are skipped)."""
    if isinstance(node, Field | Not):
        return False
    if isinstance(node, And):
        return any(needs_words(child) for child in node.children)
    if isinstance(node, Or):
        return all(needs_words(child) for child in node.children)
    return True


def locate(
    item: Item,
    node: Node,
    tests: Tests,
    field_test: FieldTest,
    passage_test: PassageTest | None = None,
    enough: int | None = None,
) -> list[Located]:
    """Every hit of ``node`` in ``item``, in text order (part by part); stops once it has
    ``enough``.

    A passage that satisfies the query but holds no matched words (``NOT zoom``,
    ``speaker:P07``) is one hit as a whole."""
    wordy = needs_words(node)
    query_leaves = leaves(node)
    found: list[Located] = []
    for part, text in item.parts.items():
        found_spans = {leaf: _leaf_spans(tests[leaf], text) for leaf in query_leaves}
        if wordy and not any(found_spans.values()):
            continue
        passages = item.passages_of(part)
        if not passages:
            continue
        starts, ends = passages.starts, passages.ends
        spans: dict[object, dict[int, list[Span]]] = {}
        touched: set[int] = set()
        for leaf, leaf_spans in found_spans.items():
            per_passage: dict[int, list[Span]] = {}
            for span in leaf_spans:
                index = bisect_right(starts, span[0]) - 1
                if index >= 0 and span[1] <= ends[index]:
                    per_passage.setdefault(index, []).append(span)
            spans[leaf] = per_passage
            touched.update(per_passage)
        indexes = sorted(touched) if wordy else range(len(passages))
        for index in indexes:
            passage = passages[index]
            if passage_test is not None and not passage_test(item, passage):
                continue
            matched, hits = _evaluate(node, index, spans, item, passage, field_test)
            if not matched:
                continue
            if hits:
                found.extend([Located(part, s, e, passage) for s, e in sorted(set(hits))])
            else:
                start, end = _trim(text, passage.start, passage.end)
                found.append(Located(part, start, end, passage))
            if enough is not None and len(found) >= enough:
                return found
    return found


def _leaf_spans(test: WordTest | PhraseTest, text: str) -> list[Span]:
    return [] if test.impossible else test.spans(text)


def _evaluate(
    node: Node,
    index: int,
    spans: dict[object, dict[int, list[Span]]],
    item: Item,
    passage: Passage,
    field_test: FieldTest,
) -> tuple[bool, list[Span]]:
    if isinstance(node, Field):
        return field_test(item, passage, node), []
    if isinstance(node, Not):
        matched, _ = _evaluate(node.child, index, spans, item, passage, field_test)
        return not matched, []
    if isinstance(node, And):
        hits: list[Span] = []
        for child in node.children:
            matched, child_hits = _evaluate(child, index, spans, item, passage, field_test)
            if not matched:
                return False, []
            hits.extend(child_hits)
        return True, hits
    if isinstance(node, Or):
        hits = []
        any_matched = False
        for child in node.children:
            matched, child_hits = _evaluate(child, index, spans, item, passage, field_test)
            if matched:
                any_matched = True
                hits.extend(child_hits)
        return any_matched, hits
    leaf_hits = spans[node].get(index, [])
    return bool(leaf_hits), list(leaf_hits)


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_ONE_LINE = str.maketrans("\r\n\t", "   ")


def snippet(text: str, start: int, end: int, width: int = 60) -> tuple[str, str, str]:
    """Keyword in context: (before, match, after), cut at word boundaries, on one line."""
    lo = max(0, start - width)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if 0 <= space < start - 1 else lo
    hi = min(len(text), end + width)
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space > end else hi
    before = ("…" if lo > 0 else "") + _one_line(text[lo:start])
    after = _one_line(text[end:hi]) + ("…" if hi < len(text) else "")
    return before, _one_line(text[start:end]), after


def _one_line(text: str) -> str:
    return text.translate(_ONE_LINE)
