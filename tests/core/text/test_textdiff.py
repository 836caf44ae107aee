"""Tests for workbench.core.text.textdiff: the replacements always rebuild the new text, stay
inside what was replaced, and are rough exactly where the cost cap was hit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.core.text.replace import Replacement, apply_replacements
from workbench.core.text.textdiff import diff_text, refine_replacements

texts = st.text(alphabet="ab c\n.", max_size=60)
caps = st.sampled_from([1, 4, 30, 10**8])


@given(old=texts, new=texts, cap=caps)
def test_diff_rebuilds_the_new_text(old: str, new: str, cap: int) -> None:
    diff = diff_text(old, new, cap=cap)
    assert apply_replacements(old, diff.replacements, []).text == new
    spans = [(r.start, r.end) for r in diff.replacements]
    assert set(diff.rough) <= set(spans)
    if cap == 10**8:
        assert not diff.rough


@given(text=texts, data=st.data(), cap=caps)
def test_refined_replacements_make_the_same_text_within_the_given_ranges(
    text: str, data: st.DataObject, cap: int
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    given_rep = Replacement(start, end, data.draw(texts))
    refined = refine_replacements(text, [given_rep], cap=cap)
    expected = apply_replacements(text, [given_rep], []).text
    assert apply_replacements(text, refined.replacements, []).text == expected
    assert all(start <= r.start <= r.end <= end for r in refined.replacements)


def test_a_retyped_sentence_changes_only_the_corrected_word() -> None:
    old = "We met on Zoom after the programme matched us.\n"
    new = "We met on Zoom after the program matched us.\n"
    assert diff_text(old, new).replacements == (Replacement(32, 34, ""),)
    refined = refine_replacements(old, [Replacement(0, len(old) - 1, new[:-1])])
    assert refined.replacements == (Replacement(32, 34, ""),)
