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
from typing import Any

import av

from workbench.core.errors import WorkbenchError
from workbench.core.paths import user_cache_dir
from workbench.core.progress import NO_PROGRESS, Progress

PER_SECOND = 50
_SCAN_RATE = 4000  # samples a second looked at: 80 per 20 ms bucket
# decoded sample format -> (array typecode, factor to 16-bit); other formats are converted
_FORMATS = {
    "fltp": ("f", 32767.0),
    "flt": ("f", 32767.0),
    "dblp": ("d", 32767.0),
    "dbl": ("d", 32767.0),
    "s16p": ("h", 1.0),
    "s16": ("h", 1.0),
    "s32p": ("i", 1 / 65536),
    "s32": ("i", 1 / 65536),
}
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
    if not 1 <= per_second <= _SCAN_RATE:
        raise ValueError(f"per_second must be between 1 and {_SCAN_RATE}, not {per_second}")
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise PeaksError(f"{path.name} has no sound to draw a waveform of.")
            stream = container.streams.audio[0]
            total = _duration_ms(container, stream)
            scanner: _Scanner | None = None
            resampler: av.AudioResampler | None = None
            reported = -_STEP_MS
            for frame in container.decode(stream):
                if scanner is None:
                    name, channels = frame.format.name, frame.layout.nb_channels
                    if name not in _FORMATS or (channels > 1 and not frame.format.is_planar):
                        name = "fltp"  # anything else is converted, first channel only
                        resampler = av.AudioResampler(format=name, layout="mono")
                    scanner = _Scanner(frame.sample_rate, per_second, *_FORMATS[name])
                for out in resampler.resample(frame) if resampler is not None else (frame,):
                    scanner.feed(out)
                done = scanner.done_ms
                if done - reported >= _STEP_MS:
                    reported = done
                    progress.step(min(done, total), total, "Drawing the waveform")
            if scanner is None:
                raise PeaksError(f"{path.name} has no sound to draw a waveform of.")
            for out in resampler.resample(None) if resampler is not None else ():
                scanner.feed(out)
            scanner.drain(final=True)
    except av.FFmpegError as exc:
        raise PeaksError(
            f"The sound of {path.name} could not be decoded ({exc.strerror or exc}); "
            "check that the file is a complete recording."
        ) from exc
    except OSError as exc:
        raise PeaksError(f"{path} could not be read ({exc.strerror or exc}).") from exc
    return Peaks(per_second, scanner.values)


class _Scanner:
    """Min and max of every bucket of the first channel, looking at about ``_SCAN_RATE``
    samples a second (a strided slice: C speed; the envelope of speech survives it)."""

    def __init__(self, rate: int, per_second: int, typecode: str, to_16_bit: float) -> None:
        self.rate = rate
        self.per_second = per_second
        self.step = max(1, rate // _SCAN_RATE)
        self.scale = to_16_bit
        self.pending: array[Any] = array(typecode)
        self.first = 0  # the sample number of pending[0]
        self.bucket = 0  # the next bucket to fill
        self.values: array[int] = array("h")

    @property
    def done_ms(self) -> int:
        return self.bucket * 1000 // self.per_second

    def feed(self, frame: av.AudioFrame) -> None:
        self.pending.frombytes(memoryview(frame.planes[0])[: frame.samples * self.pending.itemsize])
        self.drain(final=False)

    def drain(self, *, final: bool) -> None:
        pending, values, scale = self.pending, self.values, self.scale
        rate, per_second, step = self.rate, self.per_second, self.step
        count = len(pending)
        while True:
            low = self.bucket * rate // per_second - self.first
            high = (self.bucket + 1) * rate // per_second - self.first
            if high > count:
                if not final or low >= count:
                    break
                high = count
            chunk = pending[low:high:step]
            values.append(max(-32768, min(32767, round(min(chunk) * scale))))
            values.append(max(-32768, min(32767, round(max(chunk) * scale))))
            self.bucket += 1
        used = min(count, self.bucket * rate // per_second - self.first)
        del pending[:used]
        self.first += used


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
