"""The window's menus and toolbar: every command the coding desk offers, with its shortcut. Each
is defined once, in the window's action registry; the menus only place them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMenu, QMenuBar, QStatusBar, QStyle, QToolBar

from workbench.gui.media.recording_dialogs import edit_media_folders
from workbench.gui.server import team as server_team
from workbench.gui.server.team_menu import ServerTeamMenu
from workbench.gui.teamwork.merge_undo import MergeUndoOffer
from workbench.gui.window import coding_actions, file_actions
from workbench.gui.window.action_registry import (
    ActionRegistry,
    ActionSpec,
    EnabledWhen,
    WindowState,
    always,
    project_open,
    project_writable,
)
from workbench.gui.window.coding_actions import CodingWindow

if TYPE_CHECKING:
    from workbench.gui.window.desk import CodingDesk

Slot = Callable[[], object]
CODEBOOK_EDITS = ("newCode", "newChildCode", "renameCode", "mergeCodes", "deleteCodes")


_ENABLED_WHEN: dict[str, EnabledWhen | None] = {
    "": always,
    "managed": None,  # its owner enables it (undo of a merge)
    "project": project_open,  # enabled only while a project is open
    "edit": project_writable,  # also disabled when the project is read-only
}


class MenuWindow(file_actions.FileWindow, CodingWindow, Protocol):
    """What the menus use of the main window: the commands they place, its menu bar, undo
    group and style, and what the File and Code menus' work uses (their own Protocols). The
    window itself (``window()``) owns the actions."""

    @property
    def menus(self) -> WindowMenus: ...

    @property
    def undo_group(self) -> QUndoGroup: ...

    def menuBar(self, /) -> QMenuBar: ...

    def statusBar(self, /) -> QStatusBar: ...

    def style(self, /) -> QStyle: ...

    def close(self, /) -> bool: ...

    def new_project(self) -> None: ...

    def open_project_dialog(self) -> None: ...

    def open_from_server(self) -> None: ...

    def publish_to_server(self) -> None: ...

    def take_offline_copy(self) -> None: ...

    def show_members(self) -> None: ...

    def toggle_blind_coding(self) -> None: ...

    def toggle_codebook_edits(self) -> None: ...

    def open_demo(self) -> None: ...

    def import_dialog(self) -> None: ...

    def choose_coder(self) -> None: ...

    def close_project(self) -> bool: ...

    def undo(self) -> None: ...

    def redo(self) -> None: ...

    def show_search(self) -> None: ...

    def reset_layout(self) -> None: ...

    def show_shortcuts(self) -> None: ...

    def show_about(self) -> None: ...


class WindowMenus:
    """Builds the menus once; ``actions[name]`` finds any of them (objectName ``<name>Action``)."""

    def __init__(self, window: MenuWindow) -> None:
        self.window = window
        self.registry = ActionRegistry(window.window())
        self.actions = self.registry.actions
        bar = window.menuBar()
        self._file(bar.addMenu("&File"))
        self._edit(bar.addMenu("&Edit"))
        self._code(bar.addMenu("&Code"))
        self._team(bar.addMenu("&Team"))
        self.view_menu = bar.addMenu("&View")
        self._view(self.view_menu)
        self._help(bar.addMenu("&Help"))
        self.toolbar = self._toolbar()

    # -- helpers ----------------------------------------------------------------------------------
    def _add(
        self,
        menu: QMenu,
        name: str,
        text: str,
        slot: Slot,
        shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
        *,
        needs: str = "",
        icon: QStyle.StandardPixmap | None = None,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        """Define the action in the registry and put it in ``menu``."""
        spec = ActionSpec(
            name,
            text,
            slot,
            shortcut,
            enabled_when=_ENABLED_WHEN[needs],
            icon=icon,
            tip=tip,
            checkable=checkable,
        )
        action = self.registry.add(spec)
        menu.addAction(action)
        return action

    def _desk(self, call: Callable[[CodingDesk], object]) -> Slot:
        return lambda: self.window.with_desk(call)

    def _unit_slot(self, unit: str) -> Slot:
        return self._desk(lambda d: d.select_unit(unit))

    def _filter_slot(self, mode: str) -> Slot:
        return lambda: coding_actions.set_highlight_filter(self.window, mode)

    # -- menus ------------------------------------------------------------------------------------
    def _file(self, menu: QMenu) -> None:
        w = self.window
        sp = QStyle.StandardPixmap
        self._add(menu, "newProject", "&New project…", w.new_project, QKeySequence.StandardKey.New,
                  icon=sp.SP_FileIcon)
        self._add(menu, "openProject", "&Open project…", w.open_project_dialog,
                  QKeySequence.StandardKey.Open, icon=sp.SP_DialogOpenButton)
        self._add(menu, "openFromServer", "Open from &server…", w.open_from_server,
                  tip="Open a project on a PostgreSQL team server")
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._add(menu, "openDemo", "Open the &demo study", w.open_demo)
        menu.addSeparator()
        self._add(menu, "publishToServer", "&Publish to server…", w.publish_to_server,
                  needs="managed", tip="Put this project on a PostgreSQL server for the team")
        self._add(menu, "takeOfflineCopy", "Take an o&ffline copy…", w.take_offline_copy,
                  needs="managed", tip="A project file of this server project, to work offline")
        menu.addSeparator()
        self._add(menu, "importSources", "&Import sources…", w.import_dialog, "Ctrl+Shift+I",
                  needs="edit", icon=sp.SP_ArrowDown,
                  tip="Import transcripts: txt, md, docx, pdf, odt, rtf, html, vtt, srt")
        self._add(menu, "importRecording", "Import a &recording…",
                  self._desk(lambda d: d.media.import_recording()), needs="edit",
                  tip="Import audio or video, with its transcript (VTT, SRT, timestamped text)")
        # Not the platform's Save As (Ctrl+Shift+S): that selects the sentence in the transcript.
        self._add(menu, "saveCopy", "Save a &copy as…", lambda: file_actions.save_copy_dialog(w),
                  "Ctrl+Alt+S", needs="project")
        export = menu.addMenu("&Export")
        self._add(export, "exportCodebook", "&Codebook (PDF)…",
                  lambda: file_actions.export_report(w, "codebook"), needs="project")
        self._add(export, "exportFindings", "&Findings report (PDF)…",
                  lambda: file_actions.export_report(w, "findings"), needs="project")
        self._add(export, "exportTranscript", "Coded &transcript (PDF)…",
                  lambda: file_actions.export_report(w, "transcript"), needs="project")
        export.addSeparator()
        self._add(export, "exportQdpx", "REFI-QDA &project (.qdpx)…",
                  lambda: file_actions.export_refi(w, "qdpx"), needs="project")
        self._add(export, "exportQdc", "REFI-QDA code&book (.qdc)…",
                  lambda: file_actions.export_refi(w, "qdc"), needs="project")
        importing = menu.addMenu("I&mport from")
        self._add(importing, "importQdpx", "A REFI-QDA &project (.qdpx) as a new project…",
                  lambda: file_actions.import_qdpx(w))
        self._add(importing, "importQdc", "A REFI-QDA &codebook (.qdc) into this project…",
                  lambda: file_actions.import_qdc(w), needs="edit")
        menu.addSeparator()
        self._add(menu, "restoreBackup", "&Restore from backup…",
                  lambda: file_actions.restore_from_backup(w), needs="edit")
        self.export_menu = export
        menu.addSeparator()
        self._add(menu, "chooseCoder", "Current &coder…", w.choose_coder, needs="project",
                  tip="Who you are: every new coding is recorded under this name")
        self._add(menu, "mediaFolders", "&Media folders…", self._media_folders,
                  tip="Folders on this computer where moved recordings are looked for")
        menu.addSeparator()
        self._add(menu, "closeProject", "C&lose project", w.close_project, "Ctrl+Shift+W",
                  needs="project")
        self._add(menu, "quit", "&Quit", w.close, QKeySequence.StandardKey.Quit)

    def _team(self, menu: QMenu) -> None:
        """Team: working with coders' copies (a file), and the server's members, settings and
        who is here (shown only for a project on a server: a file has no members)."""
        w = self.window
        menu.setObjectName("teamMenu")
        self._add(menu, "shareCopy", "Save a copy for a &coder…",
                  lambda: file_actions.share_copy(w), needs="project")
        self._add(menu, "mergeCopy", "&Merge a coder's copy…",
                  lambda: file_actions.merge_copy(w), needs="edit")
        undo_merge = self._add(menu, "undoMerge", "&Undo the last merge…",
                               lambda: self.merge_undo.undo(), needs="managed")
        # Enables it while a merge is undoable.
        self.merge_undo = MergeUndoOffer(undo_merge, w.window())
        self.merge_undo.undone.connect(lambda done: file_actions.merge_undone(w, done))
        self._add(menu, "agreement", "Inter-coder &agreement",
                  lambda: file_actions.show_agreement(w), needs="project")
        self.server_team = ServerTeamMenu(menu, self._add, w)

    def _media_folders(self) -> None:
        if edit_media_folders(self.window.window()):  # a recording not found may be found now
            self.window.with_desk(lambda d: d.media.show_source(d.media.source, again=True))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self.window.settings.recent_projects()
        for path in paths:
            action = self.recent_menu.addAction(f"{path.stem}  —  {path.parent}")
            action.triggered.connect(lambda _c=False, p=path: self.window.open_project(p))
        servers = self.window.settings.recent_servers()  # never with a password
        if paths and servers:
            self.recent_menu.addSeparator()
        for location in servers:
            action = self.recent_menu.addAction(f"Server: {location}")
            action.setObjectName("recentServerAction")
            action.triggered.connect(lambda _c=False, u=location: self.window.open_project(u))
        if not paths and not servers:
            self.recent_menu.addAction("No recent projects").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the list", self.window.settings.clear_recent)

    def _edit(self, menu: QMenu) -> None:
        w = self.window
        group = self.window.undo_group
        undo = group.createUndoAction(self.window.window(), "&Undo")
        undo.setObjectName("undoAction")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(self.window.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        redo = group.createRedoAction(self.window.window(), "&Redo")
        redo.setObjectName("redoAction")
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        redo.setIcon(self.window.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        for action, slot in ((undo, w.undo), (redo, w.redo)):  # pending text is saved first
            action.triggered.disconnect()
            action.triggered.connect(lambda _c=False, slot=slot: slot())
        menu.addAction(self.registry.adopt("undo", undo))  # the undo group enables these
        menu.addAction(self.registry.adopt("redo", redo))
        menu.addSeparator()
        self._add(menu, "find", "&Find in document…", self._desk(lambda d: d.document.open_find()),
                  QKeySequence.StandardKey.Find, needs="project")
        self._add(menu, "searchProject", "&Search the project…", self.window.show_search,
                  "Ctrl+Shift+F", needs="project")
        menu.addSeparator()
        for name, text, key, unit in (
            ("selectSentence", "Select &sentence", "Ctrl+Shift+S", "sentence"),
            ("selectParagraph", "Select &paragraph", "Ctrl+Shift+P", "paragraph"),
            ("selectTurn", "Select speaker &turn", "Ctrl+Shift+T", "turn"),
        ):
            self._add(menu, name, text, self._unit_slot(unit), key, needs="project")
        menu.addSeparator()
        self._add(menu, "editMode", "&Correct the transcript (edit mode)",
                  lambda: coding_actions.toggle_edit_mode(w), "Ctrl+E", needs="edit",
                  tip="Fix a mis-heard word or a name; codings move with the text", checkable=True)

    def _code(self, menu: QMenu) -> None:
        w = self.window
        sp = QStyle.StandardPixmap
        self._add(menu, "codeWith", "Code &with…", self._desk(lambda d: d.open_palette()),
                  "Ctrl+K", needs="edit", icon=sp.SP_DialogApplyButton,
                  tip="Open the quick-code palette for the selection")
        self._add(menu, "repeatCode", "Apply the &last code again",
                  self._desk(lambda d: d.document.apply_last_code()), "Ctrl+R", needs="edit")
        self._add(menu, "inVivo", "Code in &vivo", self._desk(lambda d: d.document.code_in_vivo()),
                  "Ctrl+I", needs="edit", tip="A new code named by the selected words")
        self._add(menu, "annotate", "&Annotate…", self._desk(lambda d: d.document.annotate()),
                  "Ctrl+Shift+M", needs="edit", tip="Comment on the selection without coding it")
        menu.addSeparator()
        self._add(menu, "codeDocument", "Code the whole &document…",
                  lambda: coding_actions.code_document(w), needs="edit")
        self._add(menu, "codeSpeaker", "Code every turn of a s&peaker…",
                  lambda: coding_actions.code_speaker(w), needs="edit")
        menu.addSeparator()
        self._add(menu, "nextCoding", "&Next coding",
                  self._desk(lambda d: d.document.next_coding()), "Alt+Down", needs="project")
        self._add(menu, "previousCoding", "&Previous coding",
                  self._desk(lambda d: d.document.previous_coding()), "Alt+Up", needs="project")
        menu.addSeparator()
        self._add(menu, "newCode", "New c&ode…", self._desk(lambda d: d.codebook.new_code()),
                  needs="edit")
        self._add(menu, "newChildCode", "New c&hild code…",
                  self._desk(lambda d: d.codebook.new_child_code()), needs="edit")
        self._add(menu, "renameCode", "&Rename code…",
                  self._desk(lambda d: d.codebook.rename_current()), needs="edit")
        self._add(menu, "mergeCodes", "&Merge codes…",
                  self._desk(lambda d: d.codebook.merge_selected()), needs="edit")
        self._add(menu, "deleteCodes", "De&lete codes…",
                  self._desk(lambda d: d.codebook.delete_selected()), needs="edit")

    def _view(self, menu: QMenu) -> None:
        self.filter_group = QActionGroup(self.window.window())
        for name, text in (("all", "Show &all codings"), ("selected", "Show &selected codes only"),
                           ("coder", "Show one &coder's codings…")):
            action = self._add(menu, f"filter{name.title()}", text, self._filter_slot(name),
                               needs="project", checkable=True)
            self.filter_group.addAction(action)
        self.actions["filterAll"].setChecked(True)
        menu.addSeparator()
        self._add(menu, "zoomIn", "Zoom &in", self._desk(lambda d: d.document.zoom_in()),
                  QKeySequence.StandardKey.ZoomIn, needs="project")
        self._add(menu, "zoomOut", "Zoom &out", self._desk(lambda d: d.document.zoom_out()),
                  QKeySequence.StandardKey.ZoomOut, needs="project")
        self._add(menu, "zoomReset", "&Actual size", self._desk(lambda d: d.document.reset_zoom()),
                  "Ctrl+0", needs="project")
        menu.addSeparator()
        self.panels_menu = menu.addMenu("&Panels")
        self._add(menu, "resetLayout", "&Reset the layout", self.window.reset_layout)

    def _help(self, menu: QMenu) -> None:
        self._add(menu, "shortcuts", "&Keyboard shortcuts", self.window.show_shortcuts,
                  QKeySequence.StandardKey.HelpContents)
        self._add(menu, "about", "&About", self.window.show_about)

    def _toolbar(self) -> QToolBar:
        bar = QToolBar("Main toolbar", self.window.window())
        bar.setObjectName("mainToolbar")
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("openProject", "importSources"):
            bar.addAction(self.actions[name])
        bar.addSeparator()
        for name in ("undo", "redo"):
            bar.addAction(self.actions[name])
        bar.addSeparator()
        bar.addAction(self.actions["codeWith"])
        return bar

    def set_project_state(self, open_: bool, writable: bool) -> None:
        busy = self.registry.state.busy
        self.registry.update(WindowState(open=open_, writable=writable, busy=busy))
        session = self.window.session
        on_server = open_ and session is not None and session.project.on_server
        self.actions["publishToServer"].setEnabled(open_ and writable and not on_server)
        self.actions["takeOfflineCopy"].setEnabled(on_server)
        self.set_team_state()
        self.merge_undo.attach(self.window.session if open_ and writable else None)

    def set_team_state(self) -> None:
        """The Team menu's server entries (shown on a server, usable by owners) and the
        codebook's edits (greyed for a member who may not change it); the server enforces both
        whatever is shown."""
        session = self.window.session
        project = session.project if session is not None else None
        self.server_team.update(project)
        codebook = project is None or server_team.may_edit_codebook(project)
        for name in CODEBOOK_EDITS:
            self.actions[name].setEnabled(codebook)
        self.window.with_desk(lambda d: d.codebook.set_codebook_editable(codebook))

    def set_busy(self, busy: bool) -> None:
        """While a job writes (``ProjectSession.busy``), the actions that write are disabled."""
        self.registry.update(replace(self.registry.state, busy=busy))
        session = self.window.session
        if session is not None:  # undo and redo write too
            session.undo_stack.setActive(not busy)
