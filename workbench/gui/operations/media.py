"""Recordings: imported, attached, relinked; time ranges coded and uncoded (one undo step each)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.core.changes import Changes
from workbench.core.services.media_import import import_recording as import_file
from workbench.core.text.replace import Replacement
from workbench.gui.media.clock import clock
from workbench.gui.operations.codes import name_of
from workbench.gui.operations.run import Session, ShowMessage, run


def import_recording(
    session: Session,
    *,
    recording: Path,
    transcript: Path | None,
    embed: bool = False,
    show: ShowMessage | None,
) -> Changes | None:
    """A new source from a recording (and its transcript, if given)."""
    project = session.project
    return run(
        session,
        f"Import recording {recording.name!r}",
        lambda coder: import_file(
            project, recording, transcript=transcript, embed=embed, coder=coder
        ),
        show,
    )


def attach(
    session: Session, *, source: str, path: Path, embed: bool = False, show: ShowMessage | None
) -> Changes | None:
    """Attach a recording to an existing source (its transcript)."""
    media = session.project.media
    return run(
        session,
        f"Attach recording {path.name!r}",
        lambda coder: media.attach(source_id=source, path=path, embed=embed, coder=coder),
        show,
    )


def relink(
    session: Session, *, source: str, path: Path, force: bool = False, show: ShowMessage | None
) -> Changes | None:
    """Point a source at its recording's new place (``force``: even a file that differs)."""
    media = session.project.media
    return run(
        session,
        f"Relink recording {path.name!r}",
        lambda coder: media.relink(source_id=source, path=path, force=force, coder=coder),
        show,
    )


def apply_coding(
    session: Session,
    *,
    source: str,
    code: str,
    start_ms: int,
    end_ms: int,
    show: ShowMessage | None,
) -> Changes | None:
    """Code a time range of a source's recording, and remember the code as the most recent."""
    media_codings = session.project.media_codings
    changes = run(
        session,
        f"Code {clock(start_ms)}–{clock(end_ms)} with {name_of(session, code)!r}",
        lambda coder: media_codings.apply(
            source_id=source, code_id=code, start_ms=start_ms, end_ms=end_ms, coder=coder
        ),
        show,
    )
    if changes is not None:
        session.remember_code(code)
    return changes


def remove_codings(
    session: Session, *, codings: Sequence[str], label: str, show: ShowMessage | None
) -> Changes | None:
    """Remove media codings (``label`` names them in the undo step)."""
    media_codings = session.project.media_codings
    return run(
        session,
        f"Remove coding {label}",
        lambda coder: media_codings.remove(ids=list(codings), coder=coder),
        show,
    )


def transcribe(session: Session, *, source: str, text: str, burst: str) -> Changes | None:
    """Save the transcript typed by ear (the saves of one ``burst`` are one undo step);
    raises the refusal (the autosave field shows it and tries again)."""
    sources = session.project.sources

    def save(coder: str) -> Changes:
        old = sources.text(source)
        return sources.replace_text(
            source=source, replacements=[Replacement(0, len(old), text)], coder=coder
        )

    return run(session, "Transcribe", save, None, burst=burst)
