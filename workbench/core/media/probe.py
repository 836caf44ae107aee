"""What a recording is (audio or video, how long, which container), read with PyAV."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import av
import av.error

from workbench.core.errors import MediaError
from workbench.core.values import MediaKind

_CHUNK = 1 << 20
_FORMATS = "MP3, M4A, WAV, OGG/Opus, FLAC, MP4, MOV, WebM or MKV"
# Containers of recordings, as FFmpeg names them (first name): FFmpeg also reads text as
# ANSI art ("tty") and pictures as one-frame videos, which are no recordings.
CONTAINERS = frozenset(
    {
        "wav", "w64", "mp3", "mov", "ogg", "flac", "matroska", "aac", "aiff", "caf",
        "avi", "asf", "mpeg", "mpegts", "amr", "wv", "ape", "au", "flv", "3gp",
    }
)  # fmt: skip


@dataclass(frozen=True)
class MediaProbe:
    kind: MediaKind
    duration_ms: int
    format: str
    size: int


def _format_of(path: Path) -> str:
    suffix = path.suffix.lstrip(".").upper()
    return f"this {suffix} file" if suffix else "this file (it has no extension)"


def _refuse(path: Path, why: str) -> MediaError:
    return MediaError(
        path,
        f"cannot be used as a recording: {_format_of(path)} {why}.",
        f"Check that it is complete and plays in a media player, or convert it to {_FORMATS}.",
    )


def probe(path: Path) -> MediaProbe:
    """The kind, duration and container of the recording at ``path``; one frame is decoded
    to be sure it plays. Raises MediaError (naming the file and its format) when it cannot
    be read or decoded."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaError(path, f"cannot be read ({exc.strerror}).", "Check the path.") from None
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            name = container.format.name.split(",")[0]
            if name not in CONTAINERS:
                raise _refuse(path, f"holds no audio or video (FFmpeg reads it as {name!r})")
            video = [
                s
                for s in container.streams.video
                if not s.disposition & av.stream.Disposition.attached_pic  # an album cover
            ]
            streams: list[av.stream.Stream] = [*video[:1]] or [*container.streams.audio[:1]]
            if not streams:
                raise _refuse(path, "holds no audio or video")
            stream = streams[0]
            if next(iter(container.decode(stream)), None) is None:
                raise _refuse(path, "holds no decodable frames")
            duration_ms = _duration_ms(container, stream)
    except av.error.FFmpegError as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise _refuse(path, f"could not be decoded ({reason})") from None
    if duration_ms <= 0:
        raise _refuse(path, "has no length")
    return MediaProbe("video" if video else "audio", duration_ms, name[:32], size)


def _duration_ms(container: av.container.InputContainer, stream: av.stream.Stream) -> int:
    if container.duration is not None and container.duration > 0:
        return int(container.duration // 1000)  # microseconds (AV_TIME_BASE)
    if stream.duration is not None and stream.time_base is not None:
        return int(stream.duration * stream.time_base * 1000)
    end = 0  # no header says: read the packets' timestamps (a raw stream)
    container.seek(0)
    for packet in container.demux(stream):
        if packet.pts is not None and packet.time_base is not None:
            end = max(end, int((packet.pts + (packet.duration or 0)) * packet.time_base * 1000))
    return end


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
