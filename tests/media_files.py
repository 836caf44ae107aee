"""Recordings made by the tests themselves (never skipped, never downloaded): a WAV written
with the ``wave`` module, and small encoded files made with PyAV."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

import av

RATE = 8000


def write_wav(path: Path, seconds: float = 2.0, *, rate: int = RATE, pitch: float = 440.0) -> Path:
    """A mono 16-bit tone of ``seconds`` (``pitch`` makes files of equal length differ)."""
    frames = int(seconds * rate)
    samples = (int(8000 * math.sin(2 * math.pi * pitch * i / rate)) for i in range(frames))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return path


def write_encoded(path: Path, seconds: float = 1.0, *, codec: str = "aac") -> Path:
    """An audio file in the container ``path``'s suffix names (e.g. .m4a with AAC, .mp3),
    encoded from a generated WAV."""
    source = write_wav(path.with_name(path.name + ".wav"), seconds, rate=16000)
    with av.open(str(source)) as wav, av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=16000, layout="mono")
        for frame in wav.decode(audio=0):
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    source.unlink()
    return path


def write_video(path: Path, seconds: float = 1.0, *, codec: str = "mpeg4") -> Path:
    """A tiny silent video (32×32, 10 frames a second) in the container ``path`` names."""
    import numpy as np

    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=10, width=32, height=32, pix_fmt="yuv420p")
        for i in range(int(seconds * 10)):
            image = np.full((32, 32, 3), i * 20 % 256, np.uint8)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        container.mux(stream.encode(None))
    return path
