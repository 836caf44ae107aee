"""Coding every hit, or the sentence, paragraph or speaker turn around it, in one transaction."""

from __future__ import annotations

import pytest
from search_study import CODER, Study

from workbench.core.errors import ValidationError
from workbench.core.search import SearchOptions, coding_requests, hit_ranges
from workbench.core.text.units import expand


def test_ranges_by_unit(study: Study) -> None:
    project = study.project
    hits = project.search.search("zoom", limit=None).hits
    text = project.sources.text(study.p01)
    pieces = {
        unit: sorted(text[a:b] for s, a, b in hit_ranges(project, hits, unit) if s == study.p01)
        for unit in ("hit", "sentence", "paragraph", "turn")
    }
    assert pieces["hit"] == ["Zoom", "Zoom"]
    # the speaker label is not part of the first sentence ("e.g. " ends one, too)
    assert pieces["sentence"] == [
        "We met on Zoom 😀 after the programme matched us.",
        "on Zoom.Slack calls.",
    ]
    paragraph = text.split("\n\n")[1]
    assert pieces["paragraph"] == [paragraph]  # both hits share it: one range
    assert pieces["turn"] == [paragraph.removeprefix("P01: ")]


def test_code_all_hits_is_one_undoable_change(study: Study) -> None:
    project = study.project
    hits = project.search.search('"video call"', limit=None).hits
    requests = coding_requests(project, hits, code=study.definition, unit="sentence")
    assert len(requests) == 3
    changes = project.codings.apply_many(requests, coder=CODER)
    coded = [
        project.sources.text(s.source_uuid)[s.start : s.end]
        for s in project.codings.segments(code=study.definition)
    ]
    assert "The video call was short." in coded
    assert len(coded) == 3
    project.restore(changes.undo, coder=CODER)
    assert project.codings.segments(code=study.definition) == []


def test_memo_and_code_hits_are_not_coded(study: Study) -> None:
    exact = SearchOptions(stemming=False)
    hits = study.project.search.search("confident OR grows", options=exact, limit=None).hits
    assert {h.kind for h in hits} == {"code", "memo"}
    assert hits and hit_ranges(study.project, hits) == []
    with pytest.raises(ValidationError, match="Cannot code by 'page'"):
        hit_ranges(study.project, hits, "page")  # type: ignore[arg-type]


def test_expand_keeps_the_label_out_of_a_turn() -> None:
    text = "Interviewer: Why? Tell me.\nP01: Because. It works!\n"
    turns = [("Interviewer", 0, 26), ("P01", 27, 51)]
    at = text.index("works")
    assert text[slice(*expand(text, at, at + 5, "turn", turns))] == "Because. It works!"
    assert text[slice(*expand(text, at, at + 5, "sentence", turns))] == "It works!"
    first = text.index("Because")
    assert text[slice(*expand(text, first, first + 7, "sentence", turns))] == "Because."
    assert text[slice(*expand(text, 0, 11, "turn", turns))] == "Interviewer: Why? Tell me."
    no_turn = "Just a paragraph. With two sentences."
    assert expand(no_turn, 0, 4, "turn") == (0, len(no_turn))
