"""Fuzzy matching for the quick-code palette: a query matches a candidate when its characters
occur in order (case-insensitively); contiguous runs and word starts score higher."""

from __future__ import annotations

from dataclasses import dataclass

MATCH = 1.0
WORD_START = 2.0
FIRST_CHAR = 2.5  # the candidate's very first character: the strongest start there is
CONSECUTIVE = 1.5
GAP = 0.1  # per skipped character between two matched ones
GAP_CAP = 1.5  # a long gap costs no more than this
LEAD = 0.02  # per character before the first match
LEAD_CAP = 0.5

_SEPARATORS = frozenset(" /\\-_.:,;()[]&'\"+|›")


@dataclass(frozen=True)
class FuzzyMatch:
    score: float
    positions: tuple[int, ...]  # matched character indexes in the candidate, increasing


def _bonus(candidate: str, index: int) -> float:
    if index == 0:
        return FIRST_CHAR
    before, here = candidate[index - 1], candidate[index]
    if before in _SEPARATORS and here not in _SEPARATORS:
        return WORD_START
    if before.islower() and here.isupper():
        return WORD_START  # camelCase
    if before.isalpha() and here.isdigit():
        return WORD_START * 0.5
    return 0.0


def fuzzy_match(query: str, candidate: str) -> FuzzyMatch | None:
    """The best alignment of ``query`` in ``candidate``, or None if it is not a subsequence.

    Whitespace in the query is ignored ("vid cal" is "vidcal"). An empty query matches
    everything with score 0. A run of consecutive matches keeps the bonus of its first
    character, so the query itself is always the best-scoring candidate for a query."""
    needle = _fold("".join(query.split()))
    if not needle:
        return FuzzyMatch(0.0, ())
    hay = _fold(candidate)
    if not _is_subsequence(needle, hay):
        return None

    # best[j] for the current query character: (score, run_bonus, back-pointer) ending at j
    positions = [[j for j, ch in enumerate(hay) if ch == q] for q in needle]
    previous: dict[int, tuple[float, float]] = {}
    back: list[dict[int, int]] = []
    for i, cols in enumerate(positions):
        current: dict[int, tuple[float, float]] = {}
        pointers: dict[int, int] = {}
        for j in cols:
            bonus = _bonus(candidate, j)
            if i == 0:
                lead = min(j * LEAD, LEAD_CAP)
                current[j] = (MATCH + bonus - lead, bonus)
                continue
            best: tuple[float, float] | None = None
            best_from = -1
            for k, (score, run_bonus) in previous.items():
                if k >= j:
                    continue
                if k == j - 1:
                    carried = max(bonus, run_bonus, CONSECUTIVE)
                    option = (score + MATCH + carried, carried)
                else:
                    gap = min((j - k - 1) * GAP, GAP_CAP)
                    option = (score + MATCH + bonus - gap, bonus)
                if best is None or option[0] > best[0]:
                    best, best_from = option, k
            if best is not None:
                current[j] = best
                pointers[j] = best_from
        if not current:
            return None
        back.append(pointers)
        previous = current
    end = max(previous, key=lambda j: (previous[j][0], -j))
    score = previous[end][0]
    path = [end]
    for pointers in reversed(back[1:]):
        path.append(pointers[path[-1]])
    return FuzzyMatch(round(score, 6), tuple(reversed(path)))


def fuzzy_score(query: str, candidate: str) -> float | None:
    """How well ``query`` matches ``candidate`` (higher is better), or None for no match."""
    found = fuzzy_match(query, candidate)
    return None if found is None else found.score


def _fold(text: str) -> str:
    """Case-fold character by character, keeping every index (``"ß"`` stays one character)."""
    out = []
    for ch in text:
        folded = ch.casefold()
        if len(folded) != 1:
            folded = ch.lower() if len(ch.lower()) == 1 else ch
        out.append(folded)
    return "".join(out)


def _is_subsequence(needle: str, hay: str) -> bool:
    at = 0
    for ch in needle:
        at = hay.find(ch, at)
        if at < 0:
            return False
        at += 1
    return True
