"""Bringing recordings in: import one (with its transcript, if any), attach one to a transcript,
find a moved one again (relink), and the media folders where recordings are looked for.

``Ask`` holds the questions as plain functions so tests can answer them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.media.folders import media_folders, save_media_folders
from workbench.gui.operations import media as media_ops
from workbench.gui.operations.run import Session
from workbench.gui.widgets.plain_text import PlainLabel, ask_yes

RECORDING_FILTER = (
    "Recordings (*.mp3 *.m4a *.wav *.ogg *.opus *.flac *.aac *.mp4 *.mov *.webm *.mkv);;"
    "All files (*)"
)
TRANSCRIPT_FILTER = "Transcripts (*.vtt *.srt *.txt);;All files (*)"


def _open_file(parent: QWidget, title: str, file_filter: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
    return Path(name) if name else None


@dataclass
class Ask:
    """The questions the flows below put (replaced in tests)."""

    open_file: Callable[[QWidget, str, str], Path | None] = _open_file
    yes: Callable[[QWidget, str, str], bool] = ask_yes
    folders: Callable[[QWidget], object] = field(default=lambda parent: edit_media_folders(parent))


ASK = Ask()


def import_recording(
    parent: QWidget, session: Session, show: Callable[[str], None]
) -> Changes | None:
    """File ▸ Import recording…: a recording, then (optionally) its transcript."""
    recording = ASK.open_file(parent, "Import a recording", RECORDING_FILTER)
    if recording is None:
        return None
    transcript = None
    if ASK.yes(
        parent,
        "Import a recording",
        f"Do you have a transcript of {recording.name} (VTT, SRT or text with timestamps)?\n\n"
        "Without one the source starts empty: you can transcribe it by ear.",
    ):
        transcript = ASK.open_file(parent, f"Transcript of {recording.name}", TRANSCRIPT_FILTER)
    return media_ops.import_recording(
        session, recording=recording, transcript=transcript, show=show
    )


def attach_recording(
    parent: QWidget, session: Session, source: str, show: Callable[[str], None]
) -> bool:
    """Sources ▸ Attach recording…: the recording of a transcript already in the project."""
    recording = ASK.open_file(parent, "Attach a recording", RECORDING_FILTER)
    if recording is None:
        return False
    return media_ops.attach(session, source=source, path=recording, show=show) is not None


def relink_recording(
    parent: QWidget, session: Session, source: str, show: Callable[[str], None]
) -> bool:
    """Find a moved or missing recording: choose the file (or add the folder it is in to the
    media folders); a file that differs from the one attached is used only when confirmed."""
    info = session.project.media.get(source)
    if info is None:
        show("This source has no recording: attach one first.")
        return False
    name = Path(info.path).name
    found = session.project.media.locate(source, media_folders=media_folders())
    if found is None and ASK.yes(
        parent,
        "Find the recording",
        f"{name} was not found (last seen at {info.path}).\n\n"
        "Is it in a folder you keep recordings in? Add that folder to your media folders and "
        "every recording in it is found by itself. (No: choose the file.)",
    ):
        ASK.folders(parent)
        if session.project.media.locate(source, media_folders=media_folders()) is not None:
            return True  # found where it is now: nothing in the project changes
    chosen = ASK.open_file(parent, f"Where is {name}?", RECORDING_FILTER)
    if chosen is None:
        return False
    refusal: list[str] = []
    if media_ops.relink(session, source=source, path=chosen, show=refusal.append) is not None:
        return True
    if refusal and ASK.yes(parent, "A different recording", f"{refusal[0]}\n\nUse it anyway?"):
        forced = media_ops.relink(session, source=source, path=chosen, force=True, show=show)
        return forced is not None
    if refusal:
        show(refusal[0])
    return False


def edit_media_folders(parent: QWidget) -> bool:
    """File ▸ Media folders…; True when saved."""
    return MediaFoldersDialog(parent).exec() == QDialog.DialogCode.Accepted


class MediaFoldersDialog(QDialog):
    """The folders where this user keeps recordings (objectName ``mediaFoldersDialog``): a
    recording that moved is looked for there by size and content, per machine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaFoldersDialog")
        self.setWindowTitle("Media folders")
        self.list = QListWidget()
        self.list.setObjectName("mediaFoldersList")
        self.list.addItems([str(folder) for folder in media_folders()])
        add = QPushButton("Add folder…")
        add.setObjectName("mediaFoldersAdd")
        add.clicked.connect(self._add)
        remove = QPushButton("Remove")
        remove.setObjectName("mediaFoldersRemove")
        remove.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        explain = PlainLabel(
            "Recordings are linked, not copied into the project. When one has moved, the "
            "workbench looks for it in these folders (and their subfolders) on this computer."
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def folders(self) -> list[Path]:
        return [Path(self.list.item(i).text()) for i in range(self.list.count())]

    def add_folder(self, folder: Path) -> None:
        if str(folder) not in {self.list.item(i).text() for i in range(self.list.count())}:
            self.list.addItem(str(folder))

    def _add(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "A folder with recordings")
        if name:
            self.add_folder(Path(name))

    def accept(self) -> None:
        save_media_folders(self.folders())
        super().accept()
