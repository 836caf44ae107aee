"""The main window: the welcome page or the coding desk of one open project, in docks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.errors import CorruptProjectError, WorkbenchError
from workbench.core.server.url import is_server_location
from workbench.gui.operations import coders
from workbench.gui.project_session import ProjectSession
from workbench.gui.server import opening, place
from workbench.gui.server.window_part import ServerWindow
from workbench.gui.widgets.autosave import SAVED
from workbench.gui.widgets.jobs import Job
from workbench.gui.widgets.plain_text import PlainLabel, tip
from workbench.gui.window import coder_identity, dialogs, file_check, open_actions
from workbench.gui.window.desk import CodingDesk
from workbench.gui.window.docks import DOCKS, make_dock, restore_default_layout
from workbench.gui.window.import_controller import ImportController
from workbench.gui.window.malloc_arenas import limit_malloc_arenas
from workbench.gui.window.menus import WindowMenus
from workbench.gui.window.player_dock import PlayerDockPolicy
from workbench.gui.window.questions import WindowQuestions
from workbench.gui.window.settings import WindowSettings
from workbench.gui.window.shortcuts import shortcut_groups
from workbench.gui.window.welcome_page import WelcomePage

if TYPE_CHECKING:
    from workbench.core.project import Project
    from workbench.gui.window.coder_dialog import CoderChoice

APP_NAME = "Qualitative Coding Workbench"


class MainWindow(QMainWindow, WindowQuestions, ServerWindow):
    """Shows one project at a time; every change is saved as it is made."""

    def __init__(self, path: Path | None = None, *, settings: WindowSettings | None = None) -> None:
        super().__init__()
        limit_malloc_arenas()  # before the window's threads make heaps of their own
        self.setObjectName("mainWindow")
        self.settings = settings or WindowSettings()
        self.session: ProjectSession | None = None
        self.desk: CodingDesk | None = None
        self._project_name = ""
        self.undo_group = QUndoGroup(self)
        self.install_questions(self, self.settings.last_folder)
        self.welcome = WelcomePage()
        self.welcome.new_requested.connect(self.new_project)
        self.welcome.open_requested.connect(self.open_project_dialog)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_chosen.connect(self.open_project)
        self.desk_host = QWidget()
        self.desk_host.setObjectName("deskHost")
        self.desk_layout = QVBoxLayout(self.desk_host)
        self.desk_layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.desk_host)
        self.setCentralWidget(self.pages)
        self.menus = WindowMenus(self)
        self.addToolBar(self.menus.toolbar)
        self.docks = {spec.key: make_dock(self, spec, self.undo_group) for spec in DOCKS}
        for dock in self.docks.values():
            self.menus.panels_menu.addAction(dock.toggleViewAction())
        self.player_dock = PlayerDockPolicy(self.docks["mediaPlayer"], self.settings)
        self._status_bar()
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        geometry, state = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._saved_state = state
        self._show_welcome()
        if path is not None:
            self.open_project(path)

    # -- layout -----------------------------------------------------------------------------------
    def reset_layout(self) -> None:
        if self.session is not None:
            restore_default_layout(self, self.docks)
            self.player_dock.reset()

    def _hide_docks(self) -> None:
        self.player_dock.active = False
        for dock in self.docks.values():
            dock.hide()

    def _status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.imports = ImportController(self)  # its progress and Cancel come first
        self.saved_label = PlainLabel()
        self.saved_label.setObjectName("savedLabel")
        self.coder_button = QToolButton()
        self.coder_button.setObjectName("coderButton")
        self.coder_button.setAutoRaise(True)
        self.coder_button.clicked.connect(self.choose_coder)
        self.location_label = PlainLabel()
        self.location_label.setObjectName("locationLabel")
        self.location_label.setContentsMargins(0, 0, 12, 0)  # apart from "All changes saved"
        bar.addPermanentWidget(self.location_label)
        bar.addPermanentWidget(self.saved_label)
        bar.addPermanentWidget(self.coder_button)

    # -- opening and closing ----------------------------------------------------------------------
    def new_project(self) -> None:
        open_actions.new_project(self)

    def open_project_dialog(self) -> None:
        open_actions.open_project_dialog(self)

    def open_demo(self) -> None:
        open_actions.open_demo(self)

    def open_project(self, path: Path | str) -> bool:
        """Open ``path`` (closing the current project first); False if it could not be opened.
        A ``postgresql://`` location opens in the background (``adopt_project`` then shows it):
        True once it is under way."""
        if isinstance(path, str) and is_server_location(path):
            return opening.open_location(self, path) is not None
        path = Path(path)
        if (
            self.session is not None
            and not self.session.project.on_server
            and self.session.project.path.resolve() == path.resolve()
        ):
            return True
        if not self._edits_saved():
            return False
        try:
            project = open_actions.open_file(self, path)
        except CorruptProjectError as exc:
            return file_check.offer_restore(self, exc)
        except WorkbenchError as exc:
            self.show_error("Cannot open the project", str(exc))
            return False
        if project is None:
            return False
        self.close_project()
        try:
            return self._show_project(project)
        except Exception:  # a read failed before the whole file was judged: judge it now
            damaged = file_check.judge_now(project)
            if self.session is not None:
                self.close_project()
            project.close()
            if damaged is None:
                raise
            return file_check.offer_restore(self, damaged)

    def adopt_project(self, project: Project) -> bool:
        """Show ``project``, opened elsewhere (from a server), instead of the open one; False
        (``project`` not taken) when the open one keeps typed text that could not be saved."""
        if not self._edits_saved():
            return False
        self.close_project()
        return self._show_project(project)

    def _show_project(self, project: Project) -> bool:
        try:
            choice = coder_identity.settle_coder(self, project)
            if not project.unchecked:  # else once the whole file is known sound
                coder_identity.ensure_coder(project, choice)
        except WorkbenchError as exc:
            project.close()
            self.show_error("Cannot open the project", str(exc))
            return False
        self._project_name = project.info().name  # the title needs no read (offline too)
        self.session = ProjectSession(project, choice.name, self)
        self.session.count_code_tree_ahead()  # while the panels that need no counts are built
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.session.changed.connect(self._changed)
        self.session.coder_changed.connect(lambda _c: self._update_title())
        self.session.stack_cleared.connect(self._stack_cleared)
        self.session.busy_changed.connect(self.menus.set_busy)
        self.session.undo_refused.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.session.autosave.state_changed.connect(self._show_save_state)
        self._saved_at = ""
        self.desk = CodingDesk(self.session, self)
        self.desk.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.desk.search_wanted.connect(self.show_search)
        self.desk.segments_wanted.connect(lambda: self._raise_dock("segments"))
        self._place_desk(self.desk)
        if not project.on_server:
            self.settings.add_recent(project.path)
            self.settings.set_last_folder(project.path.parent)
        self.follow_server()
        self.desk.media.recording_shown.connect(self.player_dock.recording_shown)
        self.desk.show_first_source()
        self.player_dock.recording_shown(self.desk.media.info is not None)
        self._update_title()
        self._show_save_state()
        self.menus.set_project_state(True, not self.session.read_only)
        self.menus.actions["filterAll"].setChecked(True)
        self.activateWindow()  # panels built hidden pop-ups; keyboard focus belongs to the text
        self.desk.document.setFocus()
        open_actions.warn_about_location(self, project)
        # Writes wait until the whole file is judged sound (issue 18: after the first paint).
        file_check.check_in_background(self, self.session, lambda: self._file_sound(choice))
        return True

    def _file_sound(self, choice: CoderChoice) -> None:
        """The whole file passed its check: the chosen coder's record (before any edit: they
        waited for the check), then the offer of work left under the login name."""
        try:
            if self.session is not None:
                coder_identity.ensure_coder(self.session.project, choice)  # a read if it exists
        except WorkbenchError as exc:
            self.show_error("Cannot add you as a coder", str(exc))
        coder_identity.offer_login_work(self)

    def _place_desk(self, desk: CodingDesk) -> None:
        self.desk_layout.addWidget(desk.central)
        for key, widget in (
            ("sources", desk.sources),
            ("codebook", desk.codebook),
            ("coding", desk.coding),
            ("editor", desk.editor),
            ("segments", desk.segments),
            ("memos", desk.memos),
            ("cases", desk.cases),
            ("search", desk.search),
            ("agreement", desk.agreement),
            ("mediaPlayer", desk.player),
        ):
            self.docks[key].setWidget(widget)
        self.pages.setCurrentWidget(self.desk_host)
        if self._saved_state is None or not self.restoreState(self._saved_state):
            self.reset_layout()
        self.menus.toolbar.show()

    def _edits_saved(self) -> bool:
        """Save the text still being typed; when that fails, ask before it is given up."""
        if self.session is None or self.session.flush_edits():
            return True
        failures = "\n".join(self.session.autosave.failures())
        return self.confirm_discard(
            f"Some typed text could not be saved:\n\n{failures}\n\nClose anyway and lose it?"
        )

    def close_project(self) -> bool:
        """Close the open project (the welcome page returns); nothing is left unsaved.

        False (the project stays open) when typed text could not be saved and the user keeps
        it."""
        if self.session is None:
            return True
        if not self._edits_saved():
            return False
        self.cancel_import(wait=True)
        self.stop_following()
        self._saved_state = self.saveState()
        self._remember_layout()
        if self.desk is not None:
            self.desk.shutdown()
            for widget in self.desk.widgets():
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
            self.desk.deleteLater()
            self.desk = None
        for key, dock in self.docks.items():
            if key != "history":
                dock.setWidget(QWidget())
        self.undo_group.removeStack(self.session.undo_stack)
        session, self.session = self.session, None
        session.close()
        session.deleteLater()
        self._show_welcome()
        return True

    def _show_welcome(self) -> None:
        self.welcome.set_recent(self.settings.recent_projects())
        self.pages.setCurrentWidget(self.welcome)
        self._hide_docks()
        self.menus.set_project_state(False, False)
        self.saved_label.setText("")
        self.location_label.setText("")
        self.coder_button.setText("")
        self._update_title()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_project():
            event.ignore()
            return
        self._remember_layout()
        event.accept()

    def _remember_layout(self) -> None:
        state = self._saved_state if self.session is None else self.saveState()
        self.settings.save_window_state(self.saveGeometry(), state or QByteArray())

    # -- title, status, busy ----------------------------------------------------------------------
    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            return
        project = self.session.project
        read_only = " [read-only]" if self.session.read_only else ""
        name = self._project_name
        where = place.in_title(project, self.live)
        self.setWindowTitle(f"{name}{read_only}{where} — coder: {self.session.coder} — {APP_NAME}")
        self.coder_button.setText(f"Coder: {self.session.coder}")
        self.coder_button.setToolTip(tip(f"{project.location}\nClick to change who you are."))
        self.location_label.setText(place.in_status(project, self.live))
        self.location_label.setToolTip(tip(project.location))

    def _changed(self, changes: Changes) -> None:
        if "project" in changes.kinds and self.session is not None:
            self._project_name = self.session.project.info().name
            self._update_title()
        self._saved_at = f" · {datetime.now():%H:%M}"
        self._show_save_state()

    def _show_save_state(self, *_args: object) -> None:
        """ "Saving…" while typed text waits, "Not saved …" after a failed save."""
        if self.session is None:
            return
        state = self.session.autosave.state()
        self.saved_label.setText(state + self._saved_at if state == SAVED else state)
        self.saved_label.setToolTip("\n".join(self.session.autosave.failures()))

    def undo(self) -> None:
        """Save the text being typed, then undo (the Edit menu's and toolbar's Undo)."""
        if self.session is not None:
            self.session.autosave.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.autosave.redo()

    def _stack_cleared(self, why: str) -> None:
        self.statusBar().showMessage(
            f"The {why} cannot be undone step by step, so the undo history was cleared.", 8000
        )

    @contextmanager
    def busy(self, text: str) -> Iterator[None]:
        """Show that the project is busy (wait cursor and a status message) while it works."""
        self.statusBar().showMessage(text)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            yield
        finally:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()

    def _raise_dock(self, key: str) -> None:
        self.docks[key].show()
        self.docks[key].raise_()

    def show_search(self) -> None:
        self._raise_dock("search")
        if self.desk is not None:
            self.desk.search.query.setFocus()
            self.desk.search.query.selectAll()

    def with_desk(self, call: Callable[[CodingDesk], object]) -> None:
        if self.desk is not None:
            call(self.desk)

    # -- the coder --------------------------------------------------------------------------------
    def choose_coder(self) -> None:
        if self.session is None:
            return
        project = self.session.project
        if coder_identity.server_member(project):
            self.show_info(
                "Current coder",
                f"On a server you code as yourself ({self.session.coder}): the member you "
                "connect as.",
            )
            return
        choice = self.ask_coder(project.coders.list(), self.session.coder)
        if not choice.name or choice.name == self.session.coder:
            return
        try:
            if not project.read_only:
                coders.ensure(project, name=choice.name, color=choice.color)
        except WorkbenchError as exc:
            self.show_error("Cannot change the coder", str(exc))
            return
        self.settings.set_coder(choice.name)
        self.session.set_coder(choice.name)

    # -- importing (see import_controller) --------------------------------------------------------
    @property
    def worker(self) -> Job | None:
        """The import running now, if any."""
        return self.imports.worker

    def import_dialog(self) -> None:
        self.imports.ask_and_import()

    def import_files(self, paths: list[Path]) -> Job | None:
        """Import in the background with progress and Cancel; one report at the end."""
        return self.imports.import_files(paths)

    def cancel_import(self, wait: bool = False) -> None:
        self.imports.cancel(wait)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.imports.accept_drag(event):
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not self.imports.drop(event):
            super().dropEvent(event)

    # -- help -------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        dialogs.show_shortcuts(self, shortcut_groups(self))

    def show_about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("qualitative-workbench")
        except PackageNotFoundError:
            number = "(development)"
        dialogs.show_about(self, number)

    # -- used by the command line and the screenshot ----------------------------------------------
    def show_view(self, name: str) -> bool:
        """Bring a central tab ("transcript", "map", "reports") or a panel to the front."""
        if name in self.docks:
            self._raise_dock(name)
            return True
        return self.desk is not None and self.desk.show_tab(name)

    def show_source_named(self, name: str) -> bool:
        return self.desk is not None and self.desk.show_source_named(name)

    def select_code_path(self, path: str) -> bool:
        return self.desk is not None and self.desk.select_code_path(path)
