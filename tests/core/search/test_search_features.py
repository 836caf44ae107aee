"""What queries find: words, phrases, operators, wildcards, fuzzy words, fields and filters,
answered from the index and by reading the texts, with the same exact offsets."""

from __future__ import annotations

import re

import pytest
from search_study import CODER, GROUP, P01, P02, Study

from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.project import Project
from workbench.core.search import (
    QueryError,
    SearchFilters,
    SearchOptions,
    find_in_text,
    parse_condition,
)

TEXTS = {"P01": P01, "P02": P02, "Focus group": GROUP}
MODES = [pytest.param(True, id="index"), pytest.param(False, id="scan")]


def found(study: Study, query: str, *, use_index: bool, stemming: bool = True, **filters: object):
    search = study.project.search
    if use_index:
        search.ensure_index(wait=True)
    result = search.search(
        query,
        options=SearchOptions(stemming=stemming, use_index=use_index),
        filters=SearchFilters(**filters),  # type: ignore[arg-type]
        limit=None,
    )
    assert result.indexed == use_index
    return result


def words(study: Study, query: str, *, use_index: bool, **kwargs: object) -> list[tuple[str, str]]:
    """(label, matched text) of every hit, checked against the stored text."""
    result = found(study, query, use_index=use_index, **kwargs)
    out = []
    for hit in result.hits:
        if hit.kind == "source":
            assert TEXTS[hit.label][hit.start : hit.end] == hit.match
        out.append((hit.label, hit.match))
    return sorted(out)


@pytest.mark.parametrize("use_index", MODES)
def test_words_are_folded_and_stemmed(study: Study, use_index: bool) -> None:
    assert words(study, "zoom", use_index=use_index, stemming=False) == [
        ("Focus group", "Zoom"),
        ("P01", "Zoom"),
        ("P01", "Zoom"),
        ("P02", "Zoom"),
    ]
    stemmed = words(study, "mentor", use_index=use_index)
    assert ("P01", "Mentoring") in stemmed and ("P02", "mentors") in stemmed
    assert ("Mentors and trust", "Mentors") in stemmed  # memo titles and texts are searched
    exact = words(study, "mentor", use_index=use_index, stemming=False)
    assert set(exact) < set(stemmed) and ("P01", "Mentoring") not in exact
    assert words(study, "CAFE", use_index=use_index) == [("P01", "café")]
    assert words(study, "naive", use_index=use_index) == [("P01", "naïve")]


@pytest.mark.parametrize("use_index", MODES)
def test_phrases_wildcards_fuzzy(study: Study, use_index: bool) -> None:
    assert words(study, '"video call"', use_index=use_index) == [
        ("Focus group", "video call"),
        ("Focus group", "video call"),
        ("P01", "video call"),
    ]
    # punctuation between the words of a phrase does not matter; its order does
    assert words(study, '"zoom slack"', use_index=use_index) == [("P01", "Zoom.Slack")]
    assert words(study, "Zoom.Slack", use_index=use_index) == [("P01", "Zoom.Slack")]
    assert words(study, '"call video"', use_index=use_index) == []
    assert words(study, "e.g", use_index=use_index) == [("P01", "e.g")]
    assert words(study, "conf*", use_index=use_index) == [
        ("Mentors and trust", "confidence"),
        ("P02", "confidence"),
        ("Trust", "confident"),
    ]
    assert words(study, "m?ntor", use_index=use_index, stemming=False) == words(
        study, "mentor", use_index=use_index, stemming=False
    )
    fuzzy = words(study, "confidance~", use_index=use_index)
    assert ("P02", "confidence") in fuzzy and ("Trust", "confident") not in fuzzy
    near = words(study, "confidant~", use_index=use_index)
    assert ("Trust", "confident") in near and ("P02", "confidence") not in near


@pytest.mark.parametrize("use_index", MODES)
def test_phrases_follow_the_stemming_setting(study: Study, use_index: bool) -> None:
    # "Zoom.Slack calls": the phrase's last word is plural in the text
    assert words(study, '"slack call"', use_index=use_index) == [("P01", "Slack calls")]
    assert words(study, '"slack calls"', use_index=use_index) == [("P01", "Slack calls")]
    assert words(study, '"slack call"', use_index=use_index, stemming=False) == []
    # a stemmed phrase finds the same passages whichever form it is written in
    assert words(study, '"video calls"', use_index=use_index) == words(
        study, '"video call"', use_index=use_index
    )
    assert words(study, '"video calls"', use_index=use_index, stemming=False) == []
    text = "Time zones, a time zone; TIME-ZONE. zone time"
    both = [(0, 10), (14, 23), (25, 34)]
    assert find_in_text(text, '"time zone"', stemming=True) == both
    assert find_in_text(text, '"time zones"', stemming=True) == both
    assert find_in_text(text, '"time zones"', stemming=False) == [(0, 10)]


