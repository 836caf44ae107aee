"""The File menu's report exports: the codebook PDF, the findings report PDF and a coded
transcript PDF. Each asks its options and where to save, runs on a worker thread behind a
progress dialog, and ends with a message naming the file (with an Open button).

Every question is a replaceable callable in ``ExportDialogs``; tests pass their own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from workbench.core.errors import WorkbenchError
from workbench.core.progress import Progress
from workbench.core.reports import (
    CodebookOptions,
    FindingsOptions,
    PdfResult,
    SegmentFilter,
    export_codebook_pdf,
    export_coded_transcript_pdf,
    export_findings_pdf,
)
from workbench.core.services.codebook_tree import flatten
from workbench.gui.project_session import ProjectSession
from workbench.gui.reports import export_dialogs as dlg
from workbench.gui.reports.export_dialogs import BranchChoice, TranscriptOptions
from workbench.gui.widgets.jobs import Job, Work, background_runner, follow_in_dialog

AskPath = Callable[
    [QWidget | None, str, Path, str], "Path | None"
]  # parent, title, suggested, filter


@dataclass
class ExportDialogs:
    """The questions and messages of the exports (defaults: the real dialogs)."""

    ask_path: AskPath = dlg.ask_save_path
    codebook_options: Callable[[QWidget | None, Sequence[BranchChoice]], CodebookOptions | None] = (
        dlg.ask_codebook_options
    )
    findings_options: Callable[[QWidget | None], FindingsOptions | None] = dlg.ask_findings_options
    transcript_options: Callable[[QWidget | None, str, Sequence[str]], TranscriptOptions | None] = (
        dlg.ask_transcript_options
    )
    done: Callable[[QWidget | None, str, Path, str], None] = dlg.show_exported
    failed: Callable[[QWidget | None, str, str], None] = dlg.show_failed


_last_folder: list[Path] = []  # the folder of the last export in this run of the app


def _suggested(session: ProjectSession, name: str) -> Path:
    folder = _last_folder[-1] if _last_folder else session.project.path.parent
    return folder / f"{dlg.safe_file_name(name)}.pdf"


def _ask_pdf(
    parent: QWidget | None, dialogs: ExportDialogs, title: str, suggested: Path
) -> Path | None:
    path = dialogs.ask_path(parent, title, suggested, dlg.PDF_FILTER)
    if path is not None:
        _last_folder[:] = [path.parent]
    return path


def _run(
    parent: QWidget | None,
    dialogs: ExportDialogs,
    title: str,
    label: str,
    work: Work,
) -> Job:
    """Start ``work`` with a progress dialog; report the outcome through ``dialogs``."""
    job = background_runner().start(work)

    def succeeded(result: object) -> None:
        assert isinstance(result, PdfResult)
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
        dialogs.done(parent, title, result.path, pages)

    def failed(message: str) -> None:
        dialogs.failed(parent, title, f"The export did not finish: {message}")

    follow_in_dialog(job, parent, label, title="Exporting", name="exportProgress")
    job.succeeded.connect(succeeded)
    job.failed.connect(failed)
    return job


def export_codebook(
    parent: QWidget | None, session: ProjectSession, *, dialogs: ExportDialogs | None = None
) -> Job | None:
    """File → Export codebook…: options, a path, then the PDF in the background.

    Returns the running job, or None when the researcher cancelled a question."""
    dialogs = dialogs or ExportDialogs()
    branches = [
        BranchChoice(node.uuid, node.name, node.depth, node.color)
        for node in flatten(session.project.codebook.tree(with_counts=False))
        if node.children
    ]
    options = dialogs.codebook_options(parent, branches)
    if options is None:
        return None
    name = session.project.info().name
    path = _ask_pdf(parent, dialogs, "Export codebook", _suggested(session, f"{name} - codebook"))
    if path is None:
        return None
    project = session.project
    return _run(
        parent,
        dialogs,
        "Export codebook",
        "Writing the codebook PDF…",
        lambda progress: export_codebook_pdf(project, path, options, progress=progress),
    )


def export_findings(
    parent: QWidget | None, session: ProjectSession, *, dialogs: ExportDialogs | None = None
) -> Job | None:
    """File → Export findings report…: options, a path, then the PDF in the background."""
    dialogs = dialogs or ExportDialogs()
    options = dialogs.findings_options(parent)
    if options is None:
        return None
    name = session.project.info().name
    path = _ask_pdf(
        parent, dialogs, "Export findings report", _suggested(session, f"{name} - findings")
    )
    if path is None:
        return None
    project = session.project
    return _run(
        parent,
        dialogs,
        "Export findings report",
        "Writing the findings report…",
        lambda progress: export_findings_pdf(project, path, options, progress=progress),
    )


def export_coded_transcript(
    parent: QWidget | None,
    session: ProjectSession,
    source_uuid: str,
    *,
    dialogs: ExportDialogs | None = None,
) -> Job | None:
    """Export a source with its coding stripes as a PDF (for printing or supervision)."""
    dialogs = dialogs or ExportDialogs()
    project = session.project
    try:
        source = project.sources.get(source_uuid)
    except WorkbenchError as exc:
        dialogs.failed(parent, "Export coded transcript", str(exc))
        return None
    coders = sorted({c.name for c in project.coders.list()}, key=str.casefold)
    options = dialogs.transcript_options(parent, source.name, coders)
    if options is None:
        return None
    path = _ask_pdf(
        parent,
        dialogs,
        "Export coded transcript",
        _suggested(session, f"{source.name} - coded transcript"),
    )
    if path is None:
        return None
    flt = SegmentFilter(coders=options.coders, exclude_interviewer=options.exclude_interviewer)

    def work(progress: Progress) -> PdfResult:
        return export_coded_transcript_pdf(
            project, source_uuid, path, flt, page_size=options.page_size, progress=progress
        )

    return _run(
        parent,
        dialogs,
        "Export coded transcript",
        f"Writing the coded transcript of {source.name}…",
        work,
    )
