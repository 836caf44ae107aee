"""Transcribing by ear: type while the recording plays. Pausing rewinds a few seconds (to hear
the last words again), F6 inserts the current time as ``[hh:mm:ss]`` (a sync point: the text
follows the recording by its stamps), Alt+1 … Alt+4 start a speaker's turn. The text saves itself
as you type, one undo step per burst of typing, as memos do."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from workbench.core.text.normalize import normalize_text
from workbench.gui.document.font_zoom import reading_font
from workbench.gui.media.player import Player
from workbench.gui.operations import media as media_ops
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.autosave import AutosaveField
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, project_writable

REWIND_MS = 3000
SPEAKERS = ("Interviewer", "Participant")


def stamp(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}]"


class TranscriptionEditor(QPlainTextEdit):
    """The transcript being typed (objectName ``transcriptionEditor``)."""

    def __init__(self, session: ProjectSession, player: Player, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("transcriptionEditor")
        self.session = session
        self.player = player
        self.speakers: list[str] = list(SPEAKERS)
        self.setFont(reading_font())
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.document().setDocumentMargin(14)
        self.setPlaceholderText(
            "Type what you hear. F4 plays or pauses (pausing rewinds "
            f"{REWIND_MS // 1000} s), F6 inserts the time, Alt+1 … Alt+4 start a speaker's turn."
        )
        self.field = AutosaveField(
            self,
            self._save,
            session.autosave,
            what="Transcript",
            normalize=lambda text: normalize_text(text).text,
        )
        self.registry = ActionRegistry(self, "Transcription")
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.registry.add(
            ActionSpec(
                "transcribeStamp",
                "Insert the current time",
                self.insert_stamp,
                "F6",
                project_writable,
                context=context,
                on=self,
            )
        )
        for number in range(1, 5):
            self.registry.add(
                ActionSpec(
                    f"transcribeSpeaker{number}",
                    f"Start a turn of speaker {number}",
                    partial(self.insert_speaker, number),
                    f"Alt+{number}",
                    project_writable,
                    context=context,
                    on=self,
                )
            )
        self.registry.follow(session)
        player.playing_changed.connect(self._playing_changed)
        self.setEnabled(False)

    @property
    def source(self) -> str | None:
        return self.field.target

    def load(self, source: str | None, speakers: list[str] | None = None) -> None:
        """Edit the text of ``source`` (None: nothing)."""
        text = self.session.project.sources.text(source) if source else ""
        self.speakers = [*(speakers or []), *(s for s in SPEAKERS if s not in (speakers or []))]
        self.field.load(source, text)
        self.setEnabled(source is not None and not self.session.read_only)
        self.moveCursor(self.textCursor().MoveOperation.End)

    def insert_stamp(self) -> None:
        cursor = self.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        space = " " if before and not before[-1].isspace() else ""
        self.insertPlainText(f"{space}{stamp(self.player.position())} ")

    def insert_speaker(self, number: int) -> None:
        """Start a new line with speaker ``number``'s label (and the time, when it plays)."""
        name = self.speakers[number - 1] if number <= len(self.speakers) else f"Speaker {number}"
        cursor = self.textCursor()
        block_empty = not cursor.block().text().strip()
        prefix = "" if block_empty else "\n"
        self.insertPlainText(f"{prefix}{stamp(self.player.position())} {name}: ")

    def _playing_changed(self, playing: bool) -> None:
        if not playing and self.isVisible() and self.source is not None:
            self.player.skip(-REWIND_MS)  # hear the last words again on resuming

    def _save(self, source: str, text: str, burst: str) -> None:
        media_ops.transcribe(self.session, source=source, text=text, burst=burst)
