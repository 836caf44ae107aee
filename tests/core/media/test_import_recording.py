"""Importing a recording with its transcript: one source with its text, cues and recording."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_files import write_encoded, write_wav

from workbench.core.errors import MediaError
from workbench.core.importers.base import SourceImportError
from workbench.core.media.sync import cue_times, time_at
from workbench.core.project import Project
from workbench.core.services.media_import import import_recording

CODER = "Maya Chen"
VTT = """WEBVTT

00:00:00.000 --> 00:00:01.200
<v Anna>Hello, thanks for joining.

00:00:01.200 --> 00:00:02.000
<v Ben>Happy to.
"""


def _dump(project: Project) -> tuple[int, list[str]]:
    return project.revision(), [s.name for s in project.sources.list()]


def test_a_wav_and_its_vtt_become_one_source_with_cues(project: Project, tmp_path: Path) -> None:
    recording = write_wav(tmp_path / "Interview 3.wav", 2.0)
    transcript = tmp_path / "interview3.vtt"
    transcript.write_text(VTT, encoding="utf-8")
    changes = import_recording(project, recording, transcript=transcript, coder=CODER)
    assert {"sources", "media"} <= changes.kinds
    source = project.sources.find("Interview 3")
    assert project.sources.text(source) == "Anna: Hello, thanks for joining.\nBen: Happy to."
    points = cue_times(project.sources.metadata(source))
    assert time_at(points, len("Anna: Hello, thanks for joining.\nB")) == 1200
    info = project.media.get(source)
    assert info is not None and (info.path, info.duration_ms) == ("Interview 3.wav", 2000)
    assert changes.messages == ()


def test_inline_timestamps_become_cues_and_leave_the_text(project: Project, tmp_path: Path) -> None:
    recording = write_encoded(tmp_path / "call.m4a", 1.0)
    transcript = tmp_path / "call.txt"
    transcript.write_text(
        "[00:00:00] Anna: Hi.\n(00:00.5) Ben: Hello!\n[00:00:00.7] Anna: So.\nBen: Yes.\n",
        encoding="utf-8",
    )
    import_recording(project, recording, transcript=transcript, coder=CODER)
    source = project.sources.find("call")
    assert project.sources.text(source) == "Anna: Hi.\nBen: Hello!\nAnna: So.\nBen: Yes.\n"
    meta = project.sources.metadata(source)
    assert [(c["start"], c["speaker"], c["offset"]) for c in meta["cues"]] == [
        ("00:00:00.000", "Anna", 0),
        ("00:00:00.500", "Ben", 10),
        ("00:00:00.700", "Anna", 22),
    ]
    assert meta["speakers"] == ["Anna", "Ben"]  # turns found in the text without stamps


def test_a_recording_alone_gets_an_empty_text_and_two_are_no_duplicates(
    project: Project, tmp_path: Path
) -> None:
    import_recording(project, write_wav(tmp_path / "a.wav", 1.0), coder=CODER)
    import_recording(
        project, write_wav(tmp_path / "b.wav", 1.0, pitch=300), embed=True, coder=CODER
    )
    for name in ("a", "b"):
        source = project.sources.find(name)
        assert project.sources.text(source) == ""
    info = project.media.get(project.sources.find("b"))
    assert info is not None and info.embedded


def test_timestamps_beyond_the_recording_are_reported(project: Project, tmp_path: Path) -> None:
    transcript = tmp_path / "t.txt"
    transcript.write_text("[00:00:00] Anna: Hi.\n[00:10:00] Ben: Late.\n", encoding="utf-8")
    changes = import_recording(
        project, write_wav(tmp_path / "short.wav", 1.0), transcript=transcript, coder=CODER
    )
    assert "1 timestamps after the end of the recording (00:00:01.000)" in changes.messages[0]


@pytest.mark.parametrize("suffix", [".mp3", ".mp4", ".wav"])
def test_an_undecodable_recording_is_refused_and_nothing_is_written(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    fake = tmp_path / f"broken{suffix}"
    fake.write_bytes(b"\x00\xff garbage " * 500)
    transcript = tmp_path / "t.vtt"
    transcript.write_text(VTT, encoding="utf-8")
    before = _dump(project)
    with pytest.raises(MediaError) as caught:
        import_recording(project, fake, transcript=transcript, coder=CODER)
    message = str(caught.value)
    assert message.startswith(f"broken{suffix}: ") and f"{suffix[1:].upper()} file" in message
    assert _dump(project) == before


def test_a_bad_transcript_is_refused_and_nothing_is_written(
    project: Project, tmp_path: Path
) -> None:
    transcript = tmp_path / "t.vtt"
    transcript.write_text("WEBVTT\n\nnot a cue\n", encoding="utf-8")
    before = _dump(project)
    with pytest.raises(SourceImportError, match=r"t\.vtt"):
        import_recording(project, write_wav(tmp_path / "a.wav"), transcript=transcript, coder=CODER)
    assert _dump(project) == before
