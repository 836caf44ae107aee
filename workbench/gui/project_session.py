"""The open project as the GUI sees it: the core Project, the undo stack, the current coder, and
one ``changed`` signal that every panel listens to."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from workbench.core.changes import Changes
from workbench.core.errors import NotFoundError
from workbench.core.project import Project
from workbench.core.services.codebook_tree import flatten, without_counts
from workbench.core.values import CodeNode
from workbench.gui.comparison import Comparison
from workbench.gui.operations import codings, run
from workbench.gui.widgets.autosave import AutosaveRegistry

_EDITED_ROWS = frozenset({"memo", "annotation", "case", "source"})  # seen_version's (codes: tree)
_DELTAS_KEPT = 100  # changes kept for the code tree's counts until it is next asked for


class _TreeOnThread:
    """The counted code tree read on a thread of its own: SQLite releases the GIL while it
    counts, so the window builds its other panels meanwhile (issue 18: open is sublinear)."""

    def __init__(self, project: Project) -> None:
        self.revision = project.revision()  # writes come from the GUI thread only
        self._tree: list[CodeNode] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(project,), name="code tree", daemon=True
        )
        self._thread.start()

    def _run(self, project: Project) -> None:
        try:
            self._tree = project.codebook.tree()
        except BaseException as exc:  # raised again on the GUI thread, which waits for it
            self._error = exc

    def result(self) -> list[CodeNode]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._tree

    def wait(self) -> None:
        self._thread.join()


class ProjectSession(QObject):
    """Owns the Project while it is open in the window."""

    changed = Signal(object)  # Changes
    coder_changed = Signal(str)
    stack_cleared = Signal(str)  # why (import, merge, restore)
    undo_refused = Signal(str)  # the message: a row changed since the step (nothing changed)
    conflicted = Signal(str, object)  # message (theirs, who), a callable applying mine again
    navigate_requested = Signal(str, int, int)  # source uuid, start, end (code points)
    source_selected = Signal(str)  # source uuid ("" for none)
    codes_selected = Signal(list)  # code uuids
    coding_selected = Signal(str)  # coding uuid ("" for none)
    recent_codes_changed = Signal(list)  # code uuids, most recent first
    comparison_changed = Signal(object)  # Comparison | None: coders compared in the transcript
    busy_changed = Signal(bool)  # a job that writes started (True) or the last one ended

    def __init__(self, project: Project, coder: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._coder = coder
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self.autosave = AutosaveRegistry(self.undo_stack, self)
        self.busy_changed.connect(self.autosave.set_busy)  # typed text waits for the job
        self.current_source = ""
        self.current_codes: list[str] = []
        self.current_coding = ""
        self.recent_codes: list[str] = []
        self.comparison: Comparison | None = None
        self._tree_revision = -1
        self._tree: list[CodeNode] = []
        self._counted: dict[str, CodeNode] = {}
        self._plain: dict[str, CodeNode] | None = None
        self._notified = project.revision()  # the revision panels were last told about
        self.initiator = uuid.uuid4().hex  # names this session's writes in their Changes
        self._shown: set[int] = set()  # revisions panels were told about
        self._writing_jobs: list[str] = []  # what each job that writes is called
        self._versions: dict[str, int] = {}  # row versions told by changes (seen_version)
        self.offline = ""  # on a server whose connection dropped: why edits wait ("" if not)
        self._closed = False
        # The changes made since ``_tree`` was right, one revision each, oldest first: its
        # counts are brought up to date from them by delta (issue 18: per-edit work is local).
        # None: not known (changes came that the session was not told about one by one).
        self._since_tree: list[Changes] | None = []
        self._tree_ahead: _TreeOnThread | None = None

    def count_code_tree_ahead(self) -> None:
        """Start counting the code tree on a thread now; ``code_tree`` takes the result."""
        if self._tree_ahead is None and self._tree_revision == -1:
            self._tree_ahead = _TreeOnThread(self.project)

    # -- jobs that write (see gui/widgets/jobs.py) ----------------------------------------------
    @property
    def busy(self) -> bool:
        """True while a background job writes to the project, or the server's connection is
        down: every edit is refused (see ``operations.run``) and typed text waits, so the GUI
        thread never waits for the project's write lock (or a server that is not there)."""
        return bool(self._writing_jobs) or bool(self.offline)

    @property
    def read_only(self) -> bool:
        """Opened read-only, or a reader of a server project (the server refuses them too)."""
        member = self.project.member
        return self.project.read_only or (member is not None and member.role == "reader")

    def busy_message(self) -> str:
        """Why an edit cannot run now, naming the job that writes (or the lost connection)."""
        if self.offline:
            return (
                f"The server is {self.offline}: edits wait until the connection is back. "
                "Nothing was changed."
            )
        what = self._writing_jobs[0] if self._writing_jobs else "the running task"
        return (
            f"Wait until {what} has finished: it is writing to the project, and nothing else "
            "can be changed meanwhile. Nothing was changed."
        )

    def begin_busy(self, what: str = "the running task") -> None:
        """A job that writes starts; ``what`` names it in messages ("the import")."""
        was = self.busy
        self._writing_jobs.append(what)
        self._busy_moved(was)

    def end_busy(self) -> None:
        """A job that writes stopped (connected to ``Job.stopped``: the job names itself)."""
        was = self.busy
        what = getattr(self.sender(), "what", None)
        if what in self._writing_jobs:
            self._writing_jobs.remove(what)
        elif self._writing_jobs:
            self._writing_jobs.pop()
        self._busy_moved(was)

    def set_offline(self, why: str) -> None:
        """The server's connection dropped (``why``, e.g. "offline — reconnecting"): edits are
        refused until it is back (``why`` empty)."""
        was = self.busy
        self.offline = why
        self._busy_moved(was)

    def _busy_moved(self, was: bool) -> None:
        if self.busy != was:
            self.busy_changed.emit(self.busy)

    # -- the code tree, shared by every panel ---------------------------------------------------
    def code_tree(self) -> list[CodeNode]:
        """The codebook with counts, built once per project revision however many panels ask.
        After codings change only the counts of their codes, ancestors and sources are taken
        again (a full count of the 200k-coding reference project takes ~50-250 ms)."""
        revision = self.project.revision()
        if self._tree_revision != revision:
            tree = self._tree_counted_ahead(revision)
            since, self._since_tree = self._since_tree, []
            known = since is not None and 0 <= self._tree_revision == revision - len(since)
            if tree is None and known and since is not None:
                tree = self._tree_after(since)
            self._tree = tree if tree is not None else self.project.codebook.tree()
            self._counted = {node.uuid: node for node in flatten(self._tree)}
            self._tree_revision = revision
        return self._tree

    def _tree_counted_ahead(self, revision: int) -> list[CodeNode] | None:
        """The tree counted on a thread since open, if no write came after it started."""
        ahead, self._tree_ahead = self._tree_ahead, None
        if ahead is None:
            return None
        if ahead.revision != revision:
            ahead.wait()
            return None
        return ahead.result()

    def _tree_after(self, since: list[Changes]) -> list[CodeNode] | None:
        """``_tree`` brought up to date with ``since`` without counting everything again:
        wording and colour changes are read without counts and keep the counts before, coding
        changes update the counts they touch. None when a full count is needed."""
        codings = [c for c in since if c.kinds != {"codebook"}]
        forest: list[CodeNode] | None = self._tree
        if len(codings) < len(since):
            forest = self._with_kept_counts(self._counted)
        if forest is None or not codings:
            return forest
        return self.project.codebook.counted_after(forest, codings)

    def _with_kept_counts(self, counted: dict[str, CodeNode]) -> list[CodeNode] | None:
        """After a change to names, colours or definitions only, the codebook without the
        counts query, its counts taken from the tree before (None if codes came, went or
        moved)."""
        plain = self.code_nodes()  # read once per codebook change, for every panel
        if plain.keys() != counted.keys() or any(
            node.parent_uuid != counted[uuid].parent_uuid for uuid, node in plain.items()
        ):
            return None
        forest = [node for node in plain.values() if node.parent_uuid is None]

        def graft(node: CodeNode) -> CodeNode:
            old = counted[node.uuid]
            return replace(
                node,
                codings=old.codings,
                sources=old.sources,
                cases=old.cases,
                total_codings=old.total_codings,
                total_sources=old.total_sources,
                total_cases=old.total_cases,
                children=tuple(graft(child) for child in node.children),
            )

        return [graft(root) for root in forest]

    def code_nodes(self, *, counts: bool = False) -> dict[str, CodeNode]:
        """Every code by uuid, in tree order. Without ``counts`` (names, colours, paths and
        definitions only) it is rebuilt only when the codebook changes, and cheaply."""
        if counts:
            self.code_tree()
            return self._counted
        if self._plain is None:
            if self._tree_revision == self.project.revision():  # on open: one read, not two
                forest = without_counts(self._tree)
            else:
                forest = self.project.codebook.tree(with_counts=False)
            self._plain = {node.uuid: node for node in flatten(forest)}
        return self._plain

    def code_node(self, code: str, *, counts: bool = False) -> CodeNode:
        node = self.code_nodes(counts=counts).get(code)
        if node is None:
            raise NotFoundError(f"No code with id {code} in this project.")
        return node

    @property
    def coder(self) -> str:
        return self._coder

    def set_coder(self, name: str) -> None:
        name = name.strip()
        if name and name != self._coder:
            self._coder = name
            self.coder_changed.emit(name)

    def execute(
        self, text: str, action: Callable[[str], Changes], *, burst: str | None = None
    ) -> Changes:
        """Run ``action(coder)`` as one undoable step (see ``operations.run.execute``); for tests
        and scripts — the GUI's edits are the functions of ``workbench.gui.operations``."""
        return run.execute(self, text, action, burst=burst)

    def flush_edits(self) -> bool:
        """Save the text pending in every autosave field; False if a save failed."""
        return self.autosave.flush()

    # -- shared selection ----------------------------------------------------------------------
    def select_source(self, source: str) -> None:
        if source != self.current_source:
            self.current_source = source
            self.source_selected.emit(source)

    def select_codes(self, codes: list[str]) -> None:
        if codes != self.current_codes:
            self.current_codes = list(codes)
            self.codes_selected.emit(list(codes))

    def select_coding(self, coding: str) -> None:
        if coding != self.current_coding:
            self.current_coding = coding
            self.coding_selected.emit(coding)

    def set_comparison(self, comparison: Comparison | None) -> None:
        """Compare coders side by side in the transcript (None: back to the usual view)."""
        if comparison != self.comparison:
            self.comparison = comparison
            self.comparison_changed.emit(comparison)

    def apply_code(self, *, code: str, source: str, start: int, end: int) -> Changes:
        """Apply ``code`` to a range as one undoable step (a refusal is raised)."""
        changes = codings.apply(self, code=code, source=source, start=start, end=end, show=None)
        assert changes is not None  # without ``show`` a refusal raises
        return changes

    def remember_code(self, code: str) -> None:
        """``code`` was just applied: first of the recent codes."""
        self.recent_codes = [code, *[c for c in self.recent_codes if c != code]][:9]
        self.recent_codes_changed.emit(list(self.recent_codes))

    def run_unstacked(self, why: str, action: Callable[[str], Changes | None]) -> None:
        """A change that cannot be undone step by step (import, merge, restore): clears undo.
        Nothing happens once the session is closed (a job's result arriving after it)."""
        if self.closed:
            return
        self.flush_edits()
        with self.project.initiated_by(self.initiator):
            changes = action(self._coder)
        self.undo_stack.clear()
        self.stack_cleared.emit(why)
        if changes is not None:
            self._notify(changes)

    def conflict(self, message: str, again: Callable[[], object]) -> None:
        """Someone changed the row this edit was made from: offer to apply it again."""
        self.conflicted.emit(message, again)

    def seen_version(self, uuid: str) -> int | None:
        """The version of row ``uuid`` as this window last showed it (from the changes it was
        told of, or the code tree); None when not known (the edit then expects nothing)."""
        if uuid in self._versions:
            return self._versions[uuid]
        node = self.code_nodes().get(uuid)
        return node.version if node is not None else None

    def refuse_undo(self, message: str) -> None:
        """The core refused an undo or redo (a row changed since): say so."""
        self.undo_refused.emit(message)

    def notify(self, changes: Changes) -> None:
        """Tell every panel about changes made outside ``execute`` (e.g. by a worker, or read
        from a change feed); a revision panels were already told about is not told again."""
        self._notify(changes)

    def has_shown(self, revision: int) -> bool:
        """Whether panels were told about ``revision`` (e.g. this session's own commit)."""
        return revision in self._shown

    def notify_caught_up(self, changes: Changes) -> None:
        """Tell every panel about changes read from a server's change feed (``changes_since``):
        told even when their newest revision is this session's own (shown already), since
        others' revisions come with it; panels take their rows as upserts. The code tree is
        counted again (a feed lists new codings as updated rows, which counts by delta miss)."""
        self._notify(changes, again=True)

    def _notify(self, changes: Changes, *, again: bool = False) -> None:
        if self._closed:
            return
        if changes.revision:
            if changes.revision in self._shown and not again:
                return  # e.g. our own commit coming back from a change feed
            self._shown.add(changes.revision)
        if changes.kinds & {"codebook", "project"}:
            self._plain = None
        for row in changes.rows:
            version = row.values.get("version")
            if row.kind in _EDITED_ROWS and isinstance(version, int):
                self._versions[row.uuid] = version
        before, self._notified = self._notified, self.project.revision()
        since = self._since_tree
        if again:
            self._since_tree = None
        elif since is not None and self._notified == before + 1 and len(since) < _DELTAS_KEPT:
            since.append(changes)
        else:  # changes the session was not told about came between: count again
            self._since_tree = None
        self.changed.emit(changes)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        self._closed = True
        if self._tree_ahead is not None:  # its reads end before the engine goes
            self._tree_ahead.wait()
            self._tree_ahead = None
        self.undo_stack.clear()
        self.project.close()
