"""Hit offsets are exact: for plain words the hits equal what a regular expression over the
stored texts finds, from the index and by scanning; stemmed and fuzzy searches find more."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workbench.core.project import Project
from workbench.core.search import SearchOptions
from workbench.core.search.analysis import WORD, fold, fold_text

CODER = "Maya Chen"
# No two words differ only by accents (the regex below compares case-insensitively only).
VOCABULARY = [
    "mentor",
    "Mentor",
    "MENTOR",
    "mentors",
    "naïve",
    "NAÏVE",
    "Zürich",
    "über",
    "Über",
    "日本語",
    "ça",
    "x2",
    "e",
    "g",
    "zoom",
    "Zoom",
    "slack",
    "İstanbul",
    "Ωmega",
    "a_b",
    "tor",  # the end of mentor
    "men",  # its start
    "ve",  # the end of naïve
]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "😀", " — ", "-", "'", "e.g.", "🙂 "]

texts = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), min_size=1, max_size=40
).map(lambda pairs: "".join(w + s for w, s in pairs))
labelled = st.tuples(st.sampled_from(["", "P01: ", "Interviewer: "]), texts).map("".join)


def regex_hits(sources: dict[str, str], word: str) -> set[tuple[str, int, int]]:
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return {(u, m.start(), m.end()) for u, t in sources.items() for m in pattern.finditer(t)}


def regex_phrase_hits(
    sources: dict[str, str], first: str, second: str
) -> set[tuple[str, int, int]]:
    body = rf"{re.escape(first)}\W+{re.escape(second)}(?!\w)"
    pattern = re.compile(rf"(?<!\w)(?=({body}))", re.IGNORECASE)  # overlapping, too
    return {
        (u, m.start(), m.start() + len(m.group(1)))
        for u, t in sources.items()
        for m in pattern.finditer(t)
    }


def search_hits(
    project: Project, query: str, *, use_index: bool, stemming: bool = False
) -> set[tuple[str, int, int]]:
    result = project.search.search(
        query, options=SearchOptions(stemming=stemming, use_index=use_index), limit=None
    )
    assert result.indexed == use_index
    return {(h.item, h.start, h.end) for h in result.hits if h.kind == "source"}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    documents=st.lists(
        st.lists(labelled, min_size=1, max_size=4).map("\n".join), min_size=1, max_size=4
    ),
    word=st.sampled_from(VOCABULARY),
    second=st.sampled_from(VOCABULARY),
)
@example(documents=["P01: naïve e mentor tor\nInterviewer: über😀ve men"], word="e", second="men")
@example(documents=["P01: naïve e mentor tor\nInterviewer: über😀ve men"], word="tor", second="e")
@example(
    documents=["mentor_men e.g. İstanbul x2", "MENTOR—Men\n\nmen men"], word="men", second="men"
)
def test_plain_words_match_a_regex(
    project: Project, documents: list[str], word: str, second: str
) -> None:
    # Replace the project's sources: the index follows incrementally (deletes and imports).
    for old in project.sources.list():
        project.sources.delete(source=old.uuid, coder=CODER)
    sources: dict[str, str] = {}
    for index, text in enumerate(documents):
        try:
            uuid = project.sources.add(name=f"S{index}", text=text, coder=CODER).created[-1]
        except Exception:  # the same text twice is refused as a duplicate
            continue
        sources[uuid] = project.sources.text(uuid)
    project.search.ensure_index(wait=True)
    expected = regex_hits(sources, word)
    assert search_hits(project, word, use_index=True) == expected
    assert search_hits(project, word, use_index=False) == expected
    stemmed = search_hits(project, word, use_index=True, stemming=True)
    assert stemmed >= expected
    assert search_hits(project, word, use_index=False, stemming=True) == stemmed
    if len(word) > 2:
        assert search_hits(project, f"{word}~", use_index=True) >= expected
    phrase = regex_phrase_hits(sources, word, second)
    assert search_hits(project, f'"{word} {second}"', use_index=True) == phrase
    assert search_hits(project, f'"{word} {second}"', use_index=False) == phrase


@given(st.text(max_size=60))
def test_folding_keeps_offsets_and_words(text: str) -> None:
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert [m.span() for m in WORD.finditer(folded)] == [m.span() for m in WORD.finditer(text)]
    assert [fold(m.group()) for m in WORD.finditer(text)] == WORD.findall(folded)
