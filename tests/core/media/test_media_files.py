"""Recordings on disk: probing (kinds, formats, refusals), sync points, inline timestamps,
finding a moved recording, and the user's media folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from media_files import write_encoded, write_video, write_wav

from workbench.core.errors import MediaError
from workbench.core.media.folders import media_folders, save_media_folders
from workbench.core.media.locate import find_recording, stored_path
from workbench.core.media.probe import file_sha256, probe
from workbench.core.media.sync import (
    SyncPoint,
    cue_times,
    format_clock,
    offset_at,
    parse_clock,
    span_ms,
    time_at,
)
from workbench.core.media.timestamps import split_timestamps
from workbench.core.values import MediaInfo


@pytest.mark.parametrize(
    ("name", "make", "kind", "container"),
    [
        ("a.wav", lambda p: write_wav(p, 1.5), "audio", "wav"),
        ("a.m4a", lambda p: write_encoded(p, 1.0, codec="aac"), "audio", "mov"),
        ("a.mp3", lambda p: write_encoded(p, 1.0, codec="libmp3lame"), "audio", "mp3"),
        ("a.ogg", lambda p: write_encoded(p, 1.0, codec="libopus"), "audio", "ogg"),
        ("v.mp4", lambda p: write_video(p, 1.0), "video", "mov"),
        ("v.webm", lambda p: write_video(p, 1.0, codec="libvpx-vp9"), "video", "matroska"),
    ],
)
def test_probe_tells_kind_length_and_container(
    tmp_path: Path, name: str, make: object, kind: str, container: str
) -> None:
    path = make(tmp_path / name)  # type: ignore[operator]
    found = probe(path)
    assert (found.kind, found.format, found.size) == (kind, container, path.stat().st_size)
    assert abs(found.duration_ms - (1500 if name == "a.wav" else 1000)) <= 100


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("x.mp3", os.urandom(4000), "this MP3 file could not be decoded"),
        ("x.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(2000), "this MP4 file"),
        (
            "notes.txt",
            b"Interviewer: hello\n" * 50,
            "this TXT file holds no audio or video (FFmpeg reads it as 'tty')",
        ),
        ("x", b"", "this file (it has no extension)"),
    ],
)
def test_an_undecodable_file_is_refused_naming_file_and_format(
    tmp_path: Path, name: str, data: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(MediaError) as caught:
        probe(path)
    message = str(caught.value)
    assert message.startswith(f"{name}: cannot be used as a recording: ") and said in message
    assert "convert it to" in message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=r"gone\.wav: cannot be read"):
        probe(tmp_path / "gone.wav")


def test_clock_values() -> None:
    assert parse_clock("01:02:03.456") == 3_723_456
    assert parse_clock("02:03") == 123_000
    assert parse_clock("0:00:01,5") == 1500
    assert parse_clock("soon") is None
    assert format_clock(3_723_456) == "01:02:03.456"


def test_sync_points_and_lookups() -> None:
    meta = {
        "cues": [
            {"start": "00:00:05.000", "end": None, "speaker": "B", "offset": 20},
            {"start": "00:00:00.000", "end": "00:00:05.000", "speaker": "A", "offset": 0},
            {"start": "bad", "offset": 30},
            {"start": "00:00:09.000", "offset": None},
        ]
    }
    points = cue_times(meta)
    assert points == [SyncPoint(0, 0), SyncPoint(20, 5000)]
    assert [time_at(points, o) for o in (0, 19, 20, 99)] == [0, 0, 5000, 5000]
    assert [offset_at(points, ms) for ms in (0, 4999, 5000)] == [0, 0, 20]
    assert time_at([], 5) is None and offset_at(points[1:], 10) is None
    assert span_ms(points, 2, 10, 8000) == (0, 5000)
    assert span_ms(points, 21, 25, 8000) == (5000, 8000)
    assert span_ms(points, 21, 25, None) == (5000, None)
    assert span_ms(points[1:], 2, 10, 8000) == (None, None)
    assert cue_times({}) == []


def test_inline_timestamps_of_common_transcription_tools() -> None:
    text = (
        "[00:00:01] Anna: Hello.\n"
        "(00:05) Ben: Hi [laughs] (see 3:4).\n"
        "Anna: More, [1:02:03.5] later.\n"
        "[00:10) not a stamp\n"
    )
    stripped, cues = split_timestamps(text)
    assert stripped == (
        "Anna: Hello.\nBen: Hi [laughs] (see 3:4).\nAnna: More, later.\n[00:10) not a stamp\n"
    )
    assert [(c["start"], c["speaker"]) for c in cues] == [
        ("00:00:01.000", "Anna"),
        ("00:00:05.000", "Ben"),
        ("01:02:03.500", None),
    ]
    assert [stripped[c["offset"] :][:5] for c in cues] == ["Anna:", "Ben: ", "later"]


@given(
    st.lists(
        st.tuples(st.text(alphabet="ab :\n[]()", max_size=12), st.integers(0, 3 * 3600 * 1000 - 1)),
        max_size=8,
    )
)
def test_stamps_come_out_and_their_offsets_fall_where_they_stood(
    parts: list[tuple[str, int]],
) -> None:
    words = [text.lstrip(" \t") for text, _ in parts]  # a stamp takes the blanks after it
    stamped = "".join(
        f"[{format_clock(ms)[:8]}] {w}" for w, (_, ms) in zip(words, parts, strict=True)
    )
    stripped, cues = split_timestamps(stamped)
    assert stripped == "".join(words)
    offsets = [sum(len(w) for w in words[:i]) for i in range(len(words))]
    starts = [format_clock(ms // 1000 * 1000) for _, ms in parts]
    assert [(c["offset"], c["start"]) for c in cues] == list(zip(offsets, starts, strict=True))


def _info(path: str, recording: Path) -> MediaInfo:
    return MediaInfo(
        1,
        "s",
        "m",
        "audio",
        path,
        recording.stat().st_size,
        file_sha256(recording),
        1,
        "wav",
        False,
    )


def test_a_moved_recording_is_found_by_size_and_checksum(tmp_path: Path) -> None:
    project_folder = tmp_path / "project"
    project_folder.mkdir()
    recording = write_wav(project_folder / "P01.wav", 1.0)
    info = _info(stored_path(recording, project_folder), recording)
    assert info.path == "P01.wav"
    assert find_recording(info, project_folder=project_folder, media_folders=()) == recording
    library = tmp_path / "library"
    (library / "a").mkdir(parents=True)
    (library / ".hidden").mkdir()
    write_wav(library / "a" / "P01.wav", 1.0, pitch=300)  # same name and size, other sound
    moved = library / "a" / "zz renamed.wav"
    recording.rename(moved)
    assert find_recording(info, project_folder=project_folder, media_folders=()) is None
    found = find_recording(info, project_folder=project_folder, media_folders=[library])
    assert found == moved
    moved.rename(library / ".hidden" / "x.wav")  # hidden folders are not walked
    assert find_recording(info, project_folder=project_folder, media_folders=[library]) is None


def test_a_recording_beside_the_moved_project_is_found(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    recording = write_wav(tmp_path / "elsewhere" / "P01.wav", 1.0)
    info = _info(str(recording), recording)  # stored absolute: not under the project
    project_folder = tmp_path / "project"
    project_folder.mkdir()
    beside = project_folder / "P01.wav"
    recording.rename(beside)
    assert find_recording(info, project_folder=project_folder, media_folders=()) == beside


def test_media_folders_are_kept_in_the_user_settings(tmp_path: Path) -> None:
    assert media_folders() == []
    save_media_folders([tmp_path / "a", tmp_path / "b", tmp_path / "a"])
    assert media_folders() == [(tmp_path / "a").resolve(), (tmp_path / "b").resolve()]
    settings = next(Path(os.environ["WORKBENCH_DATA_DIR"]).glob("media-folders.json"))
    settings.write_text("{not json", encoding="utf-8")
    assert media_folders() == []
