"""Merging a coder's copy carries media codings and recordings through the three-way merge."""

from __future__ import annotations

import shutil
from pathlib import Path

from av_files import make_wav
from recorded_study import Recorded, recorded_fixture  # noqa: F401 (the fixture)

from workbench.core.project import Project
from workbench.core.teamwork.merge import merge_copy
from workbench.core.teamwork.merge_media import media_label
from workbench.core.teamwork.share_copy import share_copy


def timed(project: Project, source: str) -> set[tuple[str, str, int, int]]:
    names = {n.uuid: n.name for n in project.codebook.all()}
    return {
        (names[c.code_uuid], c.coder, c.start_ms, c.end_ms)
        for c in project.media_codings.for_source(source)
    }


def _second_source_and_copy(p: Project, folder: Path) -> tuple[str, Path]:
    """A source without a recording, then a copy for Ben."""
    other = p.sources.add(name="P02", text="A second interview.", coder="Ann").created[-1]
    copy_path = folder / "copy-ben.qwb"
    share_copy(p, copy_path, coder="Ann")
    return other, copy_path


def test_media_codings_made_and_removed_in_the_copy_are_merged(
    recorded: Recorded, tmp_path: Path
) -> None:
    p = recorded.project
    copy_path = tmp_path / "copy-ben.qwb"
    share_copy(p, copy_path, coder="Ann")
    with Project.open(copy_path) as copy:
        gone = next(c for c in copy.media_codings.for_source(recorded.source) if c.coder == "Ben")
        copy.media_codings.remove(ids=[gone.id], coder="Ben")
        copy.media_codings.apply(
            source_id=recorded.source, code_id=recorded.doubt, start_ms=3000, end_ms=3900,
            coder="Ben",
        )  # fmt: skip
    # meanwhile, here: the same new range coded independently, and one of Ann's removed
    p.media_codings.apply(
        source_id=recorded.source, code_id=recorded.doubt, start_ms=3000, end_ms=3900, coder="Ben"
    )
    expected = timed(p, recorded.source) - {("Joy", "Ben", gone.start_ms, gone.end_ms)}
    outcome = merge_copy(p, copy_path, coder="Ann")
    assert not outcome.report.conflicts
    assert timed(p, recorded.source) == expected
    assert ("Doubt", "Ben", 3000, 3900) in expected
    # merging again changes nothing
    assert merge_copy(p, copy_path, coder="Ann").report.total_changes == 0


def test_a_recording_attached_or_relinked_in_the_copy_is_merged(
    recorded: Recorded, tmp_path: Path
) -> None:
    p = recorded.project
    other, copy_path = _second_source_and_copy(p, tmp_path)
    moved = tmp_path / "moved" / "P01.wav"
    moved.parent.mkdir()
    shutil.copyfile(recorded.recording, moved)
    small = make_wav(tmp_path / "P02.wav", seconds=1.0)
    with Project.open(copy_path) as copy:
        copy.media.relink(source_id=recorded.source, path=moved, coder="Ben")
        copy.media.attach(source_id=other, path=small, embed=True, coder="Ben")
        copy.media_codings.apply(
            source_id=other, code_id=recorded.joy, start_ms=0, end_ms=500, coder="Ben"
        )
    outcome = merge_copy(p, copy_path, coder="Ann")
    assert not outcome.report.conflicts
    relinked = p.media.get(recorded.source)
    assert relinked is not None and relinked.path == "moved/P01.wav"  # beside the project
    attached = p.media.get(other)
    assert attached is not None and attached.embedded and attached.duration_ms == 1000
    located = p.media.locate(other)
    assert located is not None and located.read_bytes() == small.read_bytes()
    assert timed(p, other) == {("Joy", "Ben", 0, 500)}


def test_two_recordings_attached_to_one_source_are_a_conflict(
    recorded: Recorded, tmp_path: Path
) -> None:
    p = recorded.project
    other, copy_path = _second_source_and_copy(p, tmp_path)
    with Project.open(copy_path) as copy:
        copy.media.attach(source_id=other, path=make_wav(tmp_path / "a.wav", 1.0), coder="Ben")
    p.media.attach(source_id=other, path=make_wav(tmp_path / "b.wav", 2.0), coder="Ann")
    outcome = merge_copy(p, copy_path, coder="Ann", prefer="theirs")
    (conflict,) = outcome.report.conflicts
    assert (conflict.kind, conflict.entity, conflict.label) == (
        "edited_both",
        "media",
        "recording of P02",
    )
    info = p.media.get(other)
    assert info is not None and info.duration_ms == 1000  # theirs, as preferred


def test_a_media_coding_conflict_is_named_by_its_time_range() -> None:
    names = {"source": "P01", "code": "Joy", "coder": "Ben"}

    def name_of(kind: str, uuid: str | None) -> str:
        return names[kind]

    values = {"source_id": "s", "code_id": "c", "coder_id": "b", "start_ms": 1000, "end_ms": 2500}
    assert (
        media_label("media_coding", values, name_of)
        == "media coding Joy on P01 00:00:01.000–00:00:02.500 by Ben"
    )
    assert media_label("coding", values, name_of) is None
