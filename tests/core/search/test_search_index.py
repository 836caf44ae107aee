"""The index as a disposable cache: kept current after commits, rebuilt when stale or damaged,
read (never written) by a second program, and never needed for a correct answer."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from workbench.core.errors import ProjectLockedError
from workbench.core.project import Project
from workbench.core.search import IndexStatus, SearchOptions, indexer, keeper
from workbench.core.search.store import IndexMeta, IndexStore
from workbench.core.text.replace import Replacement

CODER = "Maya Chen"
TEXT = "Interviewer: Where did you meet?\n\nP01: We met on Zoom, then on Slack.\n"


def store_of(project: Project) -> IndexStore:
    return IndexStore(project.info().file_id)


def meta_of(project: Project) -> IndexMeta:
    meta = store_of(project).read_meta()
    assert meta is not None
    return meta


def hits(project: Project, query: str, **options: bool) -> list[tuple[str, int, int, str]]:
    result = project.search.search(query, options=SearchOptions(**options), limit=None)
    return sorted((h.label, h.start, h.end, h.match) for h in result.hits)


def ready(project: Project) -> IndexStatus:
    status = project.search.ensure_index(wait=True, timeout=60)
    assert status.state == "ready", status
    return status


def test_every_kind_of_change_reaches_the_index(project: Project) -> None:
    source = project.sources.add(name="P01", text=TEXT, coder=CODER).created[-1]
    ready(project)
    assert hits(project, "zoom") == [("P01", 49, 53, "Zoom")]
    other = project.sources.add(name="P02", text="P02: Zoom every week.\n", coder=CODER)
    assert hits(project, "zoom") == [("P01", 49, 53, "Zoom"), ("P02", 5, 9, "Zoom")]
    memo = project.memos.add(title="Tools", text="Zoom fatigue is real.", coder=CODER).created[-1]
    assert ("Tools", 0, 4, "Zoom") in hits(project, "zoom")
    project.memos.edit(memo=memo, text="Nothing about video.", coder=CODER)
    assert [h[0] for h in hits(project, "zoom")] == ["P01", "P02"]
    code = project.codebook.add(name="Video", coder=CODER).created[-1]
    project.codebook.define(code=code, description="Calls on Zoom or Teams.", coder=CODER)
    assert ("Video", 9, 13, "Zoom") in hits(project, "zoom")
    # a text correction moves the offsets; the index follows at once
    project.sources.replace_text(
        source=source, replacements=[Replacement(0, 0, "Note.\n")], coder=CODER
    )
    assert ("P01", 55, 59, "Zoom") in hits(project, "zoom")
    changes = project.sources.delete(source=other.created[-1], coder=CODER)
    assert "P02" not in {h[0] for h in hits(project, "zoom")}
    project.restore(changes.undo, coder=CODER)  # undo brings it back
    assert ("P02", 5, 9, "Zoom") in hits(project, "zoom")
    result = project.search.search("zoom")
    assert result.indexed and result.status.state == "ready"
    assert meta_of(project).token == project.text_token()[1]


def test_reopening_reuses_the_index_and_catches_up(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.sources.add(name="P01", text=TEXT, coder=CODER)
        ready(project)
        folder = meta_of(project).folder
    with Project.open(project_path) as project:  # a memo edit while nobody indexes
        project.memos.add(title="Later", text="Slack threads", coder=CODER)
    with Project.open(project_path) as project:
        ready(project)
        assert meta_of(project).folder == folder  # caught up, not rebuilt
        assert ("Later", 0, 5, "Slack") in hits(project, "slack")
        assert project.search.search("slack").indexed


def test_a_text_change_behind_its_back_rebuilds(project_path: Path) -> None:
    with Project.open(project_path) as project:
        source = project.sources.add(name="P01", text=TEXT, coder=CODER).created[-1]
        ready(project)
        folder = meta_of(project).folder
    with Project.open(project_path) as project:  # e.g. an older version, or a coder's copy
        project.sources.replace_text(
            source=source, replacements=[Replacement(49, 53, "Teams")], coder=CODER
        )
    with Project.open(project_path) as project:
        statuses: list[IndexStatus] = []
        project.search.subscribe(statuses.append)
        ready(project)
        assert meta_of(project).folder != folder
        assert any(s.indexing and s.total == 1 for s in statuses)
        assert hits(project, "teams") == [("P01", 49, 54, "Teams")]
        assert hits(project, "zoom") == []
        assert not list(store_of(project).folder.glob(folder))  # the old index is gone


def test_a_restored_older_file_rebuilds(project_path: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.qwb"
    with Project.open(project_path) as project:
        project.sources.add(name="P01", text=TEXT, coder=CODER)
        shutil.copyfile(project_path, backup)
        project.memos.add(title="New", text="Slack huddles", coder=CODER)
        ready(project)
    shutil.copyfile(backup, project_path)  # same file id, an earlier revision
    with Project.open(project_path) as project:
        ready(project)
        assert [h[0] for h in hits(project, "slack")] == ["P01"]


@pytest.mark.parametrize("damage", ["meta", "toc", "segments", "empty"])
def test_a_damaged_index_is_rebuilt(project_path: Path, damage: str) -> None:
    with Project.open(project_path) as project:
        project.sources.add(name="P01", text=TEXT, coder=CODER)
        ready(project)
        meta = meta_of(project)
        store = store_of(project)
    index = store.folder / meta.folder
    if damage == "meta":
        store.meta_path.write_text("{not json", encoding="utf-8")
    elif damage == "toc":
        for toc in index.glob("*.toc"):
            toc.write_bytes(b"\x00" * 10)
    elif damage == "segments":
        for segment in index.glob("*.seg"):
            segment.write_bytes(b"garbage")
        for postings in index.glob("*.pst"):
            postings.unlink()
    else:
        shutil.rmtree(index)
    with Project.open(project_path) as project:
        ready(project)
        assert meta_of(project).folder != meta.folder
        assert hits(project, "zoom") == [("P01", 49, 53, "Zoom")]
        assert project.search.search("zoom").indexed


def test_damage_found_while_searching_falls_back_and_rebuilds(project: Project) -> None:
    project.sources.add(name="P01", text=TEXT, coder=CODER)
    ready(project)
    folder = meta_of(project).folder
    keeper = project.search._keeper  # a damaged index shows itself as an error in Whoosh
    keeper.broken(RuntimeError("simulated damage"))
    assert hits(project, "zoom") == [("P01", 49, 53, "Zoom")]
    ready(project)
    assert meta_of(project).folder != folder
    assert project.search.search("zoom").indexed


def test_a_second_program_reads_but_never_writes(project_path: Path) -> None:
    writer = Project.open(project_path)
    try:
        writer.sources.add(name="P01", text=TEXT, coder=CODER)
        ready(writer)
        with pytest.raises(ProjectLockedError):
            Project.open(project_path)
        reader = Project.open(project_path, read_only=True)
        try:
            store = store_of(reader)
            before = {p: p.stat().st_mtime_ns for p in store.folder.rglob("*")}
            assert reader.search.search("zoom").indexed
            assert hits(reader, "zoom") == [("P01", 49, 53, "Zoom")]
            reader.search.ensure_index(wait=True)  # does nothing: it may not write
            assert {p: p.stat().st_mtime_ns for p in store.folder.rglob("*")} == before
            writer.sources.add(name="P02", text="P02: Zoom again.\n", coder=CODER)
            writer.search.wait(30)
            result = reader.search.search("zoom", limit=None)
            assert result.indexed
            assert sorted(h.label for h in result.hits) == ["P01", "P02"]
        finally:
            reader.close()
    finally:
        writer.close()


def test_a_reader_scans_when_the_index_is_stale(project_path: Path) -> None:
    with Project.open(project_path) as project:
        source = project.sources.add(name="P01", text=TEXT, coder=CODER).created[-1]
        ready(project)
        project_search_folder = meta_of(project).folder
    with Project.open(project_path) as project:  # changes the text without the search
        project.sources.replace_text(
            source=source, replacements=[Replacement(49, 53, "Teams")], coder=CODER
        )
    with Project.open(project_path, read_only=True) as reader:
        result = reader.search.search("teams")
        assert not result.indexed
        assert [(h.start, h.end) for h in result.hits] == [(49, 54)]
        assert reader.search.status().state == "unavailable"
        assert meta_of(reader).folder == project_search_folder  # untouched


def test_searching_while_indexing_answers_from_the_indexed_sources(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(30):
        project.sources.add(name=f"S{n:02}", text=f"P01: Zoom meeting number {n}.\n", coder=CODER)
    everything = project.search.search("zoom", limit=None)
    assert len(everything.hits) == 30
    ready(project)
    held, release, batches = threading.Event(), threading.Event(), []
    real = indexer.load_items

    def held_after_the_first_segment(s: Any, owners: Any) -> Any:
        batches.append(owners)
        if len(batches) == 2:  # the first batch is a segment of its own, already searchable
            held.set()
            assert release.wait(30)
        return real(s, owners)

    monkeypatch.setattr(indexer, "load_items", held_after_the_first_segment)
    try:
        project.search.rebuild()  # in the background
        assert held.wait(30)
        during = project.search.search("zoom", limit=100)
        assert during.indexed and during.unindexed == 5 and not during.complete
        assert during.status.indexing and during.status.sources_left == 5
        assert sorted(h.label for h in during.hits) == [f"S{n:02}" for n in range(25)]
        every = project.search.search("zoom", limit=None)  # every hit: from the texts
        assert not every.indexed and every.complete and len(every.hits) == 30
    finally:
        release.set()
    ready(project)
    again = project.search.search("zoom", limit=None)
    assert again.indexed and again.unindexed == 0
    assert {(h.item, h.start, h.end) for h in again.hits} == {
        (h.item, h.start, h.end) for h in everything.hits
    }


def test_a_search_during_a_rebuild_with_many_items_left_answers_at_once(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Waiting for the rebuild to end is worth it only when little is left to index.
    for n in range(30):
        project.sources.add(name=f"S{n:02}", text=f"P01: Zoom meeting number {n}.\n", coder=CODER)
    ready(project)
    monkeypatch.setattr(keeper, "WAIT_FOR_REBUILD", 30.0)
    monkeypatch.setattr(keeper, "FEW_LEFT", 3)
    held, release, batches = threading.Event(), threading.Event(), []
    real = indexer.load_items

    def held_after_the_first_segment(s: Any, owners: Any) -> Any:
        batches.append(owners)
        if len(batches) == 2:
            held.set()
            assert release.wait(60)
        return real(s, owners)

    monkeypatch.setattr(indexer, "load_items", held_after_the_first_segment)
    try:
        project.search.rebuild()
        assert held.wait(30)
        began = time.monotonic()
        during = project.search.search("zoom", limit=100)
        assert time.monotonic() - began < 10  # not the 30 s a rebuild nearly done is given
        assert during.indexed and during.unindexed == 5 and len(during.hits) == 25
    finally:
        release.set()
    ready(project)


def test_closing_during_a_rebuild_leaves_no_partial_index(project_path: Path) -> None:
    project = Project.open(project_path)
    for n in range(40):
        project.sources.add(name=f"S{n:02}", text=f"P01: Slack thread {n}.\n" * 50, coder=CODER)
    store = store_of(project)
    project.search.rebuild()
    project.close()
    meta = store.read_meta()
    folders = {p.name for p in store.folder.glob("ix-*")}
    assert folders == ({meta.folder} if meta is not None else set())
