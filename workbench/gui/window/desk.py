"""The coding desk of one open project: every panel, bound to one session and wired together.

The main window owns the docks; the desk owns what is inside them and lives as long as the project
stays open.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from workbench.core.changes import Changes
from workbench.core.errors import NotFoundError
from workbench.core.media.folders import media_folders
from workbench.gui.codebook import CodebookPanel, CodeEditor, CodingPanel, QuickCodePalette
from workbench.gui.document import DocumentView
from workbench.gui.map.theme_map_panel import ThemeMapPanel
from workbench.gui.media.media_controller import MediaController
from workbench.gui.media.player import Player
from workbench.gui.media.player_panel import PlayerPanel
from workbench.gui.media.transcription import TranscriptionEditor
from workbench.gui.media.waveform import WaveformStrip
from workbench.gui.panels import CasesPanel, MemosPanel, SegmentsPanel, SourcesPanel
from workbench.gui.project_session import ProjectSession
from workbench.gui.reports.reports_panel import ReportsPanel
from workbench.gui.search.search_panel import SearchPanel
from workbench.gui.teamwork import AgreementPanel
from workbench.gui.widgets.jobs import wait_for_background
from workbench.gui.widgets.plain_text import escaped, rich_label
from workbench.gui.window.comparison_bar import ComparisonBar


class DocumentPane(QWidget):
    """The transcript under a header naming it (source, case, size, speakers) and showing its
    notice, if it has one."""

    def __init__(
        self, session: ProjectSession, player: Player, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentPane")
        self.session = session
        self.header = rich_label()
        self.header.setObjectName("documentHeader")
        self.header.setWordWrap(True)
        self.header.setContentsMargins(10, 6, 10, 6)
        self.view = DocumentView(session)
        self.comparison_bar = ComparisonBar(session)
        self.waveform = WaveformStrip()  # shown for a source with a recording
        self.transcription = TranscriptionEditor(session, player)  # shown instead of the view
        self.transcription.hide()
        self._notices: dict[str, str] = {}  # source uuid → notice, read once per source
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.comparison_bar)
        layout.addWidget(self.waveform)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.transcription, 1)
        session.comparison_changed.connect(lambda _c: self.update_header())
        self.update_header()

    def update_header(self, *, sources_changed: bool = False) -> None:
        """Show the source's facts; its notice is read again only when sources changed."""
        if sources_changed:
            self._notices.clear()
        uuid = self.view.source
        self.comparison_bar.show_for(uuid)
        if not uuid:
            self.header.setText("<i>Choose a source in the Sources panel to read and code it.</i>")
            return
        try:
            info = self.session.project.sources.get(uuid)
        except NotFoundError:
            self.header.setText("")
            return
        parts = [f"<b>{escaped(info.name)}</b>"]
        if info.cases:
            parts.append("case " + ", ".join(escaped(c) for c in info.cases))
        parts.append(f"{info.length:,} characters")
        parts.append(f"{info.codings:,} codings")
        if info.speakers:
            shown = ", ".join(escaped(s) for s in info.speakers[:4])
            more = f" +{len(info.speakers) - 4}" if len(info.speakers) > 4 else ""
            parts.append(f"speakers: {shown}{more}")
        text = " &nbsp;·&nbsp; ".join(parts)
        if uuid not in self._notices:  # the metadata holds every turn: not read per coding
            meta = self.session.project.sources.metadata(uuid)
            self._notices[uuid] = str(meta.get("notice", ""))
        notice = self._notices[uuid]
        if notice:  # e.g. the demo's "synthetic transcript" heading, kept out of the text
            text += f"<br><span style='color: palette(mid)'>{escaped(notice)}</span>"
        self.header.setText(text)


