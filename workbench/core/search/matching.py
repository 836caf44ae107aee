"""Exact word matching on folded text: which words a query word stands for, and where they are.

A query word is resolved to the complete set of folded words it accepts — from the index's word
list, or from the words of the project's texts — and a :class:`WordTest` finds those words in
folded text with one compiled expression (folded text keeps the stored text's offsets).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from workbench.core.search.analysis import WORD, stem
from workbench.core.search.query import Fuzzy, Pattern, Phrase, Term

__all__ = [
    "Leaf",
    "PhraseTest",
    "WordTest",
    "accept_for",
    "levenshtein_within",
    "tests_from_words",
    "word_shape",
]

Leaf = Term | Pattern | Fuzzy | Phrase
# Above this many words one expression gets slow; the text is then walked word by word.
MAX_ALTERNATIVES = 300


class WordTest:
    """Finds the words of ``terms`` (a complete set of folded words) in folded text.

    ``shape`` (a wildcard pattern's expression for one whole word) finds them directly when
    there are too many words for one expression of alternatives."""

    def __init__(self, terms: Iterable[str], shape: str | None = None) -> None:
        self.terms = frozenset(terms)
        self._regex: re.Pattern[str] | None = None
        if len(self.terms) > MAX_ALTERNATIVES and shape is not None:
            self._regex = re.compile(rf"{shape}(?!\w)")
        elif 0 < len(self.terms) <= MAX_ALTERNATIVES:
            alternatives = "|".join(map(re.escape, sorted(self.terms, key=len, reverse=True)))
            # The left word boundary is checked per match: a look-behind first would stop the
            # engine from skipping ahead to the literal start of the words.
            self._regex = re.compile(rf"(?:{alternatives})(?!\w)")

    @property
    def impossible(self) -> bool:
        return not self.terms

    def matches(self, folded_word: str) -> bool:
        return folded_word in self.terms

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every word of folded ``text`` in ``terms``, in order."""
        if not self.terms:
            return []
        if self._regex is None:
            terms = self.terms
            return [m.span() for m in WORD.finditer(text) if m.group() in terms]
        out: list[tuple[int, int]] = []
        terms = self.terms
        for match in self._regex.finditer(text):
            start = match.start()
            if start and WORD.match(text, start - 1, start):
                continue  # the end of a longer word
            if match.group() in terms:
                out.append((start, match.end()))
        return out


class PhraseTest:
    """Finds words next to each other, in order, in folded text.

    Each place of the phrase accepts a set of folded words (one word, or every word with its
    stem when the search stems). The text is scanned for the ``anchor`` place (the rarest, or
    else the longest); the places after it are checked with one expression, the places before it
    by stepping back a word at a time."""

    def __init__(self, places: Sequence[Iterable[str]], anchor: int | None = None) -> None:
        self.words = [WordTest(place) for place in places]
        if anchor is None:
            anchor = max(
                range(len(self.words)),
                key=lambda i: (max(map(len, self.words[i].terms), default=0), i),
            )
        self._anchor = anchor
        self._find = re.compile(rf"{_alternatives(self.words[anchor].terms)}(?!\w)")
        following = self.words[anchor + 1 :]
        body = "".join(rf"\W+{_alternatives(w.terms)}" for w in following)
        self._after = re.compile(rf"{body}(?!\w)") if following else None

    @property
    def impossible(self) -> bool:
        return any(w.impossible for w in self.words)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every occurrence (overlapping ones too: "a a" in "a a a")."""
        if self.impossible:
            return []
        out: list[tuple[int, int]] = []
        before = self.words[: self._anchor]
        for match in self._find.finditer(text):
            start, end = match.span()
            if start and _is_word(text, start - 1):
                continue  # the end of a longer word
            if self._after is not None:
                rest = self._after.match(text, end)
                if rest is None:
                    continue
                end = rest.end()
            for place in reversed(before):
                start = _word_before(text, start, place.terms)
                if start < 0:
                    break
            else:
                out.append((start, end))
        return out


def _alternatives(words: Iterable[str]) -> str:
    """One expression for any of ``words`` (the longest first, so none is cut short)."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(map(re.escape, ordered)) + ")" if ordered else "(?!)"


def _is_word(text: str, index: int) -> bool:
    return WORD.match(text, index, index + 1) is not None


def _word_before(text: str, position: int, words: frozenset[str]) -> int:
    """Where the word before ``position`` starts if it is one of ``words`` (-1 if it is not)."""
    gap = position
    while gap > 0 and not _is_word(text, gap - 1):
        gap -= 1
    if gap == position:
        return -1
    start = gap
    while start > 0 and _is_word(text, start - 1):
        start -= 1
    return start if text[start:gap] in words else -1


def levenshtein_within(a: str, b: str, limit: int) -> bool:
    """True if ``a`` becomes ``b`` with at most ``limit`` insertions, deletions or replacements."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(value)
            best = min(best, value)
        if best > limit:
            return False
        previous = current
    return previous[-1] <= limit


def word_shape(pattern: Pattern) -> str:
    """An expression matching the words of a wildcard pattern (at a word's start)."""
    parts = (r"\w*" if c == "*" else r"\w" if c == "?" else re.escape(c) for c in pattern.pattern)
    return "".join(parts)


def accept_for(leaf: Term | Pattern | Fuzzy, *, stemming: bool) -> Callable[[str], bool]:
    """The predicate on folded words that defines what a query word matches."""
    if isinstance(leaf, Term):
        word = leaf.word
        if not stemming:
            return lambda folded: folded == word
        target = stem(word)
        return lambda folded: folded == word or stem(folded) == target
    if isinstance(leaf, Pattern):
        regex = leaf.regex()
        return lambda folded: regex.fullmatch(folded) is not None
    word, distance = leaf.word, leaf.distance
    return lambda folded: levenshtein_within(folded, word, distance)


def tests_from_words(
    leaves: Iterable[Leaf], vocabulary: Callable[[], Iterable[str]], *, stemming: bool
) -> dict[Leaf, WordTest | PhraseTest]:
    """Word tests for ``leaves`` over a vocabulary (every folded word there is; only asked for
    when a query word needs it: stemmed, wildcard or fuzzy)."""
    tests: dict[Leaf, WordTest | PhraseTest] = {}
    for leaf in leaves:
        if isinstance(leaf, Phrase):
            tests[leaf] = PhraseTest(
                [_phrase_place(word, vocabulary, stemming=stemming) for word in leaf.words]
            )
        elif isinstance(leaf, Term) and not stemming:
            tests[leaf] = WordTest([leaf.word])
        else:
            accept = accept_for(leaf, stemming=stemming)
            shape = word_shape(leaf) if isinstance(leaf, Pattern) else None
            tests[leaf] = WordTest((w for w in vocabulary() if accept(w)), shape)
    return tests


def _phrase_place(
    word: str, vocabulary: Callable[[], Iterable[str]], *, stemming: bool
) -> list[str]:
    """The folded words one place of a phrase accepts: the word, or every word with its stem."""
    if not stemming:
        return [word]
    accept = accept_for(Term(word), stemming=True)
    return [word, *(w for w in vocabulary() if w != word and accept(w))]
