"""A project with recordings exported to .qdpx and imported again: sources, cues, text and media
codings come back; the recording travels inside the archive when small, by path when big."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from recorded_study import Recorded, recorded_fixture  # noqa: F401 (the fixture)

from workbench.core.db import project_rows
from workbench.core.media.probe import file_sha256
from workbench.core.media.sync import cue_times
from workbench.core.project import Project
from workbench.core.refi import export_qdpx, import_qdpx, media_export
from workbench.core.refi.xmlsafe import validate_bytes

NS = {"q": "urn:QDA-XML:project:1.0"}


def _snapshot(project: Project, source: str) -> tuple:
    names = {n.uuid: n.name for n in project.codebook.all()}
    timed = sorted(
        (names[c.code_uuid], c.coder, c.start_ms, c.end_ms, c.uuid)
        for c in project.media_codings.for_source(source)
    )
    texts = sorted(
        (names[c.code_uuid], c.coder, c.start, c.end, c.uuid)
        for c in project.codings.of_source(source)
    )
    with project.read() as s:
        source_id = next(r.id for r in project_rows.source_rows(s) if r.uuid == source)
        cues = cue_times(project_rows.source_meta(s, source_id))
    return project.sources.text(source), timed, texts, cues


def test_a_recorded_interview_round_trips_with_its_recording_inside(
    recorded: Recorded, tmp_path: Path
) -> None:
    p = recorded.project
    out = tmp_path / "study.qdpx"
    report = export_qdpx(p, out)
    assert report.counts["recordings"] == 1 and report.counts["media codings"] == 4
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
        info = p.media.get(recorded.source)
        assert info is not None
        member = f"sources/{info.uuid}.wav"
        assert archive.read(member) == recorded.recording.read_bytes()
        assert archive.getinfo(member).compress_type == zipfile.ZIP_STORED
    assert validate_bytes(qde, "project") == []
    root = etree.fromstring(qde)
    (audio,) = root.findall("q:Sources/q:AudioSource", NS)
    assert audio.get("path") == f"internal://{info.uuid}.wav"
    assert audio.get("currentPath") == "absolute:///" + recorded.recording.as_posix().lstrip("/")
    points = audio.findall("q:Transcript/q:SyncPoint", NS)
    assert [int(pt.get("timeStamp")) for pt in points if pt.get("timeStamp")] == [0, 1500, 3000]

    imported = tmp_path / "again" / "study.qwb"
    imported.parent.mkdir()
    back = import_qdpx(out, imported, coder="Ann")
    assert back.counts["recordings"] == 1 and back.counts["media codings"] == 4
    with Project.open(imported) as again:
        assert _snapshot(again, recorded.source) == _snapshot(p, recorded.source)
        media = again.media.get(recorded.source)
        assert media is not None
        assert (media.kind, media.duration_ms, media.sha256) == ("audio", 4000, info.sha256)
        assert media.path == "study recordings/P01.wav"  # written beside the project
        located = again.media.locate(recorded.source)
        assert located is not None and file_sha256(located) == info.sha256


def test_a_big_recording_is_referenced_by_its_path(
    recorded: Recorded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media_export, "INCLUDE_LIMIT", 1000)
    out = tmp_path / "study.qdpx"
    report = export_qdpx(recorded.project, out)
    assert any("referenced by their path" in w for w in report.warnings)
    with zipfile.ZipFile(out) as archive:
        assert [n for n in archive.namelist() if n.endswith(".wav")] == []
        root = etree.fromstring(archive.read("project.qde"))
    (audio,) = root.findall("q:Sources/q:AudioSource", NS)
    assert audio.get("path") == "absolute:///" + recorded.recording.as_posix().lstrip("/")
    imported = tmp_path / "elsewhere" / "study.qwb"
    imported.parent.mkdir()
    import_qdpx(out, imported, coder="Ann")
    with Project.open(imported) as again:
        media = again.media.get(recorded.source)
        assert media is not None and Path(media.path) == recorded.recording.resolve()
        assert not (imported.parent / "study recordings").exists()


def test_a_missing_recording_imports_the_source_without_it(
    recorded: Recorded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media_export, "INCLUDE_LIMIT", 1000)
    out = tmp_path / "study.qdpx"
    export_qdpx(recorded.project, out)
    recorded.recording.unlink()
    imported = tmp_path / "elsewhere" / "study.qwb"
    imported.parent.mkdir()
    report = import_qdpx(out, imported, coder="Ann")
    assert any(w.startswith("recordings not found were left out") for w in report.warnings)
    with Project.open(imported) as again:
        assert again.media.get(recorded.source) is None
        assert len(again.media_codings.for_source(recorded.source)) == 4


def test_a_failed_import_leaves_no_recording_behind(
    recorded: Recorded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "study.qdpx"
    export_qdpx(recorded.project, out)

    def broken(rows: object) -> None:
        raise RuntimeError("disk trouble")

    monkeypatch.setattr("workbench.core.refi.qdpx_import.import_cases", broken)
    target = tmp_path / "again" / "study.qwb"
    target.parent.mkdir()
    with pytest.raises(RuntimeError):
        import_qdpx(out, target, coder="Ann")
    assert list(target.parent.iterdir()) == []  # neither the project nor the recordings
