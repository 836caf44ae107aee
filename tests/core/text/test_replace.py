"""Tests for workbench.core.text.replace."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.text.replace import RemapResult, Replacement, Span, apply_replacements

# --------------------------------------------------------------------------------------------
# Brute-force reference.
#
# Every character of the new text is tagged with where it came from: ("orig", i) for the
# surviving original character i, or ("new", r) for a character of replacement r's new text.
# A span [s, e) then *owns* a set of new characters:
#   * a surviving original character i if s <= i < e;
#   * the new text of a non-empty replacement [a, b) if that replaced range shares at least
#     one character with the span (a < e and b > s): the span stretches over it;
#   * the new text of an insertion at a (a == b) only if s < a < e, i.e. strictly inside.
#     An insertion exactly at s or at e is not owned: insertion at the start does not join
#     the span (the span shifts right) and insertion at the end does not extend it.
# The remapped span runs from its first owned character to just after its last one; a span
# owning nothing is removed.
# --------------------------------------------------------------------------------------------

Tag = tuple[str, int]


def overlapping(r1: Replacement, r2: Replacement) -> bool:
    """Reference overlap rule, pairwise and explicit."""
    if max(r1.start, r2.start) < min(r1.end, r2.end):
        return True  # they share a character
    if r1.start == r1.end and r2.start < r1.start < r2.end:
        return True  # insertion strictly inside r2
    if r2.start == r2.end and r1.start < r2.start < r1.end:
        return True
    return r1.start == r1.end == r2.start == r2.end  # two insertions at the same point


def reference(text: str, replacements: Sequence[Replacement], spans: Sequence[Span]) -> RemapResult:
    tagged: list[tuple[str, Tag]] = [(c, ("orig", i)) for i, c in enumerate(text)]
    # Work from the back so earlier original indices stay valid.  At equal starts the
    # non-empty replacement goes first so that an insertion at its start lands before it.
    order = sorted(
        range(len(replacements)),
        key=lambda i: (replacements[i].start, replacements[i].end),
        reverse=True,
    )
    for r in order:
        rep = replacements[r]
        tagged[rep.start : rep.end] = [(c, ("new", r)) for c in rep.new_text]
    new_text = "".join(c for c, _ in tagged)

    kept: list[Span] = []
    removed: list[Span] = []
    for span in spans:
        owned = [k for k, (_, tag) in enumerate(tagged) if owns(span, tag, replacements)]
        if not owned:
            removed.append(span)
            continue
        assert owned == list(range(owned[0], owned[-1] + 1)), "owned chars must be contiguous"
        kept.append(Span(span.key, owned[0], owned[-1] + 1))
    return RemapResult(new_text, tuple(kept), tuple(removed))


def owns(span: Span, tag: Tag, replacements: Sequence[Replacement]) -> bool:
    kind, index = tag
    if kind == "orig":
        return span.start <= index < span.end
    rep = replacements[index]
    if rep.start == rep.end:
        return span.start < rep.start < span.end
    return rep.start < span.end and rep.end > span.start


# --------------------------------------------------------------------------------------------
# Strategies.
# --------------------------------------------------------------------------------------------

CHARS = st.sampled_from(["a", "b", " ", "é", "中", "😀", "🎉", "\n"])


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, list[Replacement], list[Span]]:
    text = draw(st.text(alphabet=CHARS, min_size=1, max_size=20))
    n = len(text)
    position = st.integers(0, n)
    replacements: list[Replacement] = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(position)
        b = a if draw(st.booleans()) else draw(position)
        new = draw(st.text(alphabet=CHARS, max_size=3))
        candidate = Replacement(min(a, b), max(a, b), new)
        if not any(overlapping(candidate, r) for r in replacements):
            replacements.append(candidate)
    spans: list[Span] = []
    for i in range(draw(st.integers(0, 6))):
        s = draw(st.integers(0, n - 1))
        e = draw(st.integers(s + 1, n))
        spans.append(Span(f"span-{i}", s, e))
    return text, draw(st.permutations(replacements)), spans


@given(cases())
def test_matches_reference(case: tuple[str, list[Replacement], list[Span]]) -> None:
    text, replacements, spans = case
    result = apply_replacements(text, replacements, spans)
    assert result == reference(text, replacements, spans)
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(result.text)


@given(
    st.text(alphabet=CHARS, max_size=8),
    st.lists(
        st.tuples(
            st.integers(-1, 9),
            st.sampled_from([0, 0, 1, 2, 3, -1]),  # end - start: insertions are common
            st.text(alphabet=CHARS, max_size=2),
        ),
        max_size=4,
    ),
)
def test_rejects_exactly_the_invalid_batches(text: str, raw: list[tuple[int, int, str]]) -> None:
    replacements = [Replacement(a, a + width, new) for a, width, new in raw]
    inside = all(0 <= r.start <= r.end <= len(text) for r in replacements)
    disjoint = not any(
        overlapping(r1, r2) for i, r1 in enumerate(replacements) for r2 in replacements[i + 1 :]
    )
    if inside and disjoint:
        result = apply_replacements(text, replacements, [])
        assert result == reference(text, replacements, [])
    else:
        with pytest.raises(ValueError):
            apply_replacements(text, replacements, [])


# --------------------------------------------------------------------------------------------
# Hand-written examples.  Text indices: "0123456789".
# --------------------------------------------------------------------------------------------

DIGITS = "0123456789"


def remap(replacements: list[Replacement], start: int, end: int) -> Span | None:
    result = apply_replacements(DIGITS, replacements, [Span("k", start, end)])
    if result.removed:
        assert result.removed == (Span("k", start, end),)
        assert result.spans == ()
        return None
    (span,) = result.spans
    return span


def test_no_replacements() -> None:
    result = apply_replacements("abc", [], [Span("k", 0, 3)])
    assert result == RemapResult("abc", (Span("k", 0, 3),), ())


def test_replacement_after_span_leaves_it() -> None:
    assert remap([Replacement(6, 8, "xxxxx")], 2, 5) == Span("k", 2, 5)
    assert remap([Replacement(5, 7, "")], 2, 5) == Span("k", 2, 5)  # touching the end


def test_replacement_before_span_shifts_it() -> None:
    assert remap([Replacement(0, 1, "abc")], 2, 5) == Span("k", 4, 7)
    assert remap([Replacement(0, 2, "")], 2, 5) == Span("k", 0, 3)  # touching the start


def test_replacement_inside_stretches_or_shrinks() -> None:
    assert remap([Replacement(3, 4, "xyz")], 2, 6) == Span("k", 2, 8)
    assert remap([Replacement(3, 5, "")], 2, 6) == Span("k", 2, 4)
    assert remap([Replacement(2, 6, "x")], 2, 6) == Span("k", 2, 3)  # exactly the span


def test_replacement_over_start_edge() -> None:
    # Replaces "12|34" where the span starts at 3: the span now starts at the new text.
    result = apply_replacements(DIGITS, [Replacement(1, 5, "AB")], [Span("k", 3, 7)])
    assert result.text == "0AB56789"
    assert result.spans == (Span("k", 1, 5),)
    assert result.text[1:5] == "AB56"
    assert remap([Replacement(1, 5, "")], 3, 7) == Span("k", 1, 3)


def test_replacement_over_end_edge() -> None:
    result = apply_replacements(DIGITS, [Replacement(5, 8, "XYZW")], [Span("k", 3, 7)])
    assert result.text == "01234XYZW89"
    assert result.spans == (Span("k", 3, 9),)
    assert remap([Replacement(5, 8, "")], 3, 7) == Span("k", 3, 5)


def test_replacement_covering_span_takes_its_new_text() -> None:
    # A coding on exactly "John" covers "Alice" afterwards; one inside "John" too.
    text = "I met John today"
    spans = [Span("exact", 6, 10), Span("part", 7, 9), Span("wider", 2, 16)]
    result = apply_replacements(text, [Replacement(6, 10, "Alice")], spans)
    assert result.text == "I met Alice today"
    assert result.spans == (Span("exact", 6, 11), Span("part", 6, 11), Span("wider", 2, 17))
    assert result.removed == ()


def test_span_inside_deletion_is_removed() -> None:
    spans = [Span("a", 3, 5), Span("b", 2, 7), Span("c", 1, 4)]
    result = apply_replacements(DIGITS, [Replacement(2, 7, "")], spans)
    assert result.text == "01789"
    assert result.spans == (Span("c", 1, 2),)
    assert result.removed == (Span("a", 3, 5), Span("b", 2, 7))


def test_span_over_adjacent_deletions_is_removed() -> None:
    reps = [Replacement(5, 8, ""), Replacement(2, 5, "")]
    assert remap(reps, 3, 7) is None
    # An insertion strictly inside keeps it alive, covering just the inserted text.
    reps = [Replacement(2, 5, ""), Replacement(5, 5, "ins"), Replacement(5, 8, "")]
    result = apply_replacements(DIGITS, reps, [Span("k", 3, 7)])
    assert result.text == "01ins89"
    assert result.spans == (Span("k", 2, 5),)


def test_insertion_at_start_does_not_join() -> None:
    result = apply_replacements(DIGITS, [Replacement(2, 2, "ab")], [Span("k", 2, 5)])
    assert result.text == "01ab23456789"
    assert result.spans == (Span("k", 4, 7),)
    assert result.text[4:7] == "234"


def test_insertion_at_end_does_not_extend() -> None:
    result = apply_replacements(DIGITS, [Replacement(5, 5, "ab")], [Span("k", 2, 5)])
    assert result.text == "01234ab56789"
    assert result.spans == (Span("k", 2, 5),)


def test_insertion_strictly_inside_extends() -> None:
    result = apply_replacements(DIGITS, [Replacement(3, 3, "ab")], [Span("k", 2, 5)])
    assert result.text == "012ab3456789"
    assert result.spans == (Span("k", 2, 7),)


def test_insertion_touching_a_replacement() -> None:
    # An insertion at a replacement's start goes before its new text, at its end after it.
    reps = [Replacement(5, 5, ">"), Replacement(2, 5, "X"), Replacement(2, 2, "<")]
    result = apply_replacements(DIGITS, reps, [Span("k", 2, 5), Span("m", 3, 4)])
    assert result.text == "01<X>56789"
    assert result.spans == (Span("k", 3, 4), Span("m", 3, 4))


def test_insertion_and_deletion_removes_span_at_edges() -> None:
    reps = [Replacement(2, 2, "<"), Replacement(2, 5, ""), Replacement(5, 5, ">")]
    result = apply_replacements(DIGITS, reps, [Span("k", 2, 5)])
    assert result.text == "01<>56789"
    assert result.removed == (Span("k", 2, 5),)


def test_many_spans_keep_input_order_and_duplicate_ranges() -> None:
    spans = [Span("z", 6, 9), Span("a", 0, 2), Span("m", 6, 9), Span("gone", 4, 5)]
    result = apply_replacements(DIGITS, [Replacement(4, 5, ""), Replacement(0, 0, "__")], spans)
    assert result.text == "__012356789"
    assert [s.key for s in result.spans] == ["z", "a", "m"]
    assert result.spans[0] == Span("z", 7, 10)
    assert result.spans[1] == Span("a", 2, 4)
    assert result.removed == (Span("gone", 4, 5),)


def test_non_ascii_and_emoji() -> None:
    text = "Zoë 😀 sagte: «Ja» 🎉!"
    start = text.index("sagte")
    span = Span("k", start, start + len("sagte"))
    emoji = text.index("😀")
    reps = [Replacement(0, 3, "Anaïs"), Replacement(emoji, emoji + 1, "🙂🙂")]
    result = apply_replacements(text, reps, [span, Span("e", emoji, emoji + 1)])
    assert result.text == "Anaïs 🙂🙂 sagte: «Ja» 🎉!"
    moved, face = result.spans
    assert result.text[moved.start : moved.end] == "sagte"
    assert result.text[face.start : face.end] == "🙂🙂"


def test_whole_text_replaced() -> None:
    result = apply_replacements("abc", [Replacement(0, 3, "")], [Span("k", 0, 3)])
    assert result == RemapResult("", (), (Span("k", 0, 3),))
    result = apply_replacements("", [Replacement(0, 0, "new")], [])
    assert result.text == "new"


@pytest.mark.parametrize(
    "replacement",
    [Replacement(-1, 2, "x"), Replacement(3, 2, "x"), Replacement(5, 11, "x")],
)
def test_replacement_outside_text(replacement: Replacement) -> None:
    with pytest.raises(ValueError, match="inside the text") as info:
        apply_replacements(DIGITS, [replacement], [])
    assert repr(replacement) in str(info.value)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Replacement(2, 5, "x"), Replacement(4, 6, "y")),
        (Replacement(2, 5, "x"), Replacement(2, 5, "x")),
        (Replacement(2, 5, "x"), Replacement(3, 3, "y")),
        (Replacement(4, 4, "x"), Replacement(4, 4, "y")),
        (Replacement(1, 9, ""), Replacement(3, 4, "y")),
    ],
)
def test_overlapping_replacements(first: Replacement, second: Replacement) -> None:
    with pytest.raises(ValueError, match="overlap") as info:
        apply_replacements(DIGITS, [second, Replacement(0, 1, "z"), first], [])
    assert repr(first) in str(info.value)
    assert repr(second) in str(info.value)


@pytest.mark.parametrize(
    "span", [Span("k", 3, 3), Span("k", 4, 2), Span("k", -1, 2), Span("k", 5, 11)]
)
def test_invalid_span(span: Span) -> None:
    with pytest.raises(ValueError, match="'k'"):
        apply_replacements(DIGITS, [], [span])


def test_inputs_are_not_modified() -> None:
    reps = [Replacement(5, 6, "x"), Replacement(1, 2, "")]
    spans = [Span("k", 0, 9)]
    apply_replacements(DIGITS, reps, spans)
    assert reps == [Replacement(5, 6, "x"), Replacement(1, 2, "")]
    assert spans == [Span("k", 0, 9)]


def test_large_batch_accounts_for_every_span() -> None:
    rng = random.Random(1234)
    words = ["Anna", "Berlin", "said", "the", "Müller", "😀", "and", "then"]
    text = " ".join(rng.choice(words) for _ in range(70_000))[:300_000]
    text += "x" * (300_000 - len(text))
    cuts = sorted(rng.sample(range(300_000), 10_000))
    replacements = [
        Replacement(cuts[i], cuts[i + 1] if i % 3 else cuts[i], rng.choice(["P1", "", "Person"]))
        for i in range(0, 10_000, 2)
    ]
    rng.shuffle(replacements)
    spans = []
    for i in range(2_000):
        start = rng.randrange(299_000)
        spans.append(Span(f"c{i}", start, start + rng.randint(1, 1_000)))
    result = apply_replacements(text, replacements, spans)
    assert len(replacements) == 5_000
    assert len(result.spans) + len(result.removed) == 2_000
