"""The demo project: the study's codebook and demographics, synthetic transcripts, two coders."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from workbench.core.demo import CODERS, build_demo
from workbench.core.project import Project


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.qwb")


def test_codebook_is_the_study_table(demo: Path) -> None:
    with Project.open(demo, read_only=True) as project:
        nodes = project.codebook.all()
    assert [sum(1 for n in nodes if n.depth == d) for d in range(3)] == [5, 16, 48]
    assert all(n.description and n.inclusion and n.exclusion and n.example for n in nodes)
    assert len({n.color for n in nodes}) == 69
    assert [n.name for n in nodes if n.depth == 0] == [
        "Communication Methods",
        "Challenges and Solutions",
        "Professional Development",
        "Personal Development",
        "Technology and Tools",
    ]


def test_participants_match_the_study_distribution(demo: Path) -> None:
    with Project.open(demo, read_only=True) as project:
        cases = project.cases.list()
    assert len(cases) == 25
    assert Counter(c.attributes["age_group"] for c in cases) == {
        "20-29": 8,
        "30-39": 10,
        "40-49": 5,
        "50-59": 2,
    }
    assert Counter(c.attributes["sector"] for c in cases) == {
        "Technology": 10,
        "Education": 5,
        "Healthcare": 4,
        "Business": 6,
    }
    assert {c.attributes["role"] for c in cases} == {"mentor", "mentee"}
    assert all(c.sources == (c.name,) for c in cases)


def test_transcripts_are_synthetic_interviews(demo: Path) -> None:
    with Project.open(demo, read_only=True) as project:
        sources = project.sources.list()
        texts = {s.name: project.sources.text(s.uuid) for s in sources}
        notices = {s.name: project.sources.metadata(s.uuid)["notice"] for s in sources}
    assert len(sources) == 25
    for source in sources:
        words = len(texts[source.name].split())
        assert 800 <= words <= 1600, (source.name, words)
        # the heading is the source's notice, shown above the text, not part of it
        notice = notices[source.name]
        assert notice.startswith("SYNTHETIC TRANSCRIPT") and "Not real interview data" in notice
        assert "SYNTHETIC" not in texts[source.name]
        assert texts[source.name].startswith("Interviewer: ")
        assert source.speakers == ("Interviewer", source.name)
        assert set(source.attributes) == {"interview_date", "interview_mode"}
        assert set(source.done_by) == set(CODERS.values())


def test_every_concept_coded_twice_and_coders_partly_disagree(demo: Path) -> None:
    with Project.open(demo, read_only=True) as project:
        concepts = [n for n in project.codebook.all() if n.depth == 2]
        segments = project.codings.segments()
        memos = project.memos.list()
        notes = project.annotations.list()
    assert all(c.codings >= 2 for c in concepts)
    by_coder = {
        coder: {(s.source, s.code_path, s.start, s.end) for s in segments if s.coder == coder}
        for coder in CODERS.values()
    }
    a, b = by_coder.values()
    shared = len(a & b)
    assert 0.5 < shared / len(a | b) < 0.9
    assert len(memos) >= 5 and len(notes) >= 5
