"""Waveform peaks: decoded with PyAV from a generated WAV, cached by sha256 in the user cache
dir (never in the project), a cache file that is not ours ignored, undecodable files refused."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest
from media_samples import MP4, WEBM, write_wav

from workbench.core.media import peaks as peaks_module
from workbench.core.media.peaks import (
    Peaks,
    PeaksError,
    cache_path,
    cached_peaks,
    compute_peaks,
    peaks_for,
)
from workbench.core.progress import Cancelled, Progress

SHA = "ab" * 32


def test_the_peaks_follow_the_loudness_of_each_second(tmp_path: Path) -> None:
    peaks = compute_peaks(write_wav(tmp_path / "tone.wav", (0.0, 0.8, 0.3, 0.0)), per_second=10)
    assert peaks.buckets == 40 and peaks.duration_ms == 4000
    seconds = peaks.columns(0, 4000, 4)
    highs = [high for _low, high in seconds]
    lows = [low for low, _high in seconds]
    assert highs[0] < 330 and highs[3] < 330  # silence (the resampler rings a little)
    assert highs[1] == pytest.approx(0.8 * 32767, rel=0.05)
    assert lows[1] == pytest.approx(-0.8 * 32767, rel=0.05)
    assert highs[2] == pytest.approx(0.3 * 32767, rel=0.05)


def test_columns_narrower_than_a_bucket_and_past_the_end() -> None:
    peaks = Peaks(10, array("h", [-1, 1, -5, 5]))  # 200 ms
    assert peaks.columns(0, 200, 4) == [(-1, 1), (-1, 1), (-5, 5), (-5, 5)]
    assert peaks.columns(100, 300, 2) == [(-5, 5), (0, 0)]
    assert peaks.columns(0, 0, 3) == []


@pytest.mark.parametrize("fixture", [MP4, WEBM], ids=["h264-aac", "vp9-opus"])
def test_the_sound_of_the_video_fixtures_is_decoded(fixture: Path) -> None:
    peaks = compute_peaks(fixture)
    assert peaks.duration_ms >= 900
    assert max(high for _low, high in peaks.columns(0, peaks.duration_ms, 5)) > 1000


def test_peaks_are_cached_by_sha256_in_the_user_cache_dir(tmp_path: Path) -> None:
    recording = write_wav(tmp_path / "tone.wav", (0.5, 0.0))
    assert cached_peaks(SHA) is None
    first = peaks_for(recording, sha256=SHA)
    assert cache_path(SHA).is_file()
    recording.unlink()  # the cache answers now: no decoding
    again = peaks_for(recording, sha256=SHA)
    assert again == first


def test_a_cache_file_that_is_not_ours_is_ignored(tmp_path: Path) -> None:
    cache_path(SHA).parent.mkdir(parents=True)
    cache_path(SHA).write_bytes(b"WBPEAKS1" + b"\x00" * 5)
    assert cached_peaks(SHA) is None
    recording = write_wav(tmp_path / "tone.wav", (0.5,))
    assert peaks_for(recording, sha256=SHA).buckets == 50


def test_a_file_that_is_no_recording_is_refused_with_its_name(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.m4a"
    bogus.write_text("these are notes, not sound", encoding="utf-8")
    with pytest.raises(PeaksError, match="notes.m4a"):
        compute_peaks(bogus)
    assert not (peaks_module.user_cache_dir() / "peaks").exists()


def test_computing_can_be_cancelled(tmp_path: Path) -> None:
    recording = write_wav(tmp_path / "long.wav", (0.5,) * 12)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        compute_peaks(recording, progress=progress)
