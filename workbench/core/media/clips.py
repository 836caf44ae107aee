"""Cutting a coded segment of a recording into a file of its own (a "clip").

Audio is cut to the sample (FFmpeg's ``atrim``) and video to the frame (``trim``), so a clip
holds exactly the coded time range. Compressed audio whose codec the chosen container can hold
is copied packet for packet instead (no loss of quality; the cut then falls on the packet
boundaries around the range, a few tens of milliseconds); PCM is always cut to the sample
(re-encoding it loses nothing). Video is always re-encoded, since a cut between two keyframes
cannot be copied. The clip is written beside its target and renamed onto it when complete, so a
failed or cancelled export leaves no file behind.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from workbench.core.atomic_file import built_beside
from workbench.core.errors import MediaError
from workbench.core.progress import NO_PROGRESS, Progress

__all__ = ["CLIP_FORMATS", "TO_THE_END", "Clip", "ClipError", "export_clip"]

TO_THE_END = 10**12
"""An ``end_ms`` for a range whose end is not known: the clip runs to the recording's end."""


class ClipError(MediaError):
    """A clip cannot be cut (the recording cannot be read, the range or the target is wrong);
    no file was written."""


@dataclass(frozen=True)
class _Format:
    muxer: str
    audio: str  # the codec a re-encoded audio stream gets
    video: str | None  # None: the container holds sound only (a video's clip is its sound)
    copies: frozenset[str]  # audio codecs copied as they are


CLIP_FORMATS: dict[str, _Format] = {
    ".wav": _Format("wav", "pcm_s16le", None, frozenset()),
    ".mp3": _Format("mp3", "libmp3lame", None, frozenset({"mp3"})),
    ".m4a": _Format("ipod", "aac", None, frozenset({"aac", "alac"})),
    ".flac": _Format("flac", "flac", None, frozenset({"flac"})),
    ".ogg": _Format("ogg", "libvorbis", None, frozenset({"vorbis", "opus", "flac"})),
    ".opus": _Format("ogg", "libopus", None, frozenset({"opus"})),
    ".mp4": _Format("mp4", "aac", "libx264", frozenset({"aac", "mp3", "opus", "alac"})),
    ".mov": _Format("mov", "aac", "libx264", frozenset({"aac", "mp3", "alac"})),
    ".mkv": _Format(
        "matroska", "aac", "libx264", frozenset({"aac", "mp3", "opus", "vorbis", "flac"})
    ),
    ".webm": _Format("webm", "libopus", "libvpx-vp9", frozenset({"opus", "vorbis"})),
}
"""The clip formats by file suffix."""


@dataclass(frozen=True)
class Clip:
    """A written clip: its path, length, and how each stream got there."""

    path: Path
    duration_ms: int
    streams: tuple[str, ...]  # e.g. ("audio: copied (aac)", "video: re-encoded (h264)")


def export_clip(
    recording: Path | str,
    start_ms: int,
    end_ms: int,
    out_path: Path | str,
    *,
    progress: Progress | None = None,
) -> Clip:
    """Write the part ``start_ms``..``end_ms`` of ``recording`` to ``out_path`` (its suffix picks
    the format: see CLIP_FORMATS); an end past the recording's end is cut at the end.

    Raises ClipError naming the file when the recording cannot be decoded, the range is empty
    or lies past the end, or the target's format is not one we write; then nothing is written.
    ``Cancelled`` from ``progress`` also leaves no file."""
    recording, out_path = Path(recording), Path(out_path)
    progress = progress or NO_PROGRESS
    fmt = CLIP_FORMATS.get(out_path.suffix.lower())
    if fmt is None:
        names = ", ".join(CLIP_FORMATS)
        raise ClipError(out_path, "is not a clip format we can write.", f"Use one of {names}.")
    if start_ms < 0 or end_ms <= start_ms:
        raise ClipError(
            recording,
            f"the range {start_ms}–{end_ms} ms is empty or starts before 0.",
            "Choose a start before the end.",
        )
    if not out_path.parent.is_dir():
        raise ClipError(
            out_path, f"cannot be written: the folder {out_path.parent} does not exist."
        )
    try:
        source = av.open(str(recording))
    except (av.FFmpegError, OSError) as exc:
        raise ClipError(
            recording,
            f"cannot be read as audio or video ({exc}).",
            "Check that the file is a complete recording in a common format.",
        ) from None
    with source:
        audio = source.streams.audio[0] if source.streams.audio else None
        video = source.streams.video[0] if source.streams.video and fmt.video else None
        if audio is None and video is None:
            raise ClipError(
                recording,
                "has no sound" + (" or picture." if fmt.video else "."),
                "Choose a recording with sound, or a video format for the clip.",
            )
        duration_ms = _duration_ms(source)
        if duration_ms is not None:
            if start_ms >= duration_ms:
                raise ClipError(
                    recording,
                    f"is {duration_ms} ms long; the range starts at {start_ms} ms.",
                    "Choose a range inside the recording.",
                )
            end_ms = min(end_ms, duration_ms)
        try:
            with (
                built_beside(out_path) as partial,
                av.open(str(partial), "w", format=fmt.muxer) as target,
            ):
                cutter = _Cutter(source, target, fmt, audio, video, start_ms, end_ms)
                cutter.run(progress)
        except av.FFmpegError as exc:
            raise ClipError(
                recording,
                f"could not be cut into {out_path.name} ({exc}).",
                "Try another clip format, such as .wav or .mp4.",
            ) from None
    return Clip(out_path, end_ms - start_ms, tuple(cutter.notes))


