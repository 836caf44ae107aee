"""Cost that does not grow with the project: the index is built in segments (the same answers
as one segment), and a page checks a bounded number of candidate items against their text."""

from __future__ import annotations

import random

import pytest
import whoosh.reading
from sqlalchemy import text
from sqlalchemy.orm import Session

from workbench.core.project import Project
from workbench.core.search import SearchOptions, indexer

CODER = "Maya Chen"
WORDS = ["mentor", "mentors", "mentoring", "zoom", "video", "call", "trust", "the", "and", "we"]
QUERIES = [
    "mentor",
    "zoom OR trust",
    "video call",
    '"video call"',
    '"mentor zoom"',
    "ment*",
    "mentr~",
    "zoom NOT trust",
    "speaker:P03",
    "kind:memo",
]


def generated(project: Project, seed: int, sources: int = 40) -> None:
    rng = random.Random(seed)
    for n in range(sources):
        turns = [
            f"{rng.choice(['Interviewer', 'P01', 'P02', 'P03'])}: "
            + " ".join(rng.choices(WORDS, k=rng.randint(5, 40)))
            for _ in range(rng.randint(1, 6))
        ]
        project.sources.add(name=f"T{n:03}", text="\n\n".join(turns) + "\n", coder=CODER)
    for n in range(5):
        project.memos.add(title=f"Memo {n}", text=" ".join(rng.choices(WORDS, k=12)), coder=CODER)
    project.codebook.add(name="Trust", description="Trust in the mentor.", coder=CODER)


def answers(project: Project) -> dict[tuple[str, bool], list[tuple[str, int, int]]]:
    out = {}
    for query in QUERIES:
        for stemming in (False, True):
            result = project.search.search(
                query, options=SearchOptions(stemming=stemming), limit=None
            )
            assert result.indexed and result.complete
            out[query, stemming] = [(h.item, h.start, h.end) for h in result.hits]
    return out


def segment_sizes(project: Project) -> list[int]:
    with project.search._keeper.reading() as (searcher, _stems, _owners):
        return [reader.doc_count_all() for reader, _ in searcher.reader().leaf_readers()]


def segments(project: Project) -> int:
    return len(segment_sizes(project))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_segmented_build_answers_like_a_single_segment(
    project: Project, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    generated(project, seed)
    monkeypatch.setattr(indexer, "_SEGMENT_WORDS", 10**9)
    project.search.rebuild(wait=True)
    one = answers(project)
    assert segments(project) == 2  # the first batch is a segment of its own
    monkeypatch.setattr(indexer, "_BATCH", 3)
    monkeypatch.setattr(indexer, "_SEGMENT_WORDS", 60)
    project.search.rebuild(wait=True)
    assert segments(project) > 10
    assert answers(project) == one


def test_a_page_checks_a_bounded_number_of_items(project: Project) -> None:
    # 60 items hold both words of the phrase (equally often: they rank by name); only every
    # tenth holds the phrase itself.
    for n in range(60):
        text = "we had a video call, then a" if n % 10 == 9 else "we had a call, then a video"
        project.sources.add(name=f"S{n:02}", text=f"P01: {text}.\nP01: {n}.\n", coder=CODER)
    project.search.ensure_index(wait=True)
    everything = project.search.search('"video call"', limit=None)
    assert len(everything.hits) == 6 and everything.checked == 60

    unbounded = project.search.search('"video call"', limit=5)
    assert unbounded.checked == 50 and len(unbounded.hits) == 5 and not unbounded.partial

    first = project.search.search('"video call"', options=SearchOptions(check_items=12), limit=5)
    assert first.checked == 12 and first.partial and not first.complete
    assert 1 <= len(first.hits) < 5  # the hits so far, in rank order
    assert first.hits == everything.hits[: len(first.hits)]

    full = project.search.search("video", options=SearchOptions(check_items=12), limit=5)
    assert full.checked == 5 and not full.partial  # a full page never needs the limit

    # Without a page, every hit is wanted: the check limit does not apply.
    exact = project.search.search('"video call"', options=SearchOptions(check_items=12), limit=None)
    assert exact.hits == everything.hits and exact.complete and not exact.partial


def test_the_check_limit_also_bounds_reading_the_texts(project: Project) -> None:
    for n in range(30):
        project.sources.add(name=f"S{n:02}", text=f"P01: a call and a video {n}.\n", coder=CODER)
    options = SearchOptions(use_index=False, check_items=7)
    result = project.search.search('"video call"', options=options, limit=5)
    assert not result.indexed and result.checked == 7 and result.partial and not result.hits


def test_updates_after_a_segmented_build_merge_only_small_segments(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated(project, 4)
    monkeypatch.setattr(indexer, "_BATCH", 3)
    monkeypatch.setattr(indexer, "_SEGMENT_WORDS", 60)
    monkeypatch.setattr(indexer, "_SMALL_SEGMENT", 3)
    project.search.rebuild(wait=True)
    large = [size for size in segment_sizes(project) if size >= 3]
    assert len(large) > 10
    for n in range(8):  # each commit adds a segment of one item; small ones get merged
        project.sources.add(name=f"New {n}", text=f"P01: mentor number {n}.\n", coder=CODER)
        project.search.wait()
        sizes = segment_sizes(project)
        assert sizes[: len(large)] == large  # the rebuild's segments stay as they are
        assert len(sizes) <= len(large) + 5
    assert len(sizes) < len(large) + 8
    result = project.search.search("number", limit=None)
    assert sorted(h.label for h in result.hits) == [f"New {n}" for n in range(8)]


def test_a_rebuild_reads_with_a_small_page_cache_and_gives_it_back(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebuild reads every text once: SQLite caching those pages only costs memory.
    generated(project, 5)
    with project.read() as s:
        usual = s.execute(text("PRAGMA cache_size")).scalar_one()
    seen: list[int] = []
    load_items = indexer.load_items

    def recording(s: Session, owners: object) -> object:
        seen.append(s.execute(text("PRAGMA cache_size")).scalar_one())
        return load_items(s, owners)  # type: ignore[arg-type]

    monkeypatch.setattr(indexer, "load_items", recording)
    monkeypatch.setattr(indexer, "_BATCH", 3)
    project.search.rebuild(wait=True)
    assert len(seen) > 10 and set(seen) == {-indexer._READ_CACHE_KIB}
    assert usual < -indexer._READ_CACHE_KIB  # smaller than the connection's own limit
    with project.read() as s:
        assert s.execute(text("PRAGMA cache_size")).scalar_one() == usual
    assert project.search.search('"video call"', limit=None).indexed


def test_a_fuzzy_word_is_matched_by_automaton_in_every_segment(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whoosh's reader of several segments compared every indexed word in Python (the cost grew
    # with the number of segments a rebuild leaves).
    generated(project, 7)
    project.sources.add(name="Typo", text="P01: a mentro and a mentorr.\n", coder=CODER)
    monkeypatch.setattr(indexer, "_BATCH", 3)
    monkeypatch.setattr(indexer, "_SEGMENT_WORDS", 60)
    project.search.rebuild(wait=True)
    assert segments(project) > 10
    compared: list[str] = []
    monkeypatch.setattr(whoosh.reading, "distance", lambda a, *_a, **_k: compared.append(a))
    words = {h.match for h in project.search.search("mentr~", limit=None).hits}
    assert not compared
    near = {w.lower() for w in words}
    assert {"mentro", "mentor"} <= near and not {"mentorr", "mentors"} & near
    far = {h.match.lower() for h in project.search.search("mentr~2", limit=None).hits}
    assert {"mentro", "mentor", "mentorr", "mentors"} <= far
