"""One recording played through Qt Multimedia (PySide6-Addons, FFmpeg inside)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
SKIP_MS = 5000


def settle_overrides(*objects: QObject) -> None:
    """Let PySide learn, here on the GUI thread, that these objects' ``connectNotify`` and
    ``disconnectNotify`` have no Python override.

    Qt Multimedia's decoding threads connect to and disconnect from the player, its audio output
    and its video widget. The first such call on an object made in Python asks Python whether the
    method is overridden, which takes the GIL while Qt holds a signal lock; a GUI thread holding
    the GIL while it waits for that lock (deleting widgets, say) then deadlocks with it. Once
    asked, the answer is cached per object and the threads never take the GIL again (seen with
    gdb; the full test suite hung this way once)."""
    for obj in objects:
        obj.destroyed.connect(_ignore)
        obj.destroyed.disconnect(_ignore)


def _ignore(*_args: object) -> None:
    pass


class Player(QObject):
    """Plays one recording; signals its position (ms), whether it plays, and failures."""

    position_changed = Signal(int)
    playing_changed = Signal(bool)
    duration_changed = Signal(int)
    loaded = Signal(bool)  # a recording is loaded (True) or none (False)
    failed = Signal(str)  # a message for the researcher

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.audio = QAudioOutput(self)
        self.media = QMediaPlayer(self)
        self.media.setAudioOutput(self.audio)
        settle_overrides(self.audio, self.media)
        # Slow playback keeps the voice's pitch where the backend allows it (Qt 6.10+).
        if (
            self.media.pitchCompensationAvailability()
            != QMediaPlayer.PitchCompensationAvailability.Unavailable
        ):
            self.media.setPitchCompensation(True)
        self.path: Path | None = None
        self.media.positionChanged.connect(lambda ms: self.position_changed.emit(int(ms)))
        self.media.durationChanged.connect(lambda ms: self.duration_changed.emit(int(ms)))
        self.media.playbackStateChanged.connect(self._state_changed)
        self.media.errorOccurred.connect(self._error)

    def load(self, path: Path | None) -> None:
        """Play ``path`` from now on (None: nothing)."""
        self.media.stop()
        self.path = path
        self.media.setSource(QUrl.fromLocalFile(str(path)) if path is not None else QUrl())
        self.loaded.emit(path is not None)

    def set_video_output(self, widget: QVideoWidget) -> None:
        settle_overrides(widget)
        self.media.setVideoOutput(widget)

    @property
    def has_video(self) -> bool:
        return bool(self.media.hasVideo())

    @property
    def playing(self) -> bool:
        return self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> int:
        return int(self.media.position())

    def duration(self) -> int:
        return int(self.media.duration())

    def play(self) -> None:
        if self.path is not None:
            self.media.play()

    def pause(self) -> None:
        self.media.pause()

    def toggle(self) -> None:
        """Play or pause (F4)."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def seek(self, ms: int) -> None:
        duration = self.duration()
        ms = max(0, ms if duration <= 0 else min(ms, duration))
        self.media.setPosition(ms)
        self.position_changed.emit(ms)  # at once, even paused: the playhead and cue follow

    def skip(self, delta_ms: int) -> None:
        self.seek(self.position() + delta_ms)

    def set_speed(self, rate: float) -> None:
        self.media.setPlaybackRate(rate)

    def speed(self) -> float:
        return float(self.media.playbackRate())

    def set_volume(self, volume: float) -> None:
        self.audio.setVolume(max(0.0, min(1.0, volume)))

    def _state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        self.playing_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState)

    def _error(self, _error: QMediaPlayer.Error, text: str) -> None:
        name = self.path.name if self.path is not None else "the recording"
        self.failed.emit(f"{name} cannot be played: {text or 'its format is not supported'}.")
