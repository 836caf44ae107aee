"""Mapping codings from one version of a text onto a corrected one (``merge_text``): codings on
unchanged text keep exactly their characters; nothing is stretched."""

from __future__ import annotations

import random

from corrections import Case, cases, long_text
from hypothesis import given, settings

from workbench.core.teamwork.merge_text import TextMapper
from workbench.core.text.replace import Replacement, Span
from workbench.core.text.textdiff import COST_CAP, diff_text


def check_mapping(case: Case, exact: dict[str, tuple[int, int]], lost: set[str]) -> None:
    """Untouched spans land exactly where the ground truth says, on the same characters;
    spans an edit touches are lost, or mapped no wider than the corrections touching them
    allow. ``exact`` and ``lost`` are keyed by the span's index."""
    new = case.new
    for index, span in enumerate(case.spans):
        key = str(index)
        old_piece = case.old[span[0] : span[1]]
        touching = case.touching(span)
        if not touching:
            assert exact.get(key) == case.expected(span), (span, case.edits)
            start, end = exact[key]
            assert new[start:end] == old_piece
            continue
        zones = [case.zone(e) for e in touching]
        if key in lost:  # only if all its characters lay where a correction could have been
            assert len(old_piece) <= sum(hi - lo for lo, hi in zones)
            continue
        lo, hi = case.bounds(span)
        start, end = exact[key]
        assert lo <= start < end <= hi, (span, touching)  # never stretched


@settings(max_examples=500, deadline=None)
@given(case=cases())
def test_codings_outside_corrections_keep_their_characters(case: Case) -> None:
    spans = [Span(str(i), s, e) for i, (s, e) in enumerate(case.spans)]
    result = TextMapper(case.old, case.new).map_spans(spans)
    assert result.text == case.new
    assert not result.unsure  # every block is under the cost cap here
    check_mapping(case, result.exact, {s.key for s in result.lost})


def test_a_few_characters_corrected_in_a_long_paragraph() -> None:
    """The report: coding 40-60 became 29-3083 after a correction elsewhere in its paragraph."""
    old = long_text(7, 2)
    assert old.index("\n") > 3000
    new = old[:2000] + "CORRECTED" + old[2005:]
    result = TextMapper(old, new).map_spans([Span("c", 40, 60), Span("d", 1990, 2010)])
    assert result.exact["c"] == (40, 60)
    assert new[1990 : result.exact["d"][1]] == old[1990:2000] + "CORRECTED" + old[2005:2010]
    assert diff_text(old, new).replacements == (Replacement(2000, 2005, "CORRECTED"),)


def test_a_coding_inside_deleted_text_is_lost_not_stretched() -> None:
    old = long_text(8, 2)
    new = old[:1000] + old[1400:]
    result = TextMapper(old, new).map_spans([Span("gone", 1100, 1200), Span("kept", 40, 60)])
    assert [s.key for s in result.lost] == ["gone"]
    assert result.exact == {"kept": (40, 60)}


def test_above_the_cost_cap_codings_with_an_end_in_the_block_are_unsure() -> None:
    rng = random.Random(3)
    # One "word" of 12,000 letters retyped with a change every 500 characters: comparing it
    # character by character would cost 12,000 x 12,000 > COST_CAP.
    block = "".join(rng.choice("abcdefgh") for _ in range(12_000))
    retyped = "".join("Z" if i % 500 == 250 else c for i, c in enumerate(block))
    assert len(block) * len(retyped) > COST_CAP
    old = "Before the block.\n" + block + "\nAfter the block.\n"
    new = "Before the block.\n" + retyped + "\nAfter the block.\n"
    head = len("Before the block.\n")
    tail = head + len(block) + 1
    spans = [
        Span("before", 0, 6),
        Span("inside", head + 1000, head + 1020),  # its text is still there: found again
        Span("straddles", head + 740, head + 760),  # a character of it was changed
        Span("ends-inside", 3, head + 1010),
        Span("around", 2, tail + 3),
        Span("after", tail, tail + 5),
    ]
    result = TextMapper(old, new).map_spans(spans)
    assert result.exact == {"before": (0, 6), "around": (2, tail + 3), "after": (tail, tail + 5)}
    assert set(result.unsure) == {"inside", "straddles", "ends-inside"}
    assert result.unsure["inside"] == (head + 1000, head + 1020)  # a guess, reported as unsure
