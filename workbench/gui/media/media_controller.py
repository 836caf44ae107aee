"""The recording of the source being read: played in the player dock, drawn in the waveform
strip (peaks computed once in the background), followed by the transcript, and coded by time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Signal
from PySide6.QtWidgets import QMenu, QWidget

from workbench.core.changes import Changes
from workbench.core.errors import NotFoundError
from workbench.core.media.peaks import cached_peaks, peaks_for
from workbench.core.media.sync import SyncPoint, cue_times, parse_clock
from workbench.gui.document import DocumentView
from workbench.gui.media import recording_dialogs
from workbench.gui.media.clock import clock
from workbench.gui.media.player import Player
from workbench.gui.media.player_panel import PlayerPanel
from workbench.gui.media.transcript_follow import STAMP, TranscriptFollower
from workbench.gui.media.transcription import TranscriptionEditor
from workbench.gui.media.waveform import Stripe, WaveformStrip
from workbench.gui.operations import media as media_ops
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.jobs import JobRunner

if TYPE_CHECKING:
    from workbench.core.values import MediaInfo


class MediaPane(Protocol):
    """Where the transcript is shown (``DocumentPane``): the view, the strip over it, and the
    editor that takes its place while transcribing."""

    @property
    def view(self) -> DocumentView: ...

    @property
    def waveform(self) -> WaveformStrip: ...

    @property
    def transcription(self) -> TranscriptionEditor: ...


MediaFolders = Callable[[], Sequence[Path]]
STRIPE_KINDS = {"codings", "media_codings", "codebook"}


class MediaController(QObject):
    """Binds the player, the waveform strip and the transcript of one desk."""

    message = Signal(str)  # a status message for the window
    recording_shown = Signal(bool)  # the source shown has a recording (or not)

    def __init__(
        self,
        session: ProjectSession,
        pane: MediaPane,
        panel: PlayerPanel,
        media_folders: MediaFolders = tuple,
    ) -> None:
        super().__init__(pane.view)
        self.session = session
        self.view = view = pane.view
        self.strip = strip = pane.waveform
        self.transcription = pane.transcription
        self.panel = panel
        self.player: Player = panel.player
        self.media_folders = media_folders
        self.follower = TranscriptFollower(view)
        self.peaks_jobs = JobRunner(self)  # a newer recording's peaks cancel the older's
        self.source = ""
        self.info: MediaInfo | None = None
        self.path: Path | None = None
        self._stop_at: int | None = None  # playing a segment: pause at its end
        self.player.position_changed.connect(self._position_changed)
        self.player.playing_changed.connect(self._playing_changed)
        self.player.failed.connect(self._failed)
        strip.seek_requested.connect(self.seek)
        strip.range_selected.connect(self._range_selected)
        strip.context_requested.connect(self._strip_menu)
        self.follower.seek_requested.connect(self.seek)
        self.follower.span_changed.connect(panel.show_span)
        view.selectionChanged.connect(self._text_selected)
        panel.transcribe_action.toggled.connect(self.set_transcribing)
        panel.find_button.clicked.connect(lambda: self.relink())
        session.changed.connect(self._changed)
        strip.hide()

    # -- the source's recording -------------------------------------------------------------------
    def show_source(self, source: str, *, again: bool = False) -> None:
        """Load the recording of ``source`` ("" or none: the player and strip empty)."""
        if source == self.source and not again:
            return
        if source != self.source:
            self.panel.transcribe_action.setChecked(False)
        self.source = source
        try:
            info = self.session.project.media.get(source) if source else None
        except NotFoundError:
            info = None
        self.info = info
        self.recording_shown.emit(info is not None)
        if info is None:
            self._clear()
            return
        path = self.session.project.media.locate(source, media_folders=self.media_folders())
        points = self.sync_points(source)
        self.show_recording(path, sha256=info.sha256, duration_ms=info.duration_ms, points=points)
        if path is None:
            self.panel.show_notice(
                f"The recording {Path(info.path).name} was not found (last seen at {info.path}). "
                "Find it, or right-click the source ▸ Relink recording….",
                missing=True,
            )

    def sync_points(self, source: str) -> list[SyncPoint]:
        """The cues of the source's metadata and the ``[hh:mm:ss]`` stamps typed in its text."""
        sources = self.session.project.sources
        points = cue_times(sources.metadata(source))
        for found in STAMP.finditer(sources.text(source)):
            ms = parse_clock(found.group(1))
            if ms is not None:
                points.append(SyncPoint(found.start(), ms))
        return sorted(set(points))

    def show_recording(
        self, path: Path | None, *, sha256: str, duration_ms: int, points: list[SyncPoint]
    ) -> None:
        """Play ``path`` (None: missing) and draw its waveform (cached, else computed)."""
        self.path = path
        self.strip.show()
        self.strip.set_recording(duration_ms, cached_peaks(sha256))
        self.follower.set_points(points, duration_ms)
        self.follower.follow(0, scroll=False)  # where playing starts
        self.player.load(path)
        if self.strip.peaks is None and path is not None:
            self.strip.set_status("Drawing the waveform…")
            job = self.peaks_jobs.start(
                lambda progress: peaks_for(path, sha256=sha256, progress=progress)
            )
            job.succeeded.connect(lambda peaks, p=path: self._peaks_ready(p, peaks))
            job.failed.connect(self.strip.set_status)
        elif path is None:
            self.strip.set_status("Recording not found")
        self.reload_stripes()

    def _peaks_ready(self, path: Path, peaks: object) -> None:
        if path == self.path:
            self.strip.set_peaks(peaks)  # type: ignore[arg-type]

    def wait_for_waveform(self, msecs: int = 10_000) -> None:
        """Block until the waveform is drawn (a screenshot waits for it)."""
        self.peaks_jobs.wait(msecs)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)

    def _clear(self) -> None:
        self.path = None
        self.peaks_jobs.cancel()
        self.player.load(None)
        self.follower.set_points([])
        self.strip.set_recording(0)
        self.strip.set_stripes([])
        self.strip.hide()

    def shutdown(self) -> None:
        """Stop playing and computing (the project closes)."""
        self.player.load(None)
        self.peaks_jobs.cancel()
        self.peaks_jobs.wait(5000)

    # -- stripes ----------------------------------------------------------------------------------
    def reload_stripes(self) -> None:
        """Media codings and text codings (at their cues' times) as stripes on the time axis."""
        if self.info is None:
            return
        codes = self.view.codes
        stripes: list[Stripe] = []
        for media_coding in self.session.project.media_codings.for_source(self.source):
            node = codes.get(media_coding.code_uuid)
            if node is not None:
                stripes.append(
                    Stripe(
                        media_coding.start_ms,
                        media_coding.end_ms,
                        node.color,
                        node.name,
                        media_coding.uuid,
                    )
                )
        if self.view.source == self.source and self.follower.points:
            for coding in self.view.loaded.codings:
                node = codes.get(coding.code_uuid)
                start = self.follower.time_at(coding.start)
                end = self.follower.end_time_at(max(coding.start, coding.end - 1))
                if node is not None and start is not None and end is not None and end > start:
                    stripes.append(Stripe(start, end, node.color, node.name))
        self.strip.set_stripes(stripes)

    def _changed(self, changes: Changes) -> None:
        if not self.source:
            return
        if "media" in changes.kinds:
            self.show_source(self.source, again=True)
            return
        if "sources" in changes.kinds and self.info is not None:  # e.g. typed by ear
            self.follower.set_points(self.sync_points(self.source), self.info.duration_ms)
        if changes.kinds & (STRIPE_KINDS | {"sources"}):
            self.reload_stripes()

    # -- bringing recordings in ------------------------------------------------------------------
    def _parent(self) -> QWidget:
        return self.view.window()

    def import_recording(self) -> None:
        """File ▸ Import a recording…; the new source is shown."""
        changes = recording_dialogs.import_recording(
            self._parent(), self.session, self.message.emit
        )
        known = {s.uuid for s in self.session.project.sources.list()} if changes else set()
        new = [uuid for uuid in changes.created if uuid in known] if changes else []
        if new:
            self.session.select_source(new[0])

    def attach(self, source: str) -> None:
        recording_dialogs.attach_recording(self._parent(), self.session, source, self.message.emit)

    def relink(self, source: str = "") -> None:
        """Find the recording of ``source`` (default: the one shown) again."""
        source = source or self.source
        found = source and recording_dialogs.relink_recording(
            self._parent(), self.session, source, self.message.emit
        )
        if found and source == self.source:  # found in a media folder: nothing changed
            self.show_source(source, again=True)

    # -- transcribing by ear ----------------------------------------------------------------------
    def set_transcribing(self, on: bool) -> None:
        """Type the transcript while the recording plays (the editor takes the view's place)."""
        editor = self.transcription
        if on and self.info is not None:
            speakers = list(self.session.project.sources.get(self.source).speakers)
            editor.load(self.source, speakers)
            self.view.hide()
            editor.show()
            editor.setFocus()
        else:
            editor.field.finish()  # what was typed is saved before the view returns
            editor.load(None)
            editor.hide()
            self.view.show()
            if self.panel.transcribe_action.isChecked():
                self.panel.transcribe_action.setChecked(False)

    # -- playing and seeking ----------------------------------------------------------------------
    def seek(self, ms: int) -> None:
        self._stop_at = None
        self.player.seek(ms)

    def play_range(self, start_ms: int, end_ms: int | None) -> bool:
        """Play the recording shown from ``start_ms``, pausing at ``end_ms`` (None: its end);
        False when there is nothing to play."""
        if self.path is None:
            self.message.emit("This source has no recording to play here.")
            return False
        self.seek(start_ms)
        self._stop_at = end_ms
        self.player.play()
        return True

    def _position_changed(self, ms: int) -> None:
        if self._stop_at is not None and ms >= self._stop_at:
            self._stop_at = None
            self.player.pause()
        self.strip.set_position(ms)
        self.follower.follow(ms)

    def _playing_changed(self, playing: bool) -> None:
        if not playing:
            self._stop_at = None

    def _failed(self, message: str) -> None:
        self.panel.show_notice(message)
        self.message.emit(message)

    # -- coding time ranges -----------------------------------------------------------------------
    def _range_selected(self, start: int, end: int) -> None:
        cursor = self.view.textCursor()
        if cursor.hasSelection():  # one selection at a time: codes go to the time range now
            cursor.clearSelection()
            self.view.setTextCursor(cursor)
        self.panel.show_span(f"Time range: {clock(start)} – {clock(end)}")
        self.message.emit("Apply a code to code this time range of the recording.")

    def _text_selected(self) -> None:
        if self.view.textCursor().hasSelection() and self.strip.selection is not None:
            self.strip.set_selection(None)

    @property
    def time_range(self) -> tuple[int, int] | None:
        """The time range chosen in the strip, if any (codes applied now go to it)."""
        return self.strip.selection if self.strip.isVisible() and self.info else None

    def apply_code(self, code: str) -> bool:
        """Code the chosen time range with ``code``; False when there is none."""
        chosen = self.time_range
        if chosen is None:
            return False
        media_ops.apply_coding(
            self.session,
            source=self.source,
            code=code,
            start_ms=chosen[0],
            end_ms=chosen[1],
            show=self.message.emit,
        )
        return True

    def remove_coding(self, stripe: Stripe) -> None:
        media_ops.remove_codings(
            self.session,
            codings=[stripe.coding],
            label=f"{stripe.label!r} {clock(stripe.start_ms)}–{clock(stripe.end_ms)}",
            show=self.message.emit,
        )

    def _strip_menu(self, where: object, ms: int) -> None:
        menu = self.strip_menu(ms)
        menu.exec(QPoint(int(where.x()), int(where.y())))  # type: ignore[attr-defined]
        menu.deleteLater()

    def strip_menu(self, ms: int, parent: QWidget | None = None) -> QMenu:
        """The strip's context menu at time ``ms``: play from here, code the range with a
        recent code, remove the media codings under the pointer."""
        menu = QMenu(parent or self.strip)
        menu.setObjectName("waveformMenu")
        menu.addAction(f"Play from {clock(ms)}", lambda: self.play_from(ms))
        writable = not self.session.read_only
        chosen = self.time_range
        span = f"{clock(chosen[0])}–{clock(chosen[1])}" if chosen is not None else ""
        for code in self.session.recent_codes[:5] if chosen is not None else []:
            node = self.view.codes.get(code)
            if node is not None:
                action = menu.addAction(f"Code {span} with {node.name!r}")
                action.triggered.connect(partial(self.apply_code, code))
                action.setEnabled(writable)
        for stripe in self.strip.stripes_at(ms):
            if stripe.coding:
                action = menu.addAction(
                    f"Remove coding {stripe.label!r} {clock(stripe.start_ms)}–"
                    f"{clock(stripe.end_ms)}"
                )
                action.triggered.connect(partial(self.remove_coding, stripe))
                action.setEnabled(writable)
        return menu

    def play_from(self, ms: int) -> None:
        self.seek(ms)
        self.player.play()
