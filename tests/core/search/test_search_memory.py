"""Bounded memory: the item cache keeps texts out of memory (a temporary file) and a segment's
postings are held compactly, with the same answers as before."""

from __future__ import annotations

import gc
import random
import tracemalloc
from pathlib import Path

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import MERGE_SMALL, SegmentWriter

from workbench.core.project import Project
from workbench.core.search import SearchOptions, find_in_text, itemcache, textfile
from workbench.core.search.schema import FastWriter, make_schema

CODER = "Maya Chen"
WORDS = ["mentor", "zoom", "video", "call", "trust", "the", "and", "we", "Übung", "东京", "Ärztin"]


def long_source(rng: random.Random, turns: int) -> str:
    return "\n\n".join(
        f"{rng.choice(['Interviewer', 'P01', 'Dr. Ärztin'])}: "
        + " ".join(rng.choices(WORDS, k=rng.randint(20, 80)))
        + "."
        for _ in range(turns)
    )


def test_a_rebuild_keeps_no_texts_in_memory(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(itemcache, "_RECENT_BYTES", 0)  # the items last read: the next test
    rng = random.Random(3)
    texts = [long_source(rng, 150) for _ in range(10)]
    for n, text in enumerate(texts):
        project.sources.add(name=f"Long {n}", text=text, coder=CODER)
    project.search.rebuild(wait=True)
    assert project.search.search("mentor").indexed  # the searcher and its maps are made
    gc.collect()
    tracemalloc.start()
    try:
        project.search.rebuild(wait=True)
        assert project.search.search("mentor").indexed
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # The texts are 350k characters; their passages as Python objects were as much again.
    assert sum(map(len, texts)) > 350_000
    assert retained < 100_000


def test_the_items_last_read_are_kept_up_to_a_bound(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(itemcache, "_RECENT_BYTES", 60_000)
    rng = random.Random(9)
    for n in range(8):
        project.sources.add(name=f"S{n}", text=long_source(rng, 40), coder=CODER)
    project.search.rebuild(wait=True)
    cache = project.search._cache
    first = project.search.search("mentor", limit=None)
    kept = cache._recent_bytes
    assert 30_000 < kept <= 60_000 and kept == sum(r.size for r in cache._recent)
    again = project.search.search("mentor", limit=None)
    assert again.hits == first.hits and len(first.hits) > 100


QUERIES = [
    "mentor",
    '"video call"',
    "ubung",
    "东京 zoom",
    "speaker:P01 trust",
    'speaker:"dr. ärztin" mentor',
    "ärzt*",
    "zoom NOT trust",
]


def test_hits_read_back_from_the_text_file_are_exact(project: Project) -> None:
    # Folded text with multi-byte characters is stored as UTF-8: offsets stay in characters,
    # and the passages (speaker turns) come back as they were cut.
    rng = random.Random(4)
    texts = {}
    for n in range(6):
        text = long_source(rng, 30)
        texts[project.sources.add(name=f"S{n}", text=text, coder=CODER).created[-1]] = text
    project.search.rebuild(wait=True)
    for query in QUERIES:
        for stemming in (False, True):
            options = SearchOptions(stemming=stemming)
            result = project.search.search(query, options=options, limit=None)
            assert result.indexed and result.complete
            found = sorted((h.item, h.start, h.end) for h in result.hits)
            expected = sorted(
                (uuid, start, end)
                for uuid, text in texts.items()
                for start, end in find_in_text(
                    text, query, stemming=stemming, turns=project.sources.metadata(uuid)["turns"]
                )
            )
            assert found == expected and found, query
            for hit in result.hits:
                assert hit.match == texts[hit.item][hit.start : hit.end]


def test_replaced_texts_are_compacted_and_searches_see_the_latest(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textfile, "_COMPACT_FROM", 2_000)
    project.sources.add(name="Stays", text="P01: a zoom call that stays.\n", coder=CODER)
    memo = project.memos.add(title="Draft", text="first", coder=CODER).created[-1]
    project.search.ensure_index(wait=True)
    texts = project.search._cache._texts
    for n in range(40):
        project.memos.edit(memo=memo, text=f"draft{n} " + "word " * 100, coder=CODER)
        project.search.wait()
        assert texts._end < 3 * 2_000 + 3 * texts._live  # replaced records do not pile up
    assert [h.match for h in project.search.search("draft39", limit=None).hits] == ["draft39"]
    assert not project.search.search("draft38", limit=None).hits
    assert [h.label for h in project.search.search('"zoom call"', limit=None).hits] == ["Stays"]


def _documents(rng: random.Random, count: int) -> list[dict[str, object]]:
    vocabulary = [f"w{n}" for n in range(800)]
    return [
        {
            "kind": "source",
            "table": "source",
            "owner": f"doc{n}",
            "speakers": ["p01"],
            "terms": rng.choices(vocabulary, k=rng.randint(30, 120)),
        }
        for n in range(count)
    ]


def test_a_segment_holds_its_postings_compactly() -> None:
    # Whoosh's pool kept each posting as a five-object tuple: about 200 bytes.
    documents = _documents(random.Random(5), 1500)
    postings = sum(len(set(d["terms"])) for d in documents)  # type: ignore[arg-type]
    ix = RamStorage().create_index(make_schema())
    writer = FastWriter(ix)
    gc.collect()
    tracemalloc.start()
    try:
        for document in documents:
            writer.add_item(**document)  # type: ignore[arg-type]
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    writer.cancel()
    assert postings > 80_000
    assert held < 40 * postings


def _postings(ix: object) -> list[tuple[object, ...]]:
    with ix.reader() as reader:  # type: ignore[attr-defined]
        lengths = [reader.doc_field_length(n, "text") for n in range(reader.doc_count_all())]
        return [*reader.iter_postings(), *lengths]


def test_compact_postings_make_the_same_index_as_whoosh(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = _documents(random.Random(6), 120)
    built = []
    for writer_class in (FastWriter, SegmentWriter):
        ix = RamStorage().create_index(make_schema())
        for start in range(0, len(documents), 20):  # segments merged by Whoosh's policy
            writer = writer_class(ix)
            for d in documents[start : start + 20]:
                writer.add_document(
                    kind=d["kind"],
                    table=d["table"],
                    owner=d["owner"],
                    speaker=d["speakers"],
                    text=d["terms"],
                )
            if start == 40:
                writer.delete_by_term("owner", "doc3")
            writer.commit(mergetype=MERGE_SMALL)
        built.append(_postings(ix))
    assert built[0] == built[1] and len(built[0]) > 5_000


def test_texts_read_at_open_are_cut_once_a_search_needs_their_passages(
    project_path: Path,
) -> None:
    rng = random.Random(7)
    with Project.open(project_path) as project:
        texts = {}
        for n in range(5):
            text = long_source(rng, 12)
            texts[project.sources.add(name=f"S{n}", text=text, coder=CODER).created[-1]] = text
        quiet = project.sources.add(name="Quiet", text="P01: nothing here.\n", coder=CODER)
        project.search.ensure_index(wait=True)
        turns = {uuid: project.sources.metadata(uuid)["turns"] for uuid in texts}
    with Project.open(project_path) as project:  # the index is current: texts are read again
        project.search.ensure_index(wait=True)
        records = project.search._cache._records
        assert not any(r.cut for r in records.values() if r.table == "source")
        query = 'speaker:"dr. ärztin" mentor'
        expected = sorted(
            (uuid, start, end)
            for uuid, text in texts.items()
            for start, end in find_in_text(text, query, turns=turns[uuid])
        )
        for _ in range(2):  # cut by the first search, read back cut by the second
            hits = project.search.search(query, limit=None).hits
            assert sorted((h.item, h.start, h.end) for h in hits) == expected and expected
        cut = {uuid for (table, uuid), r in records.items() if table == "source" and r.cut}
        assert cut == set(texts) and not records["source", quiet.created[-1]].cut