def _duration_ms(source: Any) -> int | None:
    if source.duration is not None:
        return int(source.duration * 1000 // av.time_base)
    return None


_SLACK_MS = 1000
_LAYOUTS = {1: "mono", 2: "stereo"}  # a WAV's "1 channels" layout is one AAC refuses


class _Cutter:
    """Moves one range of one input's first audio and video streams into the output."""

    def __init__(
        self, source: Any, target: Any, fmt: _Format, audio: Any, video: Any, start: int, end: int
    ) -> None:
        self.source, self.target, self.start, self.end = source, target, start, end
        self.notes: list[str] = []
        self.outputs: dict[int, tuple[Any, Any]] = {}  # input index -> (output stream, graph)
        self.copy: Any = None
        self.trimmed: set[int] = set()
        if audio is not None:
            name = audio.codec_context.name
            if name in fmt.copies:
                self.copy = audio
                self.outputs[audio.index] = (target.add_stream_from_template(audio), None)
                self.notes.append(f"audio: copied ({name})")
            else:
                rate = audio.codec_context.sample_rate
                channels = audio.codec_context.layout.nb_channels
                settings: dict[str, Any] = {
                    "layout": _LAYOUTS.get(channels, audio.codec_context.layout)
                }
                if fmt.audio == "aac":  # AAC refuses more than 6 bits a sample and channel
                    settings["bit_rate"] = min(128_000 * channels, 6 * rate * channels)
                out = target.add_stream(fmt.audio, rate=rate, **settings)
                self.outputs[audio.index] = (out, self._graph(audio, "a"))
                self.notes.append(f"audio: re-encoded ({out.codec_context.name})")
        if video is not None and fmt.video is not None:
            rate = video.average_rate or video.guessed_rate or 25
            size = {"width": video.codec_context.width, "height": video.codec_context.height}
            out = target.add_stream(fmt.video, rate=rate, pix_fmt="yuv420p", **size)
            self.outputs[video.index] = (out, self._graph(video, ""))
            self.notes.append(f"video: re-encoded ({out.codec_context.name})")
        self.streams = [s for s in (audio, video) if s is not None and s.index in self.outputs]

    def _graph(self, stream: Any, prefix: str) -> Any:
        graph = av.filter.Graph()
        head = graph.add_abuffer(template=stream) if prefix else graph.add_buffer(template=stream)
        trim = graph.add(f"{prefix}trim", f"start={self.start / 1000}:end={self.end / 1000}")
        pts = graph.add(f"{prefix}setpts", "PTS-STARTPTS")
        filters = [head, trim, pts]
        if not prefix:
            filters.append(graph.add("format", "yuv420p"))
        filters.append(graph.add(f"{prefix}buffersink"))
        for a, b in itertools.pairwise(filters):
            a.link_to(b)
        graph.configure()
        return graph

    def run(self, progress: Progress) -> None:
        # Seek a little before the start: decoders need the frames before a cut (a keyframe).
        self.source.seek(max(0, self.start - _SLACK_MS) * 1000, backward=True)
        done: set[int] = set()
        span = self.end - self.start
        for packet in self.source.demux(self.streams):
            index = packet.stream.index
            at = _ms(packet.pts, packet.time_base)
            if index in done or at is None:
                continue
            progress.step(max(0, min(at - self.start, span)), span, "cutting the clip")
            # Packets come in decoding order, so frames before the end may follow a packet
            # past it: read on for a while; the trim filter drops what lies beyond.
            if at >= self.end + _SLACK_MS:
                done.add(index)
                if len(done) == len(self.streams):
                    break
            elif packet.stream is self.copy:
                if at < self.end:
                    self._copy(packet)
            else:
                for frame in packet.decode():
                    self._filter(index, frame)
        for stream in self.streams:
            if stream is not self.copy:
                for frame in _drain(stream):
                    self._filter(stream.index, frame)
                self._filter(stream.index, None)
                self.target.mux(self.outputs[stream.index][0].encode(None))
        progress.step(span, span, "cutting the clip")

    def _copy(self, packet: Any) -> None:
        if packet.pts is None or packet.dts is None:
            return
        start = round(self.start / 1000 / packet.time_base)
        ends = packet.pts + (packet.duration or 0)
        if ends <= start:
            return
        packet.pts -= start
        packet.dts -= start
        if packet.pts < 0:  # the packet straddling the start: keep it whole, from 0
            packet.dts -= packet.pts
            packet.pts = 0
        packet.stream = self.outputs[packet.stream_index][0]
        self.target.mux(packet)

    def _filter(self, index: int, frame: Any) -> None:
        out, graph = self.outputs[index]
        if index in self.trimmed:
            return
        try:
            graph.push(frame)
        except av.EOFError:  # the trim filter has passed the end and takes no more
            self.trimmed.add(index)
        for cut in _pull(graph):
            self.target.mux(out.encode(cut))


def _drain(stream: Any) -> list[Any]:
    """The frames a decoder still holds (none once it has seen the end of the file)."""
    try:
        return list(stream.codec_context.decode(None))
    except av.EOFError:
        return []


def _pull(graph: Any) -> Iterator[Any]:
    while True:
        try:
            yield graph.pull()
        except (av.BlockingIOError, av.EOFError):
            return


def _ms(pts: int | None, time_base: Fraction | None) -> int | None:
    if pts is None or time_base is None:
        return None
    return int(pts * time_base * 1000)