class CodingDesk(QObject):
    """Creates the panels for ``session`` and connects them."""

    status_message = Signal(str)
    search_wanted = Signal()  # the search dock should come to the front
    segments_wanted = Signal()  # the coded segments dock should come to the front

    def __init__(self, session: ProjectSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.player = PlayerPanel(Player(self))
        self.document_pane = DocumentPane(session, self.player.player)
        self.document = self.document_pane.view
        self.sources = SourcesPanel(session)
        # The panels that need no codebook first: the code tree is counted on a thread meanwhile.
        self.segments = SegmentsPanel(session)
        self.memos = MemosPanel(session)
        self.cases = CasesPanel(session)
        self.reports = ReportsPanel(session)
        self.theme_map = ThemeMapPanel(session, when_shown=True)  # opens behind the transcript
        self.agreement = AgreementPanel(session)
        self.codebook = CodebookPanel(session)
        self.coding = CodingPanel(session)
        self.editor = CodeEditor(session)
        self.palette = QuickCodePalette(session, parent)
        self.search = SearchPanel(session)  # it lists the codes
        self.media = MediaController(
            session, self.document_pane, self.player, media_folders=media_folders
        )
        self.media.message.connect(self.status_message)
        self.sources.recording_wanted.connect(self._recording_wanted)
        self.central = QTabWidget()
        self.central.setObjectName("centralTabs")
        self.central.setDocumentMode(True)
        self.central.addTab(self.document_pane, "Transcript")
        self.central.addTab(self.theme_map, "Theme map")
        self.central.addTab(self.reports, "Reports")
        self.document.addActions(self.coding.recent_actions())
        session.source_selected.connect(self._show_source)
        session.navigate_requested.connect(self.navigate)
        self._header_later = QTimer(self)
        self._header_later.setSingleShot(True)
        self._header_later.setInterval(0)
        self._header_later.timeout.connect(self.document_pane.update_header)
        session.changed.connect(self._changed)
        self.coding.code_chosen.connect(self.apply_code)
        self.codebook.code_activated.connect(self._code_activated)
        self.palette.code_chosen.connect(self.apply_code)
        self.document.code_palette_requested.connect(self._open_palette)
        self.document.message.connect(self.status_message)
        self.search.hit_activated.connect(self.navigate)
        self.search.item_activated.connect(self._item_activated)
        self.reports.word_search_requested.connect(self.search_word)
        self.agreement.disagreement_view.selection = self._document_selection
        self.theme_map.segments_requested.connect(lambda _code: self.segments_wanted.emit())
        self.segments.play_requested.connect(self.play_segment)

    def show_tab(self, name: str) -> bool:
        """Show the central tab ``name`` ("transcript", "map" or "reports")."""
        tabs = {"transcript": self.document_pane, "map": self.theme_map, "reports": self.reports}
        if name not in tabs:
            return False
        self.central.setCurrentWidget(tabs[name])
        return True

    def widgets(self) -> list[QWidget]:
        return [
            self.central,
            self.search,
            self.agreement,
            self.document_pane,
            self.theme_map,
            self.reports,
            self.sources,
            self.codebook,
            self.coding,
            self.editor,
            self.segments,
            self.memos,
            self.cases,
            self.palette,
            self.player,
        ]

    # -- wiring -----------------------------------------------------------------------------------
    def _show_source(self, source: str) -> None:
        if not source:
            self.document.clear_source()
        elif source != self.document.source:
            try:
                self.document.show_source(source)
            except NotFoundError:
                self.document.clear_source()
        self.media.show_source(self.document.source)
        self.document_pane.update_header()

    def shutdown(self) -> None:
        """Wait for background work bound to this project (reports, exports, search)."""
        self.reports.shutdown()
        self.search.shutdown()
        self.agreement.shutdown()
        self.media.shutdown()
        wait_for_background()

    def search_word(self, word: str) -> None:
        self.search.set_query(word)
        self.search.search()
        self.search_wanted.emit()

    def _recording_wanted(self, what: str, source: str) -> None:
        if what == "attach":
            self.media.attach(source)
        else:
            self.media.relink(source)

    def _item_activated(self, item_type: str, uuid: str) -> None:
        if item_type == "code":
            self.session.select_codes([uuid])
            self.codebook.select_code(uuid)

    def navigate(self, source: str, start: int, end: int) -> None:
        """Show ``source`` and select the range (from segments, search hits, memos …)."""
        self.central.setCurrentWidget(self.document_pane)
        self.session.select_source(source)
        if self.document.source != source:
            self._show_source(source)
        self.document.select_range(start, end)
        self.document.setFocus()

    def play_segment(self, source: str, start_ms: int, end_ms: int) -> None:
        """Show ``source`` and play its recording from ``start_ms`` to ``end_ms`` (-1: on)."""
        self.central.setCurrentWidget(self.document_pane)
        self.session.select_source(source)
        if self.document.source != source:
            self._show_source(source)
        self.media.play_range(start_ms, None if end_ms < 0 else end_ms)

    def compare_coders(self, names: list[str]) -> bool:
        """Compute agreement between ``names`` (on this thread); the transcript then compares
        them side by side at the first disagreement in the source being read."""
        panel = self.agreement
        panel.set_coders(names)
        return sorted(panel.checked_coders()) == sorted(names) and panel.compute_now()

    def _document_selection(self) -> tuple[str, int, int] | None:
        chosen = self.document.selection_range()
        return (self.document.source, *chosen) if chosen is not None else None

    def apply_code(self, code: str) -> None:
        """Code the time range chosen in the waveform, else the selected text."""
        if not self.media.apply_code(code):
            self.document.apply_code(code)
        self.document.setFocus()

    def _code_activated(self, code: str) -> None:
        if self.document.selection_range() is not None:
            self.apply_code(code)

    def _open_palette(self, where: QPoint) -> None:
        self.palette.open_at(where)

    def _changed(self, changes: Changes) -> None:
        if changes.kinds <= {"codings", "annotations"}:
            self._header_later.start()  # only its count changed: after the highlight paints
        elif changes.kinds & {"sources", "codings", "cases"}:
            self.document_pane.update_header(sources_changed="sources" in changes.kinds)

    def select_unit(self, unit: str) -> None:
        """Select the sentence, paragraph or speaker turn at the cursor."""
        select = {
            "sentence": self.document.select_sentence,
            "paragraph": self.document.select_paragraph,
            "turn": self.document.select_turn,
        }[unit]
        select()
        self.document.setFocus()

    def open_palette(self) -> None:
        self.document.request_palette()

    def show_first_source(self) -> None:
        model = self.sources.model  # already loaded: no second pass over every source
        if model.rowCount() and not self.session.current_source:
            self.session.select_source(model.source(0).uuid)

    def select_code_path(self, path: str) -> bool:
        """Select a code by its path of names (its segments and details appear)."""
        try:
            uuid = self.session.project.codebook.find(path)
        except (NotFoundError, ValueError):
            return False
        self.codebook.select_code(uuid)
        return True

    def show_source_named(self, name: str) -> bool:
        try:
            uuid = self.session.project.sources.find(name)
        except NotFoundError:
            return False
        self.session.select_source(uuid)
        return True
