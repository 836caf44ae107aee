"""File format 5: the media tables, their migration, and the media and media coding services."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from media_files import write_wav

from workbench.core.errors import MediaError, NotFoundError, ValidationError
from workbench.core.project import Project

CODER = "Maya Chen"


def _schema(path: Path, tables: tuple[str, ...] = ("media", "media_codings")) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name IN (?, ?) "
            "ORDER BY type, name",
            tables,
        ).fetchall()
    finally:
        conn.close()
    return ["".join(str(part).split()) for row in rows for part in row]  # blanks aside


def test_a_v4_file_gains_the_media_tables_exactly_as_a_new_file_has_them(
    project_path: Path,
) -> None:
    fresh = _schema(project_path)
    assert fresh, "a new file has the media tables"
    conn = sqlite3.connect(project_path)
    conn.executescript("DROP TABLE media_codings; DROP TABLE media; PRAGMA user_version = 4;")
    conn.close()
    assert _schema(project_path) == []
    with Project.open(project_path) as project:
        assert project.info().schema_version == 5
    assert _schema(project_path) == fresh


@pytest.fixture
def recording(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "P01.wav", 2.0)


def test_attach_links_a_recording_relative_to_the_project(
    project: Project, source: str, project_path: Path
) -> None:
    (project_path.parent / "audio").mkdir()
    recording = write_wav(project_path.parent / "audio" / "P01.wav", 2.0)
    changes = project.media.attach(source_id=source, path=recording, coder=CODER)
    assert "media" in changes.kinds
    (row,) = changes.rows_of("media")
    info = project.media.get(source)
    assert info is not None
    assert (info.path, info.kind, info.duration_ms, info.format) == (
        "audio/P01.wav",
        "audio",
        2000,
        "wav",
    )
    assert info.size == recording.stat().st_size and len(info.sha256) == 64
    assert row.uuid == info.uuid and not info.embedded
    assert project.media.get(info.source_id) == info  # by database id as well as by uuid
    assert project.media.locate(source) == recording


def test_an_embedded_recording_is_found_in_the_cache(
    project: Project, source: str, recording: Path
) -> None:
    project.media.attach(source_id=source, path=recording, embed=True, coder=CODER)
    original = recording.read_bytes()
    recording.unlink()
    info = project.media.get(source)
    assert info is not None and info.embedded
    found = project.media.locate(source)
    assert found is not None and found.read_bytes() == original


def test_an_undecodable_file_is_refused_and_nothing_is_written(
    project: Project, source: str, tmp_path: Path
) -> None:
    fake = tmp_path / "interview.mp3"
    fake.write_bytes(bytes(range(256)) * 40)
    revision = project.revision()
    with pytest.raises(MediaError, match=r"interview\.mp3: .*MP3 file") as caught:
        project.media.attach(source_id=source, path=fake, coder=CODER)
    assert "convert it" in str(caught.value)
    assert project.revision() == revision and project.media.get(source) is None


def test_relink_refuses_another_recording_unless_forced(
    project: Project, source: str, recording: Path, tmp_path: Path
) -> None:
    project.media.attach(source_id=source, path=recording, coder=CODER)
    moved = tmp_path / "elsewhere" / "renamed.wav"
    moved.parent.mkdir()
    recording.rename(moved)
    project.media.relink(source_id=source, path=moved, coder=CODER)
    info = project.media.get(source)
    assert info is not None and info.path == "elsewhere/renamed.wav"
    other = write_wav(tmp_path / "other.wav", 2.0, pitch=220.0)  # same size, other content
    revision = project.revision()
    with pytest.raises(MediaError, match="not the recording this source was linked to"):
        project.media.relink(source_id=source, path=other, coder=CODER)
    assert project.revision() == revision
    project.media.relink(source_id=source, path=other, force=True, coder=CODER)
    relinked = project.media.get(source)
    assert relinked is not None and relinked.sha256 != info.sha256


def test_media_codings_apply_list_and_remove(
    project: Project, source: str, recording: Path
) -> None:
    project.media.attach(source_id=source, path=recording, coder=CODER)
    code = project.codebook.add(name="Zoom", coder=CODER).created[0]
    changes = project.media_codings.apply(
        source_id=source, code_id=code, start_ms=500, end_ms=1500, coder=CODER
    )
    assert changes.kinds == {"media_codings"}
    (value,) = changes.rows_of("media_coding")
    assert value.values["start_ms"] == 500 and value.values["code_uuid"] == code
    again = project.media_codings.apply(
        source_id=source, code_id=code, start_ms=500, end_ms=1500, coder=CODER
    )
    assert not again.created
    (coding,) = project.media_codings.for_source(source)
    assert (coding.code_uuid, coding.coder, coding.start_ms, coding.end_ms) == (
        code,
        CODER,
        500,
        1500,
    )
    assert project.media_codings.for_code(coding.code_id) == [coding]
    feed = project.changes_since(0)
    assert coding.uuid in feed.updated and "media_codings" in feed.kinds
    removed = project.media_codings.remove(ids=[coding.id], coder=CODER)
    assert removed.deleted == (coding.uuid,)
    assert project.media_codings.for_source(source) == []
    assert "media_codings" in project.changes_since(removed.revision - 1).kinds


@pytest.mark.parametrize(("start", "end"), [(-1, 10), (10, 10), (1500, 2001)])
def test_a_time_range_outside_the_recording_is_refused(
    project: Project, source: str, recording: Path, start: int, end: int
) -> None:
    project.media.attach(source_id=source, path=recording, coder=CODER)
    code = project.codebook.add(name="Zoom", coder=CODER).created[0]
    with pytest.raises(ValidationError, match="does not fit the recording"):
        project.media_codings.apply(
            source_id=source, code_id=code, start_ms=start, end_ms=end, coder=CODER
        )


def test_a_source_without_recording_takes_no_media_coding(project: Project, source: str) -> None:
    code = project.codebook.add(name="Zoom", coder=CODER).created[0]
    with pytest.raises(ValidationError, match="has no recording"):
        project.media_codings.apply(
            source_id=source, code_id=code, start_ms=0, end_ms=10, coder=CODER
        )
    with pytest.raises(NotFoundError):
        project.media.get(10**6)


def test_reassigning_a_coder_moves_their_media_codings_without_doubling(
    project: Project, source: str, recording: Path
) -> None:
    project.media.attach(source_id=source, path=recording, coder=CODER)
    code = project.codebook.add(name="Zoom", coder=CODER).created[0]
    for coder, end in (("login", 500), ("login", 900), (CODER, 500)):
        project.media_codings.apply(
            source_id=source, code_id=code, start_ms=0, end_ms=end, coder=coder
        )
    project.coders.reassign(old="login", new=CODER, coder=CODER)
    assert [(m.coder, m.end_ms) for m in project.media_codings.for_source(source)] == [
        (CODER, 500),
        (CODER, 900),
    ]


def test_merging_codes_moves_media_codings_without_doubling(
    project: Project, source: str, recording: Path
) -> None:
    project.media.attach(source_id=source, path=recording, coder=CODER)
    zoom = project.codebook.add(name="Zoom", coder=CODER).created[0]
    video = project.codebook.add(name="Video", coder=CODER).created[0]
    for code, end in ((zoom, 500), (zoom, 900), (video, 500)):
        project.media_codings.apply(
            source_id=source, code_id=code, start_ms=0, end_ms=end, coder=CODER
        )
    project.codebook.merge(code=zoom, into=video, coder=CODER)
    assert [(m.code_uuid, m.end_ms) for m in project.media_codings.for_source(source)] == [
        (video, 500),
        (video, 900),
    ]


def test_attaching_to_a_transcript_with_inline_stamps_syncs_it(
    project: Project, recording: Path
) -> None:
    text = "[00:00:00] Anna: Hello.\n[00:00:01.5] Ben: Hi.\n"
    source = project.sources.add(name="P09", text=text, coder=CODER).created[-1]
    changes = project.media.attach(source_id=source, path=recording, coder=CODER)
    assert source in changes.updated and project.sources.text(source) == text
    cues = project.sources.metadata(source)["cues"]
    assert [(c["start"], c["speaker"], text[c["offset"] :][:4]) for c in cues] == [
        ("00:00:00.000", "Anna", "Anna"),
        ("00:00:01.500", "Ben", "Ben:"),
    ]