@pytest.mark.parametrize("use_index", MODES)
def test_operators_work_per_passage(study: Study, use_index: bool) -> None:
    # AND: both words in the same turn; the hits are the words
    assert words(study, "mentor AND work", use_index=use_index) == [
        ("Focus group", "mentor"),
        ("Focus group", "work"),
    ]
    # NOT drops the turns holding the word, not whole sources: P01 says Zoom only next to Slack
    assert words(study, "zoom NOT slack", use_index=use_index) == [
        ("Focus group", "Zoom"),
        ("P02", "Zoom"),
    ]
    assert words(study, "slack NOT video", use_index=use_index) == [("P01", "Slack")]
    assert words(study, "(slack OR friday) -video", use_index=use_index) == [("P01", "Slack")]
    alone = found(study, "NOT zoom AND speaker:P02", use_index=use_index).hits
    assert [(h.label, h.speaker) for h in alone] == []  # P02's only turn mentions Zoom
    turns = found(study, "speaker:interviewer", use_index=use_index).hits
    assert {h.label for h in turns} == {"P01", "P02"}
    assert all(h.match.startswith("Interviewer:") for h in turns)  # the whole turn is the hit


@pytest.mark.parametrize("use_index", MODES)
def test_fields(study: Study, use_index: bool) -> None:
    assert words(study, "speaker:Anna video", use_index=use_index) == [("Focus group", "video")]
    assert words(study, "speaker:P0* zoom", use_index=use_index) == [
        ("P01", "Zoom"),
        ("P01", "Zoom"),
        ("P02", "Zoom"),
    ]
    # case: a whole source (P01 → Alice) or one speaker of a focus group (Anna → Alice)
    assert words(study, "case:alice video", use_index=use_index) == [
        ("Focus group", "video"),
        ("P01", "video"),
    ]
    assert words(study, 'source:"focus group" zoom', use_index=use_index) == [
        ("Focus group", "Zoom")
    ]
    assert words(study, "kind:code confident", use_index=use_index) == [("Trust", "confident")]
    assert words(study, "kind:memo trust", use_index=use_index) == [
        ("Mentors and trust", "Trust"),
        ("Mentors and trust", "trust"),
    ]
    hits = found(study, "video", use_index=use_index).hits
    assert {(h.label, h.cases) for h in hits} == {
        ("P01", ("Alice",)),
        ("Focus group", ("Alice",)),  # Anna's turn
        ("Focus group", ()),  # Ben's turn
        ("Tools/Video", ()),
    }


@pytest.mark.parametrize("use_index", MODES)
def test_filters(study: Study, use_index: bool) -> None:
    inside = words(study, "zoom", use_index=use_index, inside_code=study.code)
    assert inside == [("P01", "Zoom"), ("P01", "Zoom"), ("P02", "Zoom")]
    outside = words(study, "zoom", use_index=use_index, outside_code=study.code)
    assert outside == [("Focus group", "Zoom")]
    healthcare = words(
        study, "video", use_index=use_index, where=(parse_condition("Sector = healthcare"),)
    )
    assert healthcare == [("Focus group", "video"), ("P01", "video")]
    older = words(study, "zoom", use_index=use_index, where=(parse_condition("age >= 50"),))
    assert older == [("P02", "Zoom")]
    only = words(study, "mentor", use_index=use_index, sources=(study.p02,))
    assert only == [("P02", "mentor"), ("P02", "mentors")]
    memos = words(study, "trust", use_index=use_index, kinds=("memo",))
    assert {label for label, _ in memos} == {"Mentors and trust"}


