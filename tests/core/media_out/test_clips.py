"""Cutting a coded segment's clip out of a recording (workbench.core.media.clips)."""

from __future__ import annotations

from pathlib import Path

import pytest
from av_files import (
    decoded_seconds,
    make_av,
    make_wav,
    read_wav,
    samples,
    stream_codecs,
    video_levels,
)

from workbench.core.media.clips import ClipError, export_clip
from workbench.core.progress import Cancelled, Progress


def test_wav_clip_is_cut_to_the_sample(tmp_path: Path) -> None:
    recording = make_wav(tmp_path / "talk.wav")
    clip = export_clip(recording, 1250, 2500, tmp_path / "clip.wav")
    rate, cut = read_wav(clip.path)
    original = samples(4.0)
    assert rate == 8000
    assert cut == original[10000:20000]
    assert clip.duration_ms == 1250
    assert clip.streams == ("audio: re-encoded (pcm_s16le)",)


def test_wav_clip_into_a_compressed_format_is_encoded(tmp_path: Path) -> None:
    recording = make_wav(tmp_path / "talk.wav")
    clip = export_clip(recording, 500, 2000, tmp_path / "clip.m4a")
    assert stream_codecs(clip.path) == {"audio": "aac"}
    assert decoded_seconds(clip.path, "audio") == pytest.approx(1.5, abs=0.07)


def test_compressed_audio_is_copied_not_re_encoded(tmp_path: Path) -> None:
    recording = make_av(tmp_path / "talk.m4a", video=False)
    clip = export_clip(recording, 1000, 3000, tmp_path / "clip.m4a")
    assert clip.streams == ("audio: copied (aac)",)
    assert decoded_seconds(clip.path, "audio") == pytest.approx(2.0, abs=0.15)


def test_video_clip_is_cut_to_the_frame_and_keeps_its_sound(tmp_path: Path) -> None:
    recording = make_av(tmp_path / "call.mp4", video=True)
    clip = export_clip(recording, 1000, 2500, tmp_path / "clip.mp4")
    assert stream_codecs(clip.path) == {"audio": "aac", "video": "h264"}
    levels = video_levels(clip.path)
    assert len(levels) == 15  # 1.5 s at 10 frames a second
    # the first frame shows second 1 (grey 60), the last second 2 (grey 100)
    assert abs(levels[0] - 60) <= 4 and abs(levels[-1] - 100) <= 4
    assert decoded_seconds(clip.path, "audio") == pytest.approx(1.5, abs=0.15)


def test_a_video_clip_into_an_audio_format_is_its_sound(tmp_path: Path) -> None:
    recording = make_av(tmp_path / "call.webm", video=True, audio_codec="libopus")
    clip = export_clip(recording, 0, 1000, tmp_path / "clip.wav")
    assert stream_codecs(clip.path) == {"audio": "pcm_s16le"}
    assert read_wav(clip.path)[0] == 48000


def test_an_end_past_the_recording_stops_at_its_end(tmp_path: Path) -> None:
    recording = make_wav(tmp_path / "talk.wav", seconds=2.0)
    clip = export_clip(recording, 1500, 9000, tmp_path / "clip.wav")
    assert len(read_wav(clip.path)[1]) == 4000
    assert clip.duration_ms == 500


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [(2000, 1000, "is empty"), (-5, 100, "starts before 0"), (5000, 6000, "is 2000 ms long")],
)
def test_a_wrong_range_is_refused_naming_the_file(
    tmp_path: Path, start: int, end: int, words: str
) -> None:
    recording = make_wav(tmp_path / "talk.wav", seconds=2.0)
    with pytest.raises(ClipError, match=words) as caught:
        export_clip(recording, start, end, tmp_path / "clip.wav")
    assert "talk.wav" in str(caught.value)
    assert not (tmp_path / "clip.wav").exists()


def test_an_undecodable_recording_is_refused_and_nothing_written(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"ID3 this is no recording" * 50)
    with pytest.raises(ClipError, match=r"broken\.mp3: cannot be read as audio or video"):
        export_clip(broken, 0, 1000, tmp_path / "clip.wav")
    assert list(tmp_path.iterdir()) == [broken]


def test_an_unknown_clip_format_is_refused(tmp_path: Path) -> None:
    recording = make_wav(tmp_path / "talk.wav")
    with pytest.raises(ClipError, match=r"clip\.xyz: is not a clip format.*\.wav"):
        export_clip(recording, 0, 1000, tmp_path / "clip.xyz")


def test_a_cancelled_cut_leaves_no_file(tmp_path: Path) -> None:
    recording = make_wav(tmp_path / "talk.wav")
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        export_clip(recording, 0, 3000, tmp_path / "clip.wav", progress=progress)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.wav"]
