"""Recordings the tests generate (never skipped for lack of a decoder): a WAV of tones and
silences, and the checked-in tiny .mp4/.webm fixtures."""

from __future__ import annotations

import math
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "media"
MP4 = FIXTURES / "pattern-h264-aac.mp4"
WEBM = FIXTURES / "pattern-vp9-opus.webm"


def write_wav(
    path: Path, loudness: Sequence[float] = (0.0, 0.8, 0.3, 0.0), *, rate: int = 16_000
) -> Path:
    """A mono 16-bit WAV of one second per ``loudness`` entry: a 440 Hz tone at that loudness
    (0: silence)."""
    samples = array("h")
    for loud in loudness:
        samples.extend(
            round(32767 * loud * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate)
        )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path
