"""The Search panel (``searchPanel``): a query with syntax help and filters, results as
keyword-in-context lines grouped by item, and "Code all hits…" as one undoable command.

Searches run on a worker thread; while the index is (re)built the panel shows its progress and
searches answer from the sources indexed so far. A first answer that stopped checking items
before its page was full says "counting…" and the rest of the page follows.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.errors import WorkbenchError
from workbench.core.search import (
    IndexStatus,
    SearchFilters,
    SearchHit,
    SearchOptions,
    SearchResult,
    coding_requests,
    parse_condition,
)
from workbench.core.text.wording import counted
from workbench.gui.operations import codings
from workbench.gui.project_session import ProjectSession
from workbench.gui.search.code_hits_dialog import ChooseCodeAll, code_all_dialog
from workbench.gui.search.kwic_delegate import KwicDelegate
from workbench.gui.search.results_model import HIT_ROLE, SearchResultsModel
from workbench.gui.search.search_runner import SearchRunner
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.plain_text import PlainLabel
from workbench.gui.widgets.when_shown import WhenShown

PAGE = 500  # hits shown at first; "Show all" fetches the rest
CONTEXT = 60  # characters of keyword-in-context each side of a hit
# Items checked against their text before the first answer (a rare phrase of common words has
# thousands of candidates): the rest of the page follows ("counting…").
FIRST_CHECK = 200
TYPING_DELAY_MS = 350
_REFRESH_KINDS = frozenset({"sources", "memos", "annotations", "codebook", "codings", "cases"})
SYNTAX_HELP = (
    "<b>mentor zoom</b> both words in one passage (a speaker turn) · "
    "<b>mentor OR mentee</b> · <b>NOT zoom</b> or <b>-zoom</b> · <b>( … )</b> groups<br>"
    '<b>"video call"</b> exact phrase · <b>mentor*</b>, <b>ment?r</b> wildcards · '
    "<b>confidance~</b> fuzzy (<b>~2</b>: two letters)<br>"
    "<b>speaker:P07</b> · <b>case:Anna</b> · <b>source:T01*</b> · <b>kind:memo</b> "
    "(source, memo, code)<br>"
    "Case and accents never matter; <i>Stem words</i> also finds mentoring for mentor."
)
_KINDS = (
    ("Everything", ("source", "memo", "code")),
    ("Sources", ("source",)),
    ("Memos", ("memo",)),
    ("Codes", ("code",)),
)
_SCOPES = ("Anywhere", "Inside code", "Outside code")


class SearchPanel(QWidget):
    """Full-text search of the session's project.

    ``hit_activated(source_uuid, start, end)`` asks the document view to show a source hit
    (code points); ``item_activated(item_type, uuid)`` a memo, annotation or code hit.
    ``choose_code_all`` replaces the "Code all hits" dialog (tests answer it)."""

    hit_activated = Signal(str, int, int)
    item_activated = Signal(str, str)  # memo, annotation or code; its uuid
    searched = Signal(object)  # SearchResult, after it is shown

    def __init__(
        self,
        session: ProjectSession,
        parent: QWidget | None = None,
        *,
        choose_code_all: ChooseCodeAll | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.session = session
        self._choose_code_all = choose_code_all or code_all_dialog(self)
        self.result: SearchResult | None = None
        # The search whose first answer may stop early (then its rest is asked for).
        self._asked: tuple[str, SearchOptions, SearchFilters] | None = None
        self._pending_code_all = False
        self.runner = SearchRunner(session.project, self)
        self._build()
        self.runner.finished.connect(self._show_result)
        self.runner.failed.connect(self._show_failure)
        self.runner.status_changed.connect(self._show_status)
        session.changed.connect(self._project_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self._codes_stale = self._hits_stale = False
        self._catch_up = WhenShown(self, self._bring_up_to_date)
        self.query.textEdited.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self.search)
        for box in (self.kinds, self.scope, self.code):
            box.currentIndexChanged.connect(lambda _i: self._rerun())
        self.stemming.toggled.connect(lambda _on: self._rerun())
        self.where.editingFinished.connect(self._rerun)
        self._fill_codes()
        # The index is built when search is first wanted: on a large project building it takes
        # CPU the window needs right after opening (searching works meanwhile, from the texts).
        self._index_started = False
        self._show_status(session.project.search.status())
        self.query.installEventFilter(self)

    def start_index(self) -> None:
        """Bring the index up to date in the background (once; later commits keep it so)."""
        if not self._index_started:
            self._index_started = True
            self._show_status(self.session.project.search.ensure_index())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.FocusIn:
            self.start_index()  # the researcher is about to search
        return super().eventFilter(watched, event)

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText('Search: words, "phrases", mentor*, speaker:P07 …')
        self.query.setClearButtonEnabled(True)
        self.query.setToolTip(SYNTAX_HELP)
        self.help_button = QToolButton()
        self.help_button.setObjectName("searchHelpButton")
        self.help_button.setText("?")
        self.help_button.setCheckable(True)
        self.help_button.setToolTip("Search syntax")
        self.help = PlainLabel(SYNTAX_HELP)
        self.help.setObjectName("searchSyntaxHelp")
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.RichText)
        self.help.hide()
        self.help_button.toggled.connect(self.help.setVisible)
        self.stemming = QCheckBox("Stem words")
        self.stemming.setObjectName("searchStemming")
        self.stemming.setChecked(True)
        self.kinds = QComboBox()
        self.kinds.setObjectName("searchKinds")
        for label, _kinds in _KINDS:
            self.kinds.addItem(label)
        self.scope = QComboBox()
        self.scope.setObjectName("searchScope")
        self.scope.addItems(_SCOPES)
        self.code = QComboBox()
        self.code.setObjectName("searchCode")
        self.code.setEnabled(False)
        self.scope.currentIndexChanged.connect(lambda i: self.code.setEnabled(i > 0))
        self.where = QLineEdit()
        self.where.setObjectName("searchWhere")
        self.where.setPlaceholderText("Attribute filter, e.g. sector = Healthcare")
        self.where.setClearButtonEnabled(True)
        self.status = PlainLabel()
        self.status.setObjectName("searchStatus")
        self.progress = QProgressBar()
        self.progress.setObjectName("searchProgress")
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        search = self.session.project.search
        self.model = SearchResultsModel(lambda hits: search.with_context(hits, CONTEXT))
        self.model.rowsInserted.connect(self._expand_groups)
        self.view = QTreeView()
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setItemDelegate(KwicDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.collapsed.connect(self._make_all_rows)
        self.view.clicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.count = PlainLabel()
        self.count.setObjectName("searchCount")
        self.show_all = QPushButton("Show all")
        self.show_all.setObjectName("searchShowAll")
        self.show_all.hide()
        self.show_all.clicked.connect(lambda: self.search(everything=True))
        self.code_all = QPushButton("Code all hits…")
        self.code_all.setObjectName("searchCodeAll")
        self.code_all.setEnabled(False)
        self.code_all.clicked.connect(self.code_all_hits)
        self.message = MessageBar("searchMessage")

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.help_button)
        options = QHBoxLayout()
        options.addWidget(self.kinds)
        options.addWidget(self.stemming)
        options.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.scope)
        filters.addWidget(self.code, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.show_all)
        bottom.addWidget(self.code_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addLayout(options)
        layout.addLayout(filters)
        layout.addWidget(self.where)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)

    def _fill_codes(self) -> None:
        current = self.code.currentData()
        self.code.blockSignals(True)
        self.code.clear()
        for node in self.session.code_nodes().values():  # no counts: cheap
            self.code.addItem(node.path.replace("/", " › "), node.uuid)
        if current is not None and (at := self.code.findData(current)) >= 0:
            self.code.setCurrentIndex(at)
        self.code.blockSignals(False)

    # -- searching ------------------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        """Put ``text`` in the query box and search for it."""
        self.query.setText(text)
        self.search()

    def search(self, *, everything: bool = False) -> None:
        """Search for the query box's text in the background (all hits if ``everything``)."""
        self.start_index()
        self._timer.stop()
        text = self.query.text().strip()
        if not text:
            self.runner.cancel()
            self._clear()
            return
        try:
            filters = self._filters()
        except WorkbenchError as exc:
            self.message.show_error(str(exc))
            return
        options = SearchOptions(  # no context: the results model reads it for rows shown
            stemming=self.stemming.isChecked(),
            context=0,
            check_items=None if everything else FIRST_CHECK,
        )
        self.count.setText("Searching…")
        self._asked = (text, options, filters)
        self.runner.start(text, options, filters, None if everything else PAGE)

    def _filters(self) -> SearchFilters:
        kinds = _KINDS[max(0, self.kinds.currentIndex())][1]
        where = self.where.text().strip()
        code = self.code.currentData() if self.scope.currentIndex() > 0 else None
        return SearchFilters(
            kinds=kinds,
            where=(parse_condition(where),) if where else (),
            inside_code=code if self.scope.currentIndex() == 1 else None,
            outside_code=code if self.scope.currentIndex() == 2 else None,
        )

    def _rerun(self) -> None:
        if self.query.text().strip():
            self.search()

    def _clear(self) -> None:
        self.result = None
        self.model.set_hits(())
        self.count.setText("")
        self.show_all.hide()
        self.code_all.setEnabled(False)

    def _show_result(self, result: SearchResult, everything: bool) -> None:
        self.result = result
        self.message.hide()
        self.model.set_hits(result.hits)
        self.view.expandAll()
        hits, items = len(result.hits), result.items
        text = (
            f"{hits:,} hit{'s' if hits != 1 else ''} in {items:,} item{'s' if items != 1 else ''}"
        )
        if result.partial and self._asked is not None:
            text = f"{hits:,}+ hit{'s' if hits != 1 else ''} so far, counting…"
            query, options, filters = self._asked
            self._asked = None  # the rest of the page, without a check limit
            self.runner.start(query, replace(options, check_items=None), filters, PAGE)
        elif not result.complete:
            text = f"First {text}"
        if not result.indexed:
            text += " (read from the texts)"
        elif result.unindexed:
            text += f" ({result.unindexed:,} sources not indexed yet)"
        self.count.setText(text)
        self.show_all.setVisible(not result.complete)
        self.code_all.setEnabled(any(h.kind == "source" for h in result.hits))
        self.searched.emit(result)
        if self._pending_code_all and everything:
            self._pending_code_all = False
            self._code(result.hits)

    def _expand_groups(self, parent: QModelIndex, first: int, last: int) -> None:
        """Items whose rows come as the list is scrolled open like those shown at first."""
        if not parent.isValid():
            for row in range(first, last + 1):
                self.view.expand(self.model.index(row, 0))

    def _make_all_rows(self, group: QModelIndex) -> None:
        """A closed group is not scrolled through: make its rows, so the groups after it come
        when the list is scrolled to its end."""
        while self.model.canFetchMore(group):
            self.model.fetchMore(group)

    def _show_failure(self, message: str) -> None:
        self._pending_code_all = False
        self.count.setText("")
        self.message.show_error(message)

    def _show_status(self, status: IndexStatus) -> None:
        if status.indexing:
            done = f" ({status.done:,} of {status.total:,} items)" if status.total else ""
            left = status.sources_left
            self.status.setText(
                f"Still indexing {left:,} source{'s' if left != 1 else ''}{done} — results come "
                "from the texts already indexed."
                if left
                else f"{status.message or 'Indexing…'}{done} — searching still works."
            )
            self.progress.setMaximum(max(1, status.total))
            self.progress.setValue(status.done)
            self.progress.show()
            self.status.show()
            return
        self.progress.hide()
        if status.state == "ready" and self.result is not None and self.result.unindexed:
            self._rerun()  # the shown hits came from part of the sources: now from all
        if status.state in ("unavailable", "failed"):
            self.status.setText(status.message)
            self.status.show()
        else:
            self.status.setText("")
            self.status.hide()

    def _project_changed(self, changes: Changes) -> None:
        self._codes_stale |= "codebook" in changes.kinds
        self._hits_stale |= bool(changes.kinds & _REFRESH_KINDS)
        if self._codes_stale or self._hits_stale:
            self._catch_up.request()  # while the dock is hidden: once, when it is shown

    def _bring_up_to_date(self) -> None:
        if self._codes_stale:
            self._codes_stale = False
            self._fill_codes()
        if self._hits_stale:
            self._hits_stale = False
            if self.result is not None:
                self._timer.start()  # offsets move with edits: search again, a moment later

    # -- acting on hits -------------------------------------------------------------------------
    def _activate(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return
        if hit.kind == "source":
            self.hit_activated.emit(hit.item, hit.start, hit.end)
        else:
            self.item_activated.emit(hit.item_type, hit.item)

    def code_all_hits(self) -> None:
        """Ask for a code and unit, then code every source hit as one undoable command."""
        if self.result is None:
            return
        if not self.result.complete:  # collect every hit first, then ask
            self._pending_code_all = True
            self.count.setText("Collecting all hits…")
            self.search(everything=True)
            return
        self._code(self.result.hits)

    def _code(self, hits: tuple[SearchHit, ...]) -> None:
        sources = [h for h in hits if h.kind == "source"]
        if not sources:
            self.message.show_info("There are no hits in sources to code.")
            return
        current = self.session.current_codes[0] if self.session.current_codes else None
        choice = self._choose_code_all(self.session.project, sources, current)
        if choice is None:
            return
        project = self.session.project
        try:
            requests = coding_requests(project, sources, code=choice.code, unit=choice.unit)
            name = project.codebook.get(choice.code).name
        except WorkbenchError as exc:
            self.message.show_error(str(exc))
            return
        unit = "" if choice.unit == "hit" else f" ({choice.unit}s)"
        changes = codings.apply_many(
            self.session,
            requests=requests,
            text=f"Code {len(requests):,} search hits{unit} with {name!r}",
            show=self.message.show_error,
        )
        if changes is not None:
            added = sum(1 for kind, _uuid in changes.undo.created if kind == "coding")
            self.message.show_info(f"Coded {counted(added, 'passage')} with “{name}”.")

    def shutdown(self) -> None:
        """Stop background work before the project closes."""
        self._timer.stop()
        self.runner.shutdown()
