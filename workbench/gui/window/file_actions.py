"""File-menu work of the main window: exports, copies, backups and REFI-QDA exchange."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QStatusBar, QWidget

from workbench.core.errors import WorkbenchError
from workbench.gui.operations import codes
from workbench.gui.widgets.jobs import background_runner, follow_in_dialog
from workbench.gui.window.restore_dialog import RestoreDialog

if TYPE_CHECKING:
    from workbench.core.progress import Progress
    from workbench.core.refi import ExchangeReport
    from workbench.core.teamwork import MergeUndone
    from workbench.gui.project_session import ProjectSession
    from workbench.gui.reports.export_actions import ExportDialogs
    from workbench.gui.teamwork.merge_undo import MergeUndoOffer
    from workbench.gui.window.desk import CodingDesk
    from workbench.gui.window.settings import WindowSettings


class MergeUndoMenus(Protocol):
    @property
    def merge_undo(self) -> MergeUndoOffer: ...


class FileWindow(Protocol):
    """What the File menu's work uses of the main window: the open project and its desk, the
    questions asked, where results are told, and the window itself (its dialogs' parent)."""

    @property
    def session(self) -> ProjectSession | None: ...

    @property
    def desk(self) -> CodingDesk | None: ...

    @property
    def settings(self) -> WindowSettings: ...

    @property
    def menus(self) -> MergeUndoMenus: ...

    @property
    def docks(self) -> Mapping[str, QWidget]: ...

    @property
    def export_dialogs(self) -> ExportDialogs | None: ...

    @property
    def ask_save_path(self) -> Callable[[str], Path | None]: ...

    @property
    def ask_open_file(self) -> Callable[[str, str], Path | None]: ...

    @property
    def ask_save_file(self) -> Callable[[str, str, str], Path | None]: ...

    @property
    def show_error(self) -> Callable[[str, str], None]: ...

    @property
    def show_warning(self) -> Callable[[str, str], None]: ...

    @property
    def show_info(self) -> Callable[[str, str], None]: ...

    def busy(self, text: str) -> AbstractContextManager[None]: ...

    def open_project(self, path: Path | str) -> bool: ...

    def statusBar(self) -> QStatusBar: ...

    def window(self) -> QWidget: ...


def export_report(window: FileWindow, kind: str) -> None:
    """File → Export: the codebook, the findings report or the shown transcript as PDF."""
    if window.session is None or window.desk is None:
        return
    from workbench.gui.reports import export_actions

    asks = window.export_dialogs
    if kind == "codebook":
        export_actions.export_codebook(window.window(), window.session, dialogs=asks)
    elif kind == "findings":
        export_actions.export_findings(window.window(), window.session, dialogs=asks)
    elif window.desk.document.source:
        source = window.desk.document.source
        export_actions.export_coded_transcript(
            window.window(), window.session, source, dialogs=asks
        )
    else:
        window.statusBar().showMessage("Open a source first: its coded transcript is exported.")


def save_copy_dialog(window: FileWindow) -> None:
    if window.session is None:
        return
    path = window.ask_save_path("Save a copy of the project")
    if path is None:
        return
    try:
        with window.busy(f"Writing {path.name}…"):
            written = window.session.project.save_copy(path, overwrite=path.exists())
    except WorkbenchError as exc:
        window.show_error("Cannot save the copy", str(exc))
        return
    window.statusBar().showMessage(f"Copy saved as {written}. You keep working here.", 8000)


def restore_from_backup(window: FileWindow) -> None:
    if window.session is None:
        return
    dialog = RestoreDialog(window.session, window.window())
    dialog.restored.connect(
        lambda result: window.statusBar().showMessage(
            f"Restored. The file as it was is kept as a backup ({result.kept}).", 10_000
        )
    )
    dialog.exec()


# -- REFI-QDA exchange ------------------------------------------------------------------------


def export_refi(window: FileWindow, kind: str) -> None:
    """File → Export → REFI-QDA project (.qdpx) or codebook (.qdc)."""
    if window.session is None:
        return
    from workbench.core import refi

    suffix = ".qdpx" if kind == "qdpx" else ".qdc"
    name = window.session.project.info().name + suffix
    what = "REFI-QDA project (*.qdpx)" if kind == "qdpx" else "REFI-QDA codebook (*.qdc)"
    path = window.ask_save_file(f"Export {suffix}", name, what)
    if path is None:
        return
    project = window.session.project

    def work(progress: Progress) -> ExchangeReport:
        if kind == "qdpx":
            return refi.export_qdpx(project, path, overwrite=True, progress=progress)
        return refi.export_qdc(project, path, overwrite=True)

    def written(report: object) -> None:
        assert isinstance(report, refi.ExchangeReport)
        # Written as asked: what REFI-QDA has no place for is information, not a fault.
        window.show_info(f"Exported {path.name}", "\n".join(report.lines()))

    job = background_runner().start(work)
    follow_in_dialog(
        job, window.window(), f"Writing {path.name}…", title="Exporting", name="refiProgress"
    )
    job.succeeded.connect(written)
    job.failed.connect(lambda message: window.show_error(f"Cannot export {suffix}", message))


def import_qdc(window: FileWindow) -> None:
    """File → Import → a REFI-QDA codebook (.qdc) into this project (one undoable step)."""
    if window.session is None:
        return
    path = window.ask_open_file("Import a codebook", "REFI-QDA codebook (*.qdc)")
    if path is None:
        return
    codes.import_qdc(
        window.session,
        path=path,
        show=lambda message: window.show_error("Cannot import the codebook", message),
    )


def import_qdpx(window: FileWindow) -> None:
    """File → Import → a REFI-QDA project (.qdpx) as a new project, then open it."""
    from workbench.core import refi

    source = window.ask_open_file("Import a REFI-QDA project", "REFI-QDA project (*.qdpx)")
    if source is None:
        return
    target = window.ask_save_path("Save the imported project as")
    if target is None:
        return
    coder = window.settings.coder()

    def imported(report: object) -> None:
        assert isinstance(report, refi.ExchangeReport)
        if window.open_project(target):
            tell = window.show_warning if report.skipped else window.show_info
            tell(f"Imported {source.name}", "\n".join(report.lines()))

    job = background_runner().start(
        lambda progress: refi.import_qdpx(source, target, coder=coder, progress=progress)
    )
    label = f"Importing {source.name}…"
    follow_in_dialog(job, window.window(), label, title="Importing", name="refiProgress")
    job.succeeded.connect(imported)
    job.failed.connect(lambda message: window.show_error("Cannot import the project", message))


def share_copy(window: FileWindow) -> None:
    """Team → Save a copy for a coder… (optionally blind and/or pseudonymized)."""
    if window.session is not None:
        from workbench.gui.teamwork import share_copy_dialog

        share_copy_dialog(window.window(), window.session)


def merge_copy(window: FileWindow) -> None:
    """Team → Merge a coder's copy… (three-way, with a review of conflicts); the message
    after it offers to undo the merge."""
    if window.session is None or window.desk is None:
        return
    from workbench.gui.teamwork import merge_copy_flow

    def done(outcome: object) -> None:
        if outcome is not None and window.desk is not None:
            window.desk.agreement.compute()

    offer = window.menus.merge_undo
    merge_copy_flow(window.window(), window.session, inform_merged=offer.after_merge, done=done)


def merge_undone(window: FileWindow, done: MergeUndone) -> None:
    """After File → Team → Undo the last merge: say where the merged project is kept."""
    window.statusBar().showMessage(
        f"The merge of {done.merge.other_name} was undone. The project as it was after the merge "
        f"is kept as a backup ({done.kept}).",
        10_000,
    )
    if window.desk is not None:
        window.desk.agreement.compute()


def show_agreement(window: FileWindow) -> None:
    window.docks["agreement"].show()
    window.docks["agreement"].raise_()
