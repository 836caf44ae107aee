"""Recordings (issue 17): a 2-hour AAC .m4a's waveform computed, and its source painted.

    python benchmarks/media.py [--fresh]

The 2-hour recording (mono 48 kHz AAC, speech-like tones and pauses) and its VTT transcript are
generated once with PyAV into benchmarks/.cache/ (about three minutes of CPU); --fresh makes them
again. ``measure()`` gives run.py its rows.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
from array import array
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import av  # noqa: E402

from workbench.core.media.peaks import compute_peaks  # noqa: E402

CACHE = HERE / ".cache"
RATE = 48_000
SECONDS = 2 * 60 * 60
RECORDING = CACHE / "two-hours.m4a"
TRANSCRIPT = CACHE / "two-hours.vtt"
WORDS = tuple(
    """the and to of I that in it was we you my mentor with for on so but just like they what
really about have be when this time because think would call video meeting feedback learn work
team week goal skills help project career confidence""".split()  # noqa: SIM905
)


def _second(rng: random.Random) -> bytes:
    """One second of a voice-like tone (a pitch, a syllable rhythm, a loudness) or of a pause."""
    if rng.random() < 0.15:
        return array("f", bytes(4 * RATE)).tobytes()
    pitch, rhythm, loud = rng.uniform(110, 260), rng.uniform(3, 6), rng.uniform(0.1, 0.8)
    return array(
        "f",
        (
            loud
            * (0.55 + 0.45 * math.sin(2 * math.pi * rhythm * i / RATE))
            * math.sin(2 * math.pi * pitch * i / RATE)
            for i in range(RATE)
        ),
    ).tobytes()


def make_recording(path: Path, seconds: int = SECONDS) -> None:
    """Encode ``seconds`` of speech-like sound as mono AAC into ``path`` (.m4a)."""
    rng = random.Random(17)
    seconds_of_sound = [_second(rng) for _ in range(24)]
    partial = path.with_suffix(".part.m4a")
    with av.open(str(partial), "w") as out:
        stream = out.add_stream("aac", rate=RATE, layout="mono")
        stream.bit_rate = 64_000
        for second in range(seconds):
            frame = av.AudioFrame(format="flt", layout="mono", samples=RATE)
            frame.planes[0].update(rng.choice(seconds_of_sound))
            frame.sample_rate = RATE
            frame.pts = second * RATE
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    partial.replace(path)


def stamp(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def make_transcript(path: Path, seconds: int = SECONDS) -> None:
    """A VTT with a cue every few seconds, two speakers taking turns."""
    rng = random.Random(5)
    lines = ["WEBVTT", ""]
    at, turn = 0, 0
    while at < seconds * 1000:
        length = rng.randint(2_000, 9_000)
        speaker = "Interviewer" if turn % 2 == 0 else "P07"
        words = " ".join(rng.choices(WORDS, k=length // 400))
        lines += [f"{stamp(at)} --> {stamp(at + length)}", f"<v {speaker}>{words}.", ""]
        at += length + rng.randint(0, 800)
        turn += rng.random() < 0.4
    path.write_text("\n".join(lines), encoding="utf-8")


def ensure(fresh: bool = False) -> None:
    CACHE.mkdir(exist_ok=True)
    if fresh or not RECORDING.exists():
        print(f"Generating {RECORDING.name} (2 hours of AAC) …", file=sys.stderr)
        make_recording(RECORDING)
    if fresh or not TRANSCRIPT.exists():
        make_transcript(TRANSCRIPT)


def time_peaks() -> tuple[float, float, int]:
    """Wall and CPU seconds to compute the 2-hour recording's peaks, and their buckets."""
    wall, cpu = time.perf_counter(), time.process_time()
    peaks = compute_peaks(RECORDING)
    return time.perf_counter() - wall, time.process_time() - cpu, peaks.buckets


def measure() -> list[tuple[str, str, str]]:
    ensure()
    rows: list[tuple[str, str, str]] = []
    wall, cpu, buckets = min(time_peaks() for _ in range(2))
    rows.append(
        (
            f"waveform peaks of a 2-hour AAC .m4a ({buckets:,} buckets): wall (CPU)",
            f"{wall:.2f} s ({cpu:.2f} s)",
            "≤ 10 s",
        )
    )
    with tempfile.TemporaryDirectory() as scratch:
        rows.extend(_painted(Path(scratch)))
    return rows


def _painted(scratch: Path) -> list[tuple[str, str, str]]:
    """Open the 2-hour recording's source (peaks cached) and paint it with its waveform."""
    from media_paint import measure_paint  # the GUI half: imports Qt

    return measure_paint(RECORDING, TRANSCRIPT, scratch)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true", help="generate the recording again")
    args = parser.parse_args()
    ensure(args.fresh)
    rows = measure()
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>18}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
