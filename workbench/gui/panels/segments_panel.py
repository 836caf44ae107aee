"""The Segments panel: every coded segment of the selected code(s), with context and filters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QListView,
    QMenu,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.errors import NotFoundError
from workbench.core.reports.passages import CoderScope, merge_segments
from workbench.core.reports.timed_segments import media_segments, with_times
from workbench.core.text.wording import counted
from workbench.core.values import CodeNode, Segment
from workbench.gui.media.clip_export import export_segment_clip
from workbench.gui.operations import codes
from workbench.gui.panels.segment_delegate import SegmentDelegate
from workbench.gui.panels.segment_filters import SegmentFilters
from workbench.gui.panels.segments_model import SEGMENT_ROLE, SegmentsModel, quote_line
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.dialogs import ask_text_dialog
from workbench.gui.widgets.icons import line_icon, standard_icon
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.plain_text import PlainLabel, tip
from workbench.gui.widgets.views import paint_placeholder
from workbench.gui.widgets.when_shown import WhenShown
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, project_writable

_KINDS = frozenset(
    {"codings", "media_codings", "media", "codebook", "sources", "cases", "attributes", "coders"}
)
_CHOICE_KINDS = frozenset({"sources", "cases", "attributes", "coders", "project"})
CONTEXT = 60


class _SegmentsView(QListView):
    placeholder = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_placeholder(self, self.placeholder)


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(0, 0, 12, 12, 3, 3)
    painter.end()
    return QIcon(pixmap)


class SegmentsPanel(QWidget):
    """Shows the coded segments of ``session.current_codes`` (media codings too, with their
    time range); double-click shows one in the text, Play plays its time range.

    ``ask_text`` (the name for Split off…) and ``show_error`` are replaceable for tests."""

    play_requested = Signal(str, int, int)  # source uuid, start and end (-1: unknown) in ms

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentsPanel")
        self.session = session
        self.ask_text = ask_text_dialog(self)
        self._all: list[Segment] = []
        self._members: dict[str, tuple[str, ...]] = {}  # card's coding -> its passage's codings
        self._card_of: dict[str, str] = {}  # any coding -> the card showing it
        self._codes: list[CodeNode] = []
        self._colors: dict[str, str] = {}
        self._media: set[str] = set()  # the uuids of media codings among the segments

        self.title_icon = PlainLabel()
        self.title = PlainLabel()
        self.title.setObjectName("segmentsTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title_path = small_label(object_name="segmentsTitlePath")
        self.count_label = small_label(object_name="segmentsCount")

        self.filters = SegmentFilters()
        self.coder_combo = self.filters.coder_combo
        self.case_combo = self.filters.case_combo
        self.children_check = QCheckBox("Include subcodes")
        self.children_check.setObjectName("segmentsIncludeChildren")
        self.children_check.setChecked(True)
        self.children_check.setToolTip("Also list segments coded with the codes below it")

        self.model = SegmentsModel(self)
        self.view = _SegmentsView()
        self.view.setObjectName("segmentsView")
        self.view.setModel(self.model)
        self.delegate = SegmentDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self._setup_view()

        self.registry = ActionRegistry(self, "Coded segments")
        self.copy_action = self.registry.add(
            ActionSpec(
                "segmentsCopy",
                "Copy",
                self.copy_selected,
                QKeySequence.StandardKey.Copy,
                icon=line_icon("copy"),
                tip="Copy the selected segments as quotations (Ctrl+C)",
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                on=self,
            )
        )
        self.split_action = self.registry.add(
            ActionSpec(
                "segmentsSplit",
                "Split off…",
                self.split_selected,
                enabled_when=project_writable,
                icon=line_icon("split"),
                tip="Move the selected segments to a new subcode of this code",
            )
        )
        self.show_action = self.registry.add(
            ActionSpec(
                "segmentsShow",
                "Show in document",
                self.show_current,
                QKeySequence(Qt.Key.Key_Return),
                context=Qt.ShortcutContext.WidgetShortcut,
                on=self.view,
            )
        )
        self.play_action = self.registry.add(
            ActionSpec(
                "segmentsPlay",
                "Play this segment",
                self.play_current,
                enabled_when=None,  # one segment with a known time: _update_actions
                icon=QStyle.StandardPixmap.SP_MediaPlay,
                tip="Play the time range of the recording where this segment is heard",
            )
        )
        self.clip_action = self.registry.add(
            ActionSpec(
                "segmentsExportClip",
                "Export clip…",
                self.export_clip,
                enabled_when=None,  # like Play: _update_actions
                tip="Save the time range of the recording where this segment is heard as a file",
            )
        )
        self.registry.follow(session)

        self.message = MessageBar("segmentsMessage")
        self.show_error: Callable[[str], None] = self.message.show_error
        self._build_layout()

        self.view.doubleClicked.connect(self._open)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.filters.changed.connect(self._apply_filters)
        self.children_check.toggled.connect(self.reload)
        self._catch_up = WhenShown(self, self.reload)
        self._choices_stale = True  # the filters' coders, cases and attributes
        self._coders: list[str] = []
        session.changed.connect(self._on_changed)
        session.codes_selected.connect(self._codes_selected)
        session.coding_selected.connect(self._follow_coding)
        self.reload()

    # -- building ---------------------------------------------------------------------------
    def _setup_view(self) -> None:
        view = self.view
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setUniformItemSizes(False)
        view.setWordWrap(True)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.verticalScrollBar().setSingleStep(16)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setMouseTracking(True)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.setSpacing(6)
        header.addWidget(self.title_icon)
        header.addWidget(self.title)
        header.addWidget(self.title_path, 1)

        footer = QHBoxLayout()
        footer.setSpacing(4)
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.children_check)
        for action, name in (
            (self.play_action, "segmentsPlay"),
            (self.copy_action, "segmentsCopy"),
            (self.split_action, "segmentsSplit"),
        ):
            button = QToolButton()
            button.setObjectName(name)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            footer.addWidget(button)
            if action is self.play_action:
                self.play_button = button  # shown when a segment is heard in a recording

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(footer)

    # -- loading ----------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        self._choices_stale |= bool(changes.kinds & _CHOICE_KINDS)
        if changes.kinds & _KINDS:  # hidden: once, when shown; a coding: after it paints
            self._catch_up.request(later=changes.kinds <= {"codings", "annotations"})

    def _codes_selected(self, _codes: list[str]) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch the segments of the current codes again, then filter them."""
        project = self.session.project
        # No code chosen (as on open): no codebook read, it is still being counted.
        nodes = self.session.code_nodes() if self.session.current_codes else {}
        self._colors = {uuid: node.color for uuid, node in nodes.items()}
        self._codes = [nodes[c] for c in self.session.current_codes if c in nodes]
        found: dict[str, Segment] = {}
        children = self.children_check.isChecked()
        for code in self._codes:
            try:
                segments = project.codings.segments(
                    code=code.uuid, include_children=children, context=CONTEXT
                )
            except NotFoundError:
                continue
            for segment in segments:
                found.setdefault(segment.coding_uuid, segment)
        wanted = {n.uuid: n.path for c in self._codes for n in (c.walk() if children else [c])}
        media = media_segments(project, wanted, context=CONTEXT)
        self._media = {s.coding_uuid for s in media}
        timed = with_times(project, list(found.values())) + media
        self._all = sorted(timed, key=lambda s: (s.source, s.start, s.end, s.start_ms or 0))
        self.delegate.clear_cache()
        coders = sorted({c.name for c in project.coders.list()} | {s.coder for s in self._all})
        if self._choices_stale or coders != self._coders:  # cases are read only when they change
            self._choices_stale, self._coders = False, coders
            self.filters.refill(coders, project.cases.list(), project.cases.attributes("case"))
        self._update_title()
        self._apply_filters()

    def _update_title(self) -> None:
        if not self._codes:
            self.title.setText("No code selected")
            self.title.setToolTip("")
            self.title_icon.clear()
            self.title_path.setText("")
            self.view.placeholder = "Select a code in the codebook to see its coded segments."
            return
        first = self._codes[0]
        self.title_icon.setPixmap(_swatch(first.color).pixmap(12, 12))
        if len(self._codes) == 1:
            self.title.setText(first.name)
            self.title.setToolTip(tip(first.path))
            parent = first.path[: -len(first.name)].rstrip("/")
            self.title_path.setText(f"in {parent.replace('/', ' › ')}" if parent else "")
        else:
            self.title_path.setText("")
            self.title.setText(
                f"{len(self._codes)} codes: " + ", ".join(c.name for c in self._codes)
            )
            self.title.setToolTip(tip("\n".join(c.path for c in self._codes)))
        self.view.placeholder = "No coded segments match."

    # -- filtering --------------------------------------------------------------------------
    def _code_labels(self) -> dict[str, str]:
        """Each segment's code named from the shown code down ("Non-verbal › Emojis")."""
        labels: dict[str, str] = {}
        for segment in self._all:
            path = segment.code_path
            for code in self._codes:
                if path == code.path or path.startswith(code.path + "/"):
                    path = code.name + path[len(code.path) :]
                    break
            labels[segment.code_uuid] = path.replace("/", " › ")
        return labels

    def visible_segments(self) -> list[Segment]:
        """The segments after the coder, case and attribute filters."""
        return self.filters.apply(self._all)

    def _apply_filters(self, *_args: object) -> None:
        selected = set(self.selected_codings())
        codings = self.visible_segments()
        scope = self.filters.coder_scope()
        if scope is None:  # each coder side by side: every coding its own card
            cards = codings
            self._members = {s.coding_uuid: (s.coding_uuid,) for s in codings}
        else:  # a media coding is a passage of its own
            text = [s for s in codings if s.coding_uuid not in self._media]
            merged = merge_segments(text, scope)
            cards = [m.segment for m in merged] + [
                s for s in codings if s.coding_uuid in self._media and scope.admits(s.coder)
            ]
            self._members = {
                m.segment.coding_uuid: tuple(s.coding_uuid for s in m.members) for m in merged
            } | {s.coding_uuid: (s.coding_uuid,) for s in cards if s.coding_uuid in self._media}
        self._card_of = {c: card for card, members in self._members.items() for c in members}
        self.model.set_segments(cards, self._colors, self._code_labels())
        selection = QItemSelection()
        for row, segment in enumerate(cards):
            if selected.intersection(self._members[segment.coding_uuid]):
                selection.select(self.model.index(row), self.model.index(row))
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)
        self.count_label.setText(self._count_text(codings, cards, scope) if self._codes else "")
        self.play_button.setVisible(any(s.start_ms is not None for s in self._all))
        self._update_actions()

    def _count_text(
        self, codings: list[Segment], cards: list[Segment], scope: CoderScope | None
    ) -> str:
        """Passages (and the codings behind them) in sources; side by side, each coder's."""
        sources = counted(len({s.source_uuid for s in cards}), "source")
        if scope is None:
            coders = sorted({s.coder for s in codings}, key=str.casefold)
            each = ", ".join(
                f"{name} {len(merge_segments(codings, CoderScope.of([name])))}" for name in coders
            )
            text = f"{counted(len(codings), 'coding')} in {sources}"
            text += f"  ·  passages: {each}" if each else ""
        else:
            text = f"{counted(len(cards), 'passage')} ({counted(len(codings), 'coding')}) in "
            text += sources
        if len(codings) != len(self._all):
            text += f"  ·  filtered from {counted(len(self._all), 'coding')}"
        return text

    # -- selection and actions --------------------------------------------------------------
    def selected_segments(self) -> list[Segment]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        return [self.model.item(row) for row in rows]

    def selected_codings(self) -> list[str]:
        """The codings of the selected cards (a passage's card stands for all of its codings)."""
        return [c for s in self.selected_segments() for c in self._members.get(s.coding_uuid, ())]

    def _splittable(self) -> list[Segment]:
        chosen = self.selected_segments()
        if len(self._codes) != 1 or not chosen:
            return []
        code = self._codes[0].uuid
        text = all(s.code_uuid == code and s.coding_uuid not in self._media for s in chosen)
        return chosen if text else []

    def _playable(self) -> Segment | None:
        chosen = self.selected_segments()
        return chosen[0] if len(chosen) == 1 and chosen[0].start_ms is not None else None

    def _update_actions(self, *_args: object) -> None:
        chosen = self.selected_segments()
        self.copy_action.setEnabled(bool(chosen))
        self.show_action.setEnabled(len(chosen) >= 1)
        self.split_action.setEnabled(bool(self._splittable()))
        self.play_action.setEnabled(self._playable() is not None)
        self.clip_action.setEnabled(self._playable() is not None)
        if len(self._codes) != 1:
            tip = "Split off works when one code is shown"
        elif chosen and not self._splittable():
            tip = "Only text segments coded with this code itself (not a subcode) can be split off"
        else:
            tip = "Move the selected segments to a new subcode of this code"
        self.split_action.setToolTip(tip)

    def _open(self, index: QModelIndex) -> None:
        segment = index.data(SEGMENT_ROLE)
        if isinstance(segment, Segment):
            self.session.navigate_requested.emit(segment.source_uuid, segment.start, segment.end)
            if segment.coding_uuid not in self._media:
                self.session.select_coding(segment.coding_uuid)

    def play_current(self) -> None:
        """Play the selected segment's time range in the player."""
        segment = self._playable()
        if segment is not None and segment.start_ms is not None:
            end = -1 if segment.end_ms is None else segment.end_ms
            self.play_requested.emit(segment.source_uuid, segment.start_ms, end)

    def export_clip(self) -> None:
        """Save the selected segment's time range of its recording as a clip file."""
        segment = self._playable()
        if segment is not None:
            export_segment_clip(self, self.session, segment, done=self.message.show_info)

    def show_current(self) -> None:
        """Show the current segment in its document (Return)."""
        index = self.view.currentIndex()
        if index.isValid():
            self._open(index)

    def _follow_coding(self, coding: str) -> None:
        row = self.model.row_of(self._card_of.get(coding, coding))
        current = self.view.currentIndex()
        if row < 0 or (current.isValid() and current.row() == row):
            return
        index = self.model.index(row)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index)

    def copy_selected(self) -> None:
        """Put the selected segments on the clipboard as quotation lines."""
        chosen = self.selected_segments()
        if not chosen:
            return
        QGuiApplication.clipboard().setText("\n".join(quote_line(s) for s in chosen))
        self.message.show_info(f"Copied {counted(len(chosen), 'segment')}.")

    def split_selected(self) -> None:
        """Move the selected segments to a new child code (asks its name)."""
        chosen = self._splittable()
        if not chosen:
            return
        parent = self._codes[0]
        name = self.ask_text(
            "Split off segments",
            f"Name of the new subcode of “{parent.name}” for {counted(len(chosen), 'segment')}:",
            "",
        )
        if not name:
            return
        codings = [c for s in chosen for c in self._members.get(s.coding_uuid, ())]
        codes.split(
            self.session, code=parent.uuid, codings=codings, name=name, show=self.show_error
        )

    def context_menu(self) -> QMenu:
        self._update_actions()
        menu = QMenu(self)
        open_action = menu.addAction("Show in document")
        open_action.setIcon(standard_icon(QStyle.StandardPixmap.SP_ArrowRight))
        open_action.triggered.connect(self.show_current)
        menu.addAction(self.play_action)
        menu.addAction(self.clip_action)
        menu.addAction(self.copy_action)
        menu.addSeparator()
        menu.addAction(self.split_action)
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        if self.view.indexAt(pos).isValid():
            self.context_menu().exec(self.view.viewport().mapToGlobal(pos))
