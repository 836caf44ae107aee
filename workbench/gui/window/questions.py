"""The questions the main window asks and the messages it shows, as replaceable callables: tests
swap them (so they never meet a modal dialog), the screenshot and self-test answer them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from workbench.core.errors import CorruptProjectError
from workbench.core.services.sources import ImportReport
from workbench.core.values import CoderInfo
from workbench.gui.codebook.code_chooser import ChooseCode, choose_code_dialog
from workbench.gui.reports.export_actions import ExportDialogs
from workbench.gui.widgets.dialogs import Confirm, confirm_dialog
from workbench.gui.window import dialogs
from workbench.gui.window.coder_dialog import CoderChoice, ask_coder_dialog
from workbench.gui.window.import_report import ImportReportDialog
from workbench.gui.window.restore_dialog import offer_backup_for_damaged


class WindowQuestions:
    """Mixed into the main window: every question and message goes through these attributes."""

    def install_questions(self, p: QWidget, folder: Callable[[], str]) -> None:
        """The real dialogs, owned by ``p``; ``folder`` gives the folder file dialogs start in."""
        self.ask_open_path: Callable[[], Path | None] = lambda: dialogs.ask_open_path(p, folder())
        self.ask_save_path: Callable[[str], Path | None] = lambda title: dialogs.ask_save_path(
            p, title, folder()
        )
        self.ask_import_paths: Callable[[], list[Path]] = lambda: dialogs.ask_import_paths(
            p, folder()
        )
        self.ask_text: Callable[[str, str, str], str | None] = lambda t, label, v: dialogs.ask_text(
            p, t, label, v
        )
        self.ask_item: Callable[[str, str, list[str], str], str | None] = (
            lambda t, label, items, cur: dialogs.ask_item(p, t, label, items, cur)
        )
        self.ask_locked: Callable[[str, bool], str | None] = lambda text, take: dialogs.ask_locked(
            p, text, take
        )
        self.show_error: Callable[[str, str], None] = lambda t, text: dialogs.show_error(p, t, text)
        self.show_warning: Callable[[str, str], None] = lambda t, text: dialogs.show_error(
            p, t, text
        )
        self.show_info: Callable[[str, str], None] = lambda t, text: dialogs.show_info(p, t, text)
        self.offer_backup: Callable[[CorruptProjectError], Path | None] = lambda exc: (
            offer_backup_for_damaged(p, exc)
        )
        self.ask_open_file: Callable[[str, str], Path | None] = lambda title, filt: (
            dialogs.ask_open_file(p, title, folder(), filt)
        )
        self.ask_save_file: Callable[[str, str, str], Path | None] = lambda title, name, filt: (
            dialogs.ask_save_file(p, title, str(Path(folder()) / name), filt)
        )
        self.show_import_report: Callable[[ImportReport], object] = lambda report: (
            ImportReportDialog(report, p).exec()
        )
        self.choose_code: ChooseCode = choose_code_dialog(p)
        self.confirm: Confirm = confirm_dialog(p)
        self.ask_coder: Callable[[Sequence[CoderInfo], str], CoderChoice] = (
            lambda coders, suggested: ask_coder_dialog(p, coders, suggested)
        )
        self.confirm_discard: Callable[[str], bool] = lambda text: dialogs.confirm_discard(p, text)
        self.export_dialogs: ExportDialogs | None = None  # None: the real export dialogs
