"""The transcript viewer: plain text with coding highlights, stripes, notes and paragraph numbers.

Codings are never character formats: they are painted from an interval index over the visible
blocks, so overlaps stay visible and a 300,000-character source opens as fast as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from workbench.core.changes import Changes
from workbench.core.values import CodeNode, CodingInfo
from workbench.gui.codebook.code_mime import CODE_MIME, SELECTION_MIME
from workbench.gui.comparison import Comparison
from workbench.gui.document import drag_drop, keys, navigation, selection, sides
from workbench.gui.document.editing import (
    AskRange,
    AskText,
    ChooseCode,
    CodingEditor,
    default_ask_range,
    default_ask_text,
    default_choose_code,
)
from workbench.gui.document.find_bar import FindBar
from workbench.gui.document.finder import Finder
from workbench.gui.document.font_zoom import FontZoom, reading_font
from workbench.gui.document.gutter import ParagraphGutter
from workbench.gui.document.highlights import paint_over, paint_under
from workbench.gui.document.layer import CodingLayer, ShownCoding
from workbench.gui.document.loaded import LoadedSource
from workbench.gui.document.margin import StripeMargin
from workbench.gui.document.on_screen import OnScreenBlocks
from workbench.gui.document.painting import VisibleBlock
from workbench.gui.document.source_sync import SourceSync
from workbench.gui.project_session import ProjectSession

__all__ = ["CODE_MIME", "SELECTION_MIME", "DocumentView"]


class DocumentView(QPlainTextEdit):
    """Shows one source of the session's project and codes it (objectName ``documentView``)."""

    codings_at_cursor_changed = Signal(list)  # coding uuids under the cursor
    message = Signal(str)  # a status message for the window
    code_palette_requested = Signal(QPoint)  # global position where the palette should open

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.session = session
        self.snap_to_words = True
        self.ask_text: AskText = default_ask_text(self)
        self.choose_code: ChooseCode = default_choose_code(self)
        self.ask_range: AskRange = default_ask_range(self)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAcceptDrops(True)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setFont(reading_font())
        self.document().setDocumentMargin(14)
        self.loaded = LoadedSource.empty()
        self.layer = CodingLayer(self.loaded.offsets, [], {}, [])
        self.codes: dict[str, CodeNode] = {}
        self.comparison: Comparison | None = None  # overrides the filter while set
        self._edit_mode = False
        self._at_cursor: list[str] = []
        self.hover_coding = ""
        self.drag_preview: tuple[str, int, int] | None = None
        self._selecting = False
        self.on_screen = OnScreenBlocks(self)
        self.font_zoom = FontZoom(self, self._font_zoomed)
        self.source_sync = SourceSync(self, self._layer_changed, self)
        self.editor = CodingEditor(self, self)
        self.gutter = ParagraphGutter(self, self, self.editor.edit_note)
        self.margin = StripeMargin(self, self)
        self.find_bar = FindBar(self)
        self.finder = Finder(self)
        self.updateRequest.connect(self._update_sides)
        self.cursorPositionChanged.connect(self._cursor_moved)
        self.selectionChanged.connect(self._cursor_moved)
        # slots of the view itself, so that Qt drops these connections when the view goes
        session.changed.connect(self._session_changed)
        session.codes_selected.connect(self._codes_selected)
        session.coding_selected.connect(self._coding_selected)
        session.comparison_changed.connect(self.set_comparison)
        self.layout_sides()

    # -- loading (see source_sync.py) -------------------------------------------------------------
    @property
    def source(self) -> str:
        """The uuid of the source shown ("" for none)."""
        return self.loaded.uuid

    def show_source(self, source: str) -> None:
        """Load a source's text, codings, annotations and code colours."""
        self.source_sync.show(source)

    def clear_source(self) -> None:
        self.source_sync.clear()

    def _session_changed(self, changes: Changes) -> None:
        self.source_sync.session_changed(changes)

    def _layer_changed(self) -> None:
        self.layout_sides()
        self.viewport().update()
        self._cursor_moved()

    # -- filters ----------------------------------------------------------------------------------
    def set_filter(
        self, mode: str, codes: set[str] | frozenset[str] = frozenset(), coder: str | None = None
    ) -> None:
        """Show "all" codings, the "selected" codes' (``codes``, or else the session's current
        codes, followed as they change; with their sub-codes), or one "coder"'s."""
        self.source_sync.set_filter(mode, codes, coder)

    @property
    def filter_mode(self) -> str:
        return self.source_sync.filter_mode

    def set_comparison(self, comparison: Comparison | None) -> None:
        """Show the compared coders side by side, with their disagreements marked (None: the
        filter again)."""
        self.comparison = comparison
        self.source_sync.rebuild()

    def _codes_selected(self, _codes: list[str]) -> None:
        self.source_sync.codes_selected()

    def _coding_selected(self, coding: str) -> None:
        shown = self.layer.codings.get(coding)
        if shown is not None and self.selection_range() != (shown.start, shown.end):
            self.select_range(shown.start, shown.end)
        self.margin.update()

    # -- selection in code points (see selection.py, navigation.py) -------------------------------
    def selection_range(self) -> tuple[int, int] | None:
        return selection.selection_range(self)

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and scroll it into the middle of the view."""
        selection.select_range(self, start, end)

    def select_sentence(self) -> None:
        navigation.select_sentence(self)

    def select_paragraph(self) -> None:
        navigation.select_paragraph(self)

    def select_turn(self) -> None:
        navigation.select_turn(self)

    def next_coding(self) -> None:
        navigation.jump(self, forward=True)

    def previous_coding(self) -> None:
        navigation.jump(self, forward=False)

    def select_coding(self, coding: str) -> None:
        """Select a shown coding's range and make it the session's current coding."""
        shown = self.layer.codings.get(coding)
        if shown is not None:
            self.select_range(shown.start, shown.end)
            self.session.select_coding(coding)

    def loaded_coding(self, coding: str) -> CodingInfo | None:
        """A coding of this source (shown or filtered out)."""
        return self.layer.all_codings.get(coding)

    def codings_at(self, pos: QPoint) -> list[ShownCoding]:
        """The shown codings under a viewport point."""
        return self.layer.containing(self.cursorForPosition(pos).position())

    def _cursor_moved(self) -> None:
        uuids = selection.codings_under_cursor(self)
        if uuids != self._at_cursor:
            self._at_cursor = uuids
            self.codings_at_cursor_changed.emit(uuids)

    # -- coding actions (see editing.py) ---------------------------------------------------------
    def apply_code(self, code: str) -> None:
        self.editor.apply_codes([code])

    def apply_last_code(self) -> None:
        self.editor.apply_last_code()

    def code_in_vivo(self) -> None:
        self.editor.code_in_vivo()

    def annotate(self) -> None:
        self.editor.annotate()

    def remove_coding(self, coding: str) -> None:
        self.editor.remove_coding(coding)

    def change_code(self, coding: str) -> None:
        self.editor.change_code(coding)

    def adjust_range(self, coding: str) -> None:
        self.editor.adjust_range(coding)

    def correct_text(self) -> None:
        self.editor.correct_text()

    def set_edit_mode(self, on: bool) -> None:
        """Allow text corrections ("Correct selection…"); the text itself stays read-only."""
        self._edit_mode = on
        self.editor.correct_action.setEnabled(on)

    @property
    def edit_mode(self) -> bool:
        return self._edit_mode

    def context_menu_at(self, pos: QPoint) -> QMenu:
        """The context menu for a viewport point (built fresh; the caller shows it)."""
        from workbench.gui.document.context_menu import build_context_menu

        return build_context_menu(self, pos, self)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu_at(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def request_palette(self) -> None:
        rect = self.cursorRect()
        self.code_palette_requested.emit(self.viewport().mapToGlobal(rect.bottomLeft()))

    # -- drag and drop (see drag_drop.py) ---------------------------------------------------------
    def selection_mime_data(self) -> QMimeData | None:
        """The selection as ``application/x-qwb-selection`` JSON (plus its plain text)."""
        return drag_drop.selection_mime_data(self)

    def createMimeDataFromSelection(self) -> QMimeData:
        return self.selection_mime_data() or super().createMimeDataFromSelection()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not drag_drop.accept_codes(event):
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not drag_drop.accept_codes(event):
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        codes = drag_drop.dropped_codes(event)
        if codes is None:
            super().dropEvent(event)
        else:
            self.editor.apply_codes(codes)

    # -- keys, mouse, zoom ------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        return keys.claims_shortcut(self, event) or super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not keys.run_key(self, event):
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.font_zoom.wheel(event):
            super().wheelEvent(event)

    def zoom_in(self) -> None:
        self.font_zoom.step(1)

    def zoom_out(self) -> None:
        self.font_zoom.step(-1)

    def reset_zoom(self) -> None:
        self.font_zoom.set(0)

    @property
    def zoom(self) -> float:
        """Points added to the base size (11 pt)."""
        return self.font_zoom.points

    def _font_zoomed(self) -> None:
        self.on_screen.invalidate()
        self.source_sync.relane_later()
        self.layout_sides()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._selecting = event.button() == Qt.MouseButton.LeftButton
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._selecting and self.snap_to_words:
            selection.snap_selection_to_words(self)
        self._selecting = False

    def open_find(self) -> None:
        self.finder.open()

    # -- geometry shared with the gutter and the margin (see on_screen.py, sides.py) -------------
    def visible_blocks(self) -> list[VisibleBlock]:
        """The blocks on screen with their lines (cached until the view scrolls or relayouts)."""
        return self.on_screen.blocks()

    def position_y(
        self, position: int, *, bottom: bool = False, blocks: list[VisibleBlock] | None = None
    ) -> float:
        """Viewport y of the top (or bottom) of the line holding a UTF-16 position."""
        return self.on_screen.position_y(position, bottom=bottom, blocks=blocks)

    def layout_sides(self) -> None:
        sides.layout_sides(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.layout_sides()
        self.source_sync.relane_later()

    def _update_sides(self, rect: QRect, dy: int) -> None:
        sides.update_sides(self, rect, dy)

    # -- painting (see highlights.py) -------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        blocks = self.visible_blocks()
        if blocks and self.source:
            painter = QPainter(self.viewport())
            paint_under(self, painter, blocks, event.rect())
            painter.end()
        super().paintEvent(event)
        if blocks and self.source:
            painter = QPainter(self.viewport())
            paint_over(self, painter, blocks)
            painter.end()
