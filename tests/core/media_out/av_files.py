"""Recordings made in the test's tmp folder: a WAV with the ``wave`` module, other formats with
PyAV. Each is a tone whose pitch rises by second, so a cut can be checked by its content."""

from __future__ import annotations

import math
import struct
import wave
from fractions import Fraction
from pathlib import Path

import av

RATE = 8000


def tone(second: float) -> int:
    """The frequency (Hz) heard at ``second``: 200 Hz more each second."""
    return 200 * (1 + int(second))


def samples(seconds: float, rate: int = RATE) -> list[int]:
    return [
        int(12000 * math.sin(2 * math.pi * tone(i / rate) * i / rate))
        for i in range(int(seconds * rate))
    ]


def make_wav(path: Path, seconds: float = 4.0, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{int(seconds * rate)}h", *samples(seconds, rate)))
    return path


def read_wav(path: Path) -> tuple[int, list[int]]:
    with wave.open(str(path), "rb") as clip:
        raw = clip.readframes(clip.getnframes())
        return clip.getframerate(), list(struct.unpack(f"<{len(raw) // 2}h", raw))


def make_av(path: Path, seconds: float = 4.0, *, video: bool, audio_codec: str = "aac") -> Path:
    """An .mp4/.m4a/.webm/.mkv with a tone (and, with ``video``, frames whose grey level is the
    second they show)."""
    rate = 48000 if audio_codec in ("libopus", "opus") else 16000
    with av.open(str(path), "w") as out:
        sound = out.add_stream(audio_codec, rate=rate, layout="mono")
        picture = None
        if video:
            codec = "libx264" if path.suffix != ".webm" else "libvpx-vp9"
            picture = out.add_stream(codec, rate=10, width=64, height=48, pix_fmt="yuv420p")
            for index in range(int(seconds * 10)):
                frame = av.VideoFrame(64, 48, "gray")
                level = min(255, 40 * (index // 10) + 20)
                frame.planes[0].update(bytes([level]) * frame.planes[0].buffer_size)
                frame = frame.reformat(format="yuv420p")
                frame.pts, frame.time_base = index, Fraction(1, 10)
                out.mux(picture.encode(frame))
            out.mux(picture.encode(None))
        pcm = samples(seconds, rate)
        chunk = 1024
        for offset in range(0, len(pcm), chunk):
            part = pcm[offset : offset + chunk]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(part))
            frame.planes[0].update(struct.pack(f"<{len(part)}h", *part))
            frame.sample_rate, frame.pts, frame.time_base = rate, offset, Fraction(1, rate)
            out.mux(sound.encode(frame))
        out.mux(sound.encode(None))
    return path


def duration_ms(path: Path) -> int:
    with av.open(str(path)) as media:
        assert media.duration is not None
        return int(media.duration * 1000 // av.time_base)


def stream_codecs(path: Path) -> dict[str, str]:
    with av.open(str(path)) as media:
        return {s.type: s.codec_context.name for s in media.streams if s.type in ("audio", "video")}


def decoded_seconds(path: Path, kind: str) -> float:
    """How long the decoded ``kind`` stream really is (counts decoded samples or frames)."""
    with av.open(str(path)) as media:
        stream = media.streams.audio[0] if kind == "audio" else media.streams.video[0]
        if kind == "audio":
            total = sum(frame.samples for frame in media.decode(stream))
            return total / stream.codec_context.sample_rate
        frames = list(media.decode(stream))
        return len(frames) / float(stream.average_rate or 10)


def video_levels(path: Path) -> list[int]:
    """The grey level of each decoded frame's first pixel."""
    with av.open(str(path)) as media:
        return [bytes(f.reformat(format="gray").planes[0])[0] for f in media.decode(video=0)]
