"""Asking the index: the exact word lists a query word stands for, and the candidate items.

The index query is a *relaxed* form of the user's query: NOT is dropped, phrases become AND of
their words, fields apply to whole items. Every item with a matching passage is therefore a
candidate (the exact check on the stored text follows), and candidates come ranked (BM25F).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh import query as wq
from whoosh.codec.base import Automata

from workbench.core.search.analysis import stem
from workbench.core.search.filters import KINDS, Scope
from workbench.core.search.locate import Tests
from workbench.core.search.matching import Leaf, PhraseTest, WordTest, accept_for, word_shape
from workbench.core.search.passages import fold_label
from workbench.core.search.query import And, Field, Node, Not, Or, Pattern, Phrase, Term

__all__ = [
    "StemMap",
    "add_to_stem_map",
    "build_stem_map",
    "candidate_query",
    "filter_query",
    "index_tests",
]

StemMap = dict[str, list[str]]
_EVERYTHING = None  # a relaxed clause that every item satisfies
# A word standing for more indexed words than this (a wide wildcard) does not narrow the
# candidates: Whoosh would score every posting of every word (seconds), the texts take less.
MAX_INDEX_WORDS = 64


def build_stem_map(reader: Any) -> StemMap:
    """Stem → the indexed words with that stem (made once per index, then kept up to date)."""
    stems: StemMap = {}
    for raw in reader.lexicon("text"):
        word = raw.decode("utf-8")
        stems.setdefault(stem(word), []).append(word)
    return stems


def add_to_stem_map(stems: StemMap, words: set[str]) -> None:
    for word in words:
        bucket = stems.setdefault(stem(word), [])
        if word not in bucket:
            bucket.append(word)


def index_tests(
    reader: Any, leaves: Sequence[Leaf], stemming: bool, stems: StemMap
) -> dict[Leaf, WordTest | PhraseTest]:
    """Word tests whose words come from the index's word list (complete, then checked exactly)."""
    tests: dict[Leaf, WordTest | PhraseTest] = {}
    for leaf in leaves:
        if isinstance(leaf, Phrase):
            places = [_term_words(Term(w), stemming, stems) for w in leaf.words]
            counts = [sum(reader.frequency("text", w) for w in place) for place in places]
            tests[leaf] = PhraseTest(places, anchor=counts.index(min(counts)))
            continue
        if isinstance(leaf, Term):
            words = _term_words(leaf, stemming, stems)
        elif isinstance(leaf, Pattern):
            words = [raw.decode("utf-8") for raw in reader.expand_prefix("text", leaf.prefix)]
        else:
            words = [leaf.word, *_words_within(reader, leaf.word, leaf.distance)]
        accept = accept_for(leaf, stemming=stemming)
        shape = word_shape(leaf) if isinstance(leaf, Pattern) else None
        tests[leaf] = WordTest((w for w in words if accept(w)), shape)
    return tests


def _words_within(reader: Any, word: str, distance: int) -> list[str]:
    """The indexed words within ``distance`` edits of ``word``: one automaton, run over each
    segment's word list. (Whoosh's reader of several segments compares every indexed word in
    Python instead: 95 ms for R's nine segments, ten times one segment's cost.)"""
    dfa = Automata.levenshtein_dfa(word, distance, 0)
    found: set[str] = set()
    for segment, _offset in reader.leaf_readers():
        found.update(Automata.find_matches(dfa, segment.cursor("text")))
    return sorted(found)


def _term_words(term: Term, stemming: bool, stems: StemMap) -> list[str]:
    """The indexed words a query word stands for (with its stem's words when stemming)."""
    if not stemming:
        return [term.word]
    accept = accept_for(term, stemming=True)
    return [w for w in dict.fromkeys([term.word, *stems.get(stem(term.word), [])]) if accept(w)]


def candidate_query(node: Node, tests: Tests, scope: Scope) -> Any:
    """The relaxed index query (None: every item is a candidate)."""
    if isinstance(node, Not):
        return _EVERYTHING
    if isinstance(node, And):
        parts = [candidate_query(child, tests, scope) for child in node.children]
        kept = [p for p in parts if p is not _EVERYTHING]
        return wq.And(kept) if len(kept) > 1 else kept[0] if kept else _EVERYTHING
    if isinstance(node, Or):
        parts = [candidate_query(child, tests, scope) for child in node.children]
        return _EVERYTHING if any(p is _EVERYTHING for p in parts) else wq.Or(parts)
    if isinstance(node, Field):
        return _field_query(node, scope)
    test = tests[node]
    if isinstance(test, PhraseTest):
        return wq.And([_words_query(t) for t in test.words])
    assert isinstance(test, WordTest)
    return _words_query(test)


def _words_query(test: WordTest) -> Any:
    words = sorted(test.terms or ())
    if not words:
        return wq.NullQuery
    if len(words) > MAX_INDEX_WORDS:
        return _EVERYTHING
    return (
        wq.Or([wq.Term("text", w) for w in words]) if len(words) > 1 else wq.Term("text", words[0])
    )


def _field_query(node: Field, scope: Scope) -> Any:
    if node.name == "kind":
        return wq.Term("kind", node.value)
    if node.name == "speaker":
        label = fold_label(node.value)
        if "*" in label or "?" in label:
            return wq.Wildcard("speaker", label)
        return wq.Term("speaker", label)
    if node.name == "source":
        owners: Sequence[str] = sorted(scope.source_sets.get(node.value, ()))
    else:
        owners = sorted({source for source, _ in scope.case_pairs.get(node.value, ())})
    return _owners(owners)


def _owners(owners: Sequence[str]) -> Any:
    if not owners:
        return wq.NullQuery
    return wq.Or([wq.Term("owner", o) for o in owners])


def filter_query(scope: Scope) -> Any:
    """What the filters allow, as an index query (None: no restriction)."""
    clauses: list[Any] = []
    if set(KINDS) - scope.kinds:
        clauses.append(wq.Or([wq.Term("kind", k) for k in sorted(scope.kinds)]))
    if scope.restricted:
        clauses.append(wq.Term("kind", "source"))
        allowed = scope.candidate_sources()
        if allowed is not None:
            clauses.append(_owners(sorted(allowed)))
    if not clauses:
        return None
    return wq.And(clauses) if len(clauses) > 1 else clauses[0]
