"""Export clip…: a coded segment's time range of its recording, cut into a file of its own on the
background runner behind a progress dialog (with Cancel); a message names the file when done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from workbench.core.media.clips import CLIP_FORMATS, TO_THE_END, Clip, export_clip
from workbench.core.media.folders import media_folders
from workbench.core.values import Segment
from workbench.gui.media.clock import time_span
from workbench.gui.project_session import ProjectSession
from workbench.gui.reports.export_dialogs import safe_file_name, show_failed
from workbench.gui.widgets.jobs import Job, background_runner, follow_in_dialog

TITLE = "Export clip"
_AUDIO = [s for s, f in CLIP_FORMATS.items() if f.video is None]
_VIDEO = [s for s, f in CLIP_FORMATS.items() if f.video is not None]
_FILTERS = {
    "audio": f"Audio clips ({' '.join('*' + s for s in _AUDIO)})",
    "video": f"Video clips ({' '.join('*' + s for s in _VIDEO)})",
}
_DEFAULT_SUFFIX = {"audio": ".m4a", "video": ".mp4"}
_last_folder: list[Path] = []  # the folder of the last clip in this run of the app


def ask_clip_path(parent: QWidget | None, suggested: Path, kind: str) -> Path | None:
    """A save dialog offering the clip formats, the recording's kind first (a video's clip may
    also be its sound alone); a name without a suffix gets the default one."""
    filters = [_FILTERS[kind], *(f for k, f in _FILTERS.items() if k != kind)]
    if kind == "audio":
        filters = filters[:1]
    name, _ = QFileDialog.getSaveFileName(parent, TITLE, str(suggested), ";;".join(filters))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_name(path.name + suggested.suffix)


def export_segment_clip(
    parent: QWidget | None,
    session: ProjectSession,
    segment: Segment,
    *,
    done: Callable[[str], None],
    failed: Callable[[QWidget | None, str, str], None] | None = None,
) -> Job | None:
    """Ask where to save the clip of ``segment`` (it has a time), then cut it in the background;
    ``done`` gets the message naming the file, ``failed`` (default: a warning dialog) what went
    wrong. None when nothing was started."""
    failed = failed or show_failed
    project = session.project
    info = project.media.get(segment.source_uuid)
    if info is None or segment.start_ms is None:
        failed(parent, TITLE, f"“{segment.source}” has no recording to cut a clip from.")
        return None
    recording = project.media.locate(segment.source_uuid, media_folders=media_folders())
    if recording is None:
        failed(
            parent,
            TITLE,
            f"The recording of “{segment.source}” ({info.path}) is not found on this machine. "
            "Relink it (right-click the source ▸ Relink recording…) or add its folder under "
            "Media folders.",
        )
        return None
    start, end = segment.start_ms, segment.end_ms
    folder = _last_folder[-1] if _last_folder else project.path.parent
    name = safe_file_name(f"{segment.source} {time_span(start, end).replace(':', '.')}")
    path = ask_clip_path(parent, folder / f"{name}{_DEFAULT_SUFFIX[info.kind]}", info.kind)
    if path is None:
        return None
    _last_folder[:] = [path.parent]
    job = background_runner().start(
        lambda progress: export_clip(recording, start, end or TO_THE_END, path, progress=progress)
    )

    def succeeded(result: object) -> None:
        assert isinstance(result, Clip)
        done(f"Saved the clip ({result.duration_ms / 1000:.1f} s) to {result.path}.")

    follow_in_dialog(job, parent, f"Cutting {path.name}…", title=TITLE, name="clipProgress")
    job.succeeded.connect(succeeded)
    job.failed.connect(lambda message: failed(parent, TITLE, f"No clip was saved: {message}"))
    job.cancelled.connect(lambda: done("The clip export was cancelled; no file was saved."))
    return job
