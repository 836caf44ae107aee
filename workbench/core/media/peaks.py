"""Waveform peaks of a recording: the lowest and highest sample of every short bucket.

Computed once with PyAV (in the background: ``progress`` steps and cancels) and cached under the
user cache dir, keyed by the recording's sha256 — never in the project file, which stays small."""

from __future__ import annotations

import os
import struct
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

import av

from workbench.core.errors import WorkbenchError
from workbench.core.paths import user_cache_dir
from workbench.core.progress import NO_PROGRESS, Progress

PER_SECOND = 50
# Decoded to 8 kHz mono: a 20 ms bucket still has 160 samples, enough for the envelope of speech,
# and the min/max scan (a C loop over an array) stays a small part of the decoding time.
_RATE = 8000
_MAGIC = b"WBPEAKS1"
_HEADER = struct.Struct("<8sII")  # magic, per_second, buckets
_STEP_MS = 5000  # progress is reported every 5 s of recording


class PeaksError(WorkbenchError):
    """A recording's sound could not be decoded for its waveform."""


@dataclass(frozen=True)
class Peaks:
    """``values`` holds (min, max) of each bucket of ``1 / per_second`` s, interleaved, as
    signed 16-bit samples."""

    per_second: int
    values: array[int]

    @property
    def buckets(self) -> int:
        return len(self.values) // 2

    @property
    def duration_ms(self) -> int:
        return self.buckets * 1000 // self.per_second

    def columns(self, start_ms: int, end_ms: int, count: int) -> list[tuple[int, int]]:
        """(min, max) of each of ``count`` equal columns of the time span (for drawing); a
        column narrower than a bucket repeats its bucket, one past the end is (0, 0)."""
        if count <= 0 or end_ms <= start_ms:
            return []
        span = (end_ms - start_ms) * self.per_second / 1000
        first = start_ms * self.per_second / 1000
        values, buckets = self.values, self.buckets
        found: list[tuple[int, int]] = []
        for column in range(count):
            lo = int(first + span * column / count)
            hi = max(lo + 1, int(first + span * (column + 1) / count))
            lo, hi = min(lo, buckets), min(hi, buckets)
            if lo >= hi:
                found.append((0, 0))
                continue
            found.append((min(values[2 * lo : 2 * hi : 2]), max(values[2 * lo + 1 : 2 * hi : 2])))
        return found

    def to_bytes(self) -> bytes:
        values = self.values
        if values.itemsize != 2 or sys.byteorder != "little":
            values = array("h", values)
            if sys.byteorder != "little":
                values.byteswap()
        return _HEADER.pack(_MAGIC, self.per_second, self.buckets) + values.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Peaks | None:
        """The peaks ``to_bytes`` wrote, or None when ``data`` is not such a file (or is cut)."""
        if len(data) < _HEADER.size:
            return None
        magic, per_second, buckets = _HEADER.unpack_from(data)
        if magic != _MAGIC or per_second <= 0 or len(data) != _HEADER.size + buckets * 4:
            return None
        values = array("h")
        values.frombytes(data[_HEADER.size :])
        if sys.byteorder != "little":
            values.byteswap()
        return cls(per_second, values)


def compute_peaks(
    path: Path, *, per_second: int = PER_SECOND, progress: Progress = NO_PROGRESS
) -> Peaks:
    """Decode the first sound stream of ``path`` and return its peaks; raises ``PeaksError``
    naming the file when it has no sound or cannot be decoded, ``Cancelled`` when cancelled."""
    if not 1 <= per_second <= _RATE:
        raise ValueError(f"per_second must be between 1 and {_RATE}, not {per_second}")
    size = _RATE // per_second
    values = array("h")
    pending = array("h")
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise PeaksError(f"{path.name} has no sound to draw a waveform of.")
            stream = container.streams.audio[0]
            total = _duration_ms(container, stream)
            resampler = av.AudioResampler(format="s16", layout="mono", rate=_RATE)
            reported = -_STEP_MS
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    pending.frombytes(memoryview(out.planes[0])[: out.samples * 2])
                _scan(pending, size, values, final=False)
                done = len(values) * 500 // per_second
                if done - reported >= _STEP_MS:
                    reported = done
                    progress.step(min(done, total), total, "Drawing the waveform")
            for out in resampler.resample(None):
                pending.frombytes(memoryview(out.planes[0])[: out.samples * 2])
            _scan(pending, size, values, final=True)
    except av.FFmpegError as exc:
        raise PeaksError(
            f"The sound of {path.name} could not be decoded ({exc.strerror or exc}); "
            "check that the file is a complete recording."
        ) from exc
    except OSError as exc:
        raise PeaksError(f"{path} could not be read ({exc.strerror or exc}).") from exc
    return Peaks(per_second, values)


def _scan(pending: array[int], size: int, values: array[int], *, final: bool) -> None:
    """Move the full buckets of ``pending`` into ``values`` (and the partial last one when
    ``final``)."""
    whole = len(pending) // size * size
    for start in range(0, whole, size):
        bucket = pending[start : start + size]
        values.append(min(bucket))
        values.append(max(bucket))
    del pending[:whole]
    if final and pending:
        values.append(min(pending))
        values.append(max(pending))
        del pending[:]


def _duration_ms(container: av.container.InputContainer, stream: av.audio.AudioStream) -> int:
    if stream.duration is not None and stream.time_base is not None:
        return int(stream.duration * stream.time_base * 1000)
    return (container.duration or 0) // 1000


def cache_path(sha256: str, per_second: int = PER_SECOND) -> Path:
    """Where the peaks of the recording with this sha256 are kept."""
    return user_cache_dir() / "peaks" / f"{sha256}-{per_second}.peaks"


def cached_peaks(sha256: str, *, per_second: int = PER_SECOND) -> Peaks | None:
    """The cached peaks of the recording with this sha256, or None (none yet, or unreadable)."""
    try:
        return Peaks.from_bytes(cache_path(sha256, per_second).read_bytes())
    except OSError:
        return None


def store_peaks(sha256: str, peaks: Peaks) -> Path:
    """Cache ``peaks`` for the recording with this sha256 (written whole, then renamed, so a
    reader never sees half a file)."""
    path = cache_path(sha256, peaks.per_second)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(peaks.to_bytes())
    os.replace(partial, path)
    return path


def peaks_for(
    path: Path, *, sha256: str, per_second: int = PER_SECOND, progress: Progress = NO_PROGRESS
) -> Peaks:
    """The cached peaks of the recording, computed and cached first when there are none."""
    found = cached_peaks(sha256, per_second=per_second)
    if found is None:
        found = compute_peaks(path, per_second=per_second, progress=progress)
        store_peaks(sha256, found)
    return found