def test_hits_carry_context_and_parts(study: Study) -> None:
    result = found(study, "confident", use_index=True, stemming=False)
    (hit,) = result.hits
    assert (hit.kind, hit.item, hit.label, hit.part) == (
        "code",
        study.definition,
        "Trust",
        "description",
    )
    assert (hit.before, hit.match, hit.after) == ("Feeling ", "confident", " in the mentor.")
    assert hit.snippet == "Feeling confident in the mentor."
    memo = found(study, "grows", use_index=True).hits[0]
    assert (memo.kind, memo.item, memo.part, memo.label) == (
        "memo",
        study.memo,
        "text",
        "Mentors and trust",
    )
    long_context = found(study, "friday", use_index=True).hits[0]
    assert long_context.before.startswith("…") and "\n" not in long_context.before
    assert long_context.speaker == "P01"


def test_limit_and_ranking(study: Study) -> None:
    search = study.project.search
    search.ensure_index(wait=True)
    everything = search.search("mentor OR zoom", limit=None)
    assert everything.complete and len(everything.hits) > 3
    first = search.search("mentor OR zoom", limit=3)
    assert not first.complete and len(first.hits) == 3
    assert first.hits == everything.hits[:3]
    assert [h.score for h in everything.hits] == sorted(
        (h.score for h in everything.hits), reverse=True
    )


def test_malformed_queries_and_filters_say_what_is_wrong(study: Study) -> None:
    search = study.project.search
    with pytest.raises(QueryError, match="never closed"):
        search.search('"video call')
    with pytest.raises(QueryError, match="Unknown field 'colour:'"):
        search.search("colour:red")
    with pytest.raises(NotFoundError, match="No attribute named 'region'; the attributes are"):
        search.search("zoom", filters=SearchFilters(where=(parse_condition("region = North"),)))
    with pytest.raises(ValidationError, match="compare it with = or !="):
        search.search("zoom", filters=SearchFilters(where=(parse_condition("sector > A"),)))
    with pytest.raises(ValidationError, match="not a number"):
        search.search("zoom", filters=SearchFilters(where=(parse_condition("age = old"),)))
    with pytest.raises(ValidationError, match="attribute, operator and value"):
        parse_condition("sector Healthcare")
    with pytest.raises(NotFoundError, match="No code"):
        search.search("zoom", filters=SearchFilters(inside_code="nope"))


def test_find_in_text_uses_the_same_language() -> None:
    text = "P01: We met on Zoom. Mentoring on zoom!\nP02: No zoom here."
    turns: list[list[object]] = [["P01", 0, 39], ["P02", 40, len(text)]]
    assert find_in_text(text, "zoom") == [(15, 19), (34, 38), (48, 52)]
    assert find_in_text(text, "mentor", stemming=True) == [(21, 30)]
    assert find_in_text(text, "speaker:P02 zoom", turns=turns) == [(48, 52)]
    assert find_in_text(text, '"on zoom"') == [(12, 19), (31, 38)]
    assert find_in_text("Ha, ha ha!", '"ha ha"') == [(0, 6), (4, 9)]  # overlapping
    assert find_in_text("aha ha", '"ha ha"') == []  # a phrase starts at a word
    with pytest.raises(QueryError):
        find_in_text(text, "zoom AND")


def test_wide_wildcards_find_every_word(project: Project) -> None:
    words = " ".join(f"Kw{n:03d}" for n in range(400))  # more words than one expression holds
    text = f"P01: {words} kwx, xkw001 and kw.\n"
    project.sources.add(name="Many", text=text, coder=CODER)
    expected = [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)kw\w*", text, re.IGNORECASE)]
    assert len(expected) == 402  # "kw" itself too: * may match nothing
    for use_index in (True, False):
        if use_index:
            project.search.ensure_index(wait=True)
        result = project.search.search(
            "kw*", options=SearchOptions(use_index=use_index, stemming=False), limit=None
        )
        assert result.indexed == use_index
        assert [(h.start, h.end) for h in result.hits] == expected
        assert len(project.search.search("kw??9", limit=None).hits) == 40


def test_hits_found_without_context_get_it_on_demand(study: Study) -> None:
    """A long list is found with no context; rows shown get theirs from the stored texts."""
    search = study.project.search
    search.ensure_index(wait=True)  # both from the index: its order is not the texts' order
    query = "mentor OR trust OR zoom"
    with_context = search.search(query, limit=None).hits
    bare = search.search(query, options=SearchOptions(context=0), limit=None).hits
    assert [(h.item, h.start) for h in bare] == [(h.item, h.start) for h in with_context]
    assert {h.kind for h in bare} == {"source", "memo", "code"}
    assert all(h.before in ("", "…") and h.after in ("", "…") for h in bare)
    assert search.with_context(bare) == list(with_context)
