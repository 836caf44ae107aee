"""The transcript viewer: plain text with coding highlights, stripes, notes and paragraph numbers.

Codings are never character formats: they are painted from an interval index over the visible
blocks, so overlaps stay visible and a 300,000-character source opens as fast as plain text.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from workbench.core.errors import NotFoundError
from workbench.core.values import Changes, CodeNode, CodingInfo
from workbench.gui.codebook.code_mime import CODE_MIME, SELECTION_MIME
from workbench.gui.comparison import Comparison
from workbench.gui.document import navigation, text_units
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
from workbench.gui.document.gutter import ParagraphGutter
from workbench.gui.document.highlights import paint_over, paint_under
from workbench.gui.document.keys import key_action
from workbench.gui.document.layer import CodingLayer, ShownCoding, coding_filter
from workbench.gui.document.loaded import LoadedSource
from workbench.gui.document.margin import StripeMargin
from workbench.gui.document.painting import VisibleBlock
from workbench.gui.project_session import ProjectSession

__all__ = ["CODE_MIME", "SELECTION_MIME", "DocumentView"]

BASE_POINT_SIZE = 11.0
FONT_FAMILIES = ["Charter", "Georgia", "Source Serif 4", "Noto Serif", "DejaVu Serif", "serif"]
_SHOWN_KINDS = frozenset({"codings", "annotations", "codebook", "sources"})


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
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setPointSizeF(BASE_POINT_SIZE)
        font.setStyleHint(QFont.StyleHint.Serif)
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self.loaded = LoadedSource.empty()
        self.layer = CodingLayer(self.loaded.offsets, [], {}, [])
        self.codes: dict[str, CodeNode] = {}
        self._filter: tuple[str, frozenset[str], str | None] = ("all", frozenset(), None)
        self.comparison: Comparison | None = None  # overrides the filter while set
        self._edit_mode = False
        self._zoom = 0.0
        self._at_cursor: list[str] = []
        self._expected: CodingInfo | None = None
        self._graveyard: dict[str, CodingInfo] = {}  # removed codings, for redo
        self.hover_coding = ""
        self.drag_preview: tuple[str, int, int] | None = None
        self._selecting = False
        self._generation = 0  # bumped whenever the text is laid out anew
        self._visible: list[VisibleBlock] = []
        self._visible_key: tuple[object, ...] = ()
        self._lanes_for = 0
        self._relane = QTimer(self)
        self._relane.setSingleShot(True)
        self._relane.setInterval(150)
        self._relane.timeout.connect(self._relane_if_needed)
        self.editor = CodingEditor(self)
        self.gutter = ParagraphGutter(self)
        self.margin = StripeMargin(self)
        self.find_bar = FindBar(self)
        self.finder = Finder(self)
        self.updateRequest.connect(self._update_sides)
        self.cursorPositionChanged.connect(self._cursor_moved)
        self.selectionChanged.connect(self._cursor_moved)
        session.changed.connect(self._session_changed)
        session.codes_selected.connect(self._codes_selected)
        session.coding_selected.connect(self._coding_selected)
        session.comparison_changed.connect(self.set_comparison)
        self.layout_sides()

    # -- loading ----------------------------------------------------------------------------------
    @property
    def source(self) -> str:
        """The uuid of the source shown ("" for none)."""
        return self.loaded.uuid

    def show_source(self, source: str) -> None:
        """Load a source's text, codings, annotations and code colours."""
        project = self.session.project
        self.codes = dict(self.session.code_nodes())
        self.loaded = LoadedSource.load(project, source)
        self._set_text(keep_scroll=False)
        self._rebuild_layer()

    def clear_source(self) -> None:
        self.loaded = LoadedSource.empty()
        self._set_text(keep_scroll=False)
        self._rebuild_layer()

    def _set_text(self, *, keep_scroll: bool) -> None:
        self._graveyard.clear()
        self._generation += 1
        scroll = self.verticalScrollBar().value()
        self.setPlainText(self.loaded.text)
        self.loaded.emphasize_labels(self.document())
        self._generation += 1
        if keep_scroll:
            self.verticalScrollBar().setValue(scroll)
        self.finder.refresh()

    def _reload_marks(self) -> None:
        project = self.session.project
        self.loaded = self.loaded.with_marks(
            project.codings.of_source(self.source), project.annotations.list(source=self.source)
        )
        self._rebuild_layer()

    def expect_coding(self, code: str, start: int, end: int) -> None:
        """The next change creates this coding (our own edit), so the view can show it without
        asking the database again."""
        self._expected = CodingInfo(
            "", self.source, code, "", self.session.coder, start, end, datetime.now()
        )

    def forget_expected(self) -> None:
        self._expected = None

    def _patch(self, changes: Changes) -> bool:
        expected, self._expected = self._expected, None
        if not self.layer.patch(changes, self._graveyard, expected):
            return False
        self.loaded = self.loaded.with_marks(list(self.layer.all_codings.values()), None)
        self.layout_sides()
        self.viewport().update()
        self._cursor_moved()
        return True

    def _rebuild_layer(self) -> None:
        mode, codes, coder = self._filter
        chosen = codes or frozenset(self.session.current_codes)
        compare = self.comparison
        self._lanes_for = self._line_chars()
        self.layer = CodingLayer(
            self.loaded.offsets,
            self.loaded.codings,
            self.codes,
            self.loaded.annotations,
            compare.keeps if compare else coding_filter(mode, chosen, coder, self.codes),
            text=self.loaded.text,
            line_chars=self._lanes_for,
            columns=compare.coders if compare else (),
            marks=compare.spans_in(self.source) if compare else (),
        )
        self.layout_sides()
        self.viewport().update()
        self._cursor_moved()

    def _line_chars(self) -> int:
        """About how many characters one screen line holds (for keeping stripes apart)."""
        width = self.viewport().width() - 2 * self.document().documentMargin()
        return max(20, int(width / max(1.0, self.fontMetrics().averageCharWidth())))

    def _session_changed(self, changes: Changes) -> None:
        kinds = changes.kinds & _SHOWN_KINDS
        if not kinds or not self.source:
            return
        project = self.session.project
        if "codebook" in kinds:
            self.codes = dict(self.session.code_nodes())
        if "sources" in kinds:
            try:
                fresh = LoadedSource.load(project, self.source)
            except NotFoundError:  # the source was deleted
                self.clear_source()
                return
            if fresh.text != self.loaded.text:
                self.loaded = fresh
                self._set_text(keep_scroll=True)
                self._rebuild_layer()
                return
            self.loaded = fresh
            self._rebuild_layer()
        elif kinds == {"annotations"}:
            notes = project.annotations.list(source=self.source)
            self.loaded = self.loaded.with_marks(list(self.loaded.codings), notes)
            self._rebuild_layer()
        elif kinds & {"codings", "annotations"}:
            if not self._patch(changes):
                self._reload_marks()
        else:
            self._rebuild_layer()

    # -- filters ----------------------------------------------------------------------------------
    def set_filter(
        self, mode: str, codes: set[str] | frozenset[str] = frozenset(), coder: str | None = None
    ) -> None:
        """Show "all" codings, the "selected" codes' (``codes``, or else the session's current
        codes, followed as they change; with their sub-codes), or one "coder"'s."""
        if mode not in ("all", "selected", "coder"):
            raise ValueError(f"unknown filter mode {mode!r}")
        if mode == "coder" and not coder:
            raise ValueError("the coder filter needs a coder")
        self._filter = (mode, frozenset(codes), coder if mode == "coder" else None)
        self._rebuild_layer()

    @property
    def filter_mode(self) -> str:
        return "compare" if self.comparison is not None else self._filter[0]

    def set_comparison(self, comparison: Comparison | None) -> None:
        """Show the compared coders side by side, with their disagreements marked (None: the
        filter again)."""
        self.comparison = comparison
        self._rebuild_layer()

    def _codes_selected(self, _codes: list[str]) -> None:
        if self._filter[0] == "selected" and not self._filter[1]:
            self._rebuild_layer()

    def _coding_selected(self, coding: str) -> None:
        shown = self.layer.codings.get(coding)
        if shown is not None and self.selection_range() != (shown.start, shown.end):
            self.select_range(shown.start, shown.end)
        self.margin.update()

    # -- selection in code points ----------------------------------------------------------------
    def selection_range(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection() or not self.source:
            return None
        offsets = self.loaded.offsets
        start = offsets.from_utf16(cursor.selectionStart())
        end = offsets.from_utf16(cursor.selectionEnd())
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and scroll it into the middle of the view."""
        offsets = self.loaded.offsets
        start, end = sorted((max(0, min(start, len(offsets))), max(0, min(end, len(offsets)))))
        u_start, u_end = offsets.to_utf16(start), offsets.to_utf16(end)
        cursor = QTextCursor(self.document())
        cursor.setPosition((u_start + u_end) // 2)
        self.setTextCursor(cursor)
        self.centerCursor()
        cursor.setPosition(u_end)
        cursor.setPosition(u_start, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _set_selection_u16(self, u_start: int, u_end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(u_start)
        cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

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
        cursor = self.textCursor()
        if cursor.hasSelection():
            found = self.layer.overlapping(cursor.selectionStart(), cursor.selectionEnd())
        else:
            found = self.layer.containing(cursor.position())
        uuids = [c.uuid for c in found]
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

        return build_context_menu(self, pos)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu_at(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def request_palette(self) -> None:
        rect = self.cursorRect()
        self.code_palette_requested.emit(self.viewport().mapToGlobal(rect.bottomLeft()))

    # -- drag and drop ----------------------------------------------------------------------------
    def selection_mime_data(self) -> QMimeData | None:
        """The selection as ``application/x-qwb-selection`` JSON (plus its plain text)."""
        chosen = self.selection_range()
        if chosen is None:
            return None
        import json

        mime = QMimeData()
        payload = {"source": self.source, "start": chosen[0], "end": chosen[1]}
        mime.setData(SELECTION_MIME, json.dumps(payload).encode("utf-8"))
        mime.setText(self.loaded.text[chosen[0] : chosen[1]])
        return mime

    def createMimeDataFromSelection(self) -> QMimeData:
        return self.selection_mime_data() or super().createMimeDataFromSelection()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(CODE_MIME):
            super().dropEvent(event)
            return
        raw = bytes(event.mimeData().data(CODE_MIME).data()).decode("utf-8")
        codes = [line.strip() for line in raw.split("\n") if line.strip()]
        event.acceptProposedAction()
        self.editor.apply_codes(codes)

    # -- keys, mouse, zoom ------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and key_action(self, event) is not None
        ):
            event.accept()  # the window's shortcuts must not take our keys
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = key_action(self, event)
        if action is None:
            super().keyPressEvent(event)
        else:
            action()
            event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self._set_zoom(self._zoom + steps)
            event.accept()
        else:
            super().wheelEvent(event)

    def zoom_in(self) -> None:
        self._set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom - 1)

    def reset_zoom(self) -> None:
        self._set_zoom(0)

    @property
    def zoom(self) -> float:
        """Points added to the base size (11 pt)."""
        return self._zoom

    def _set_zoom(self, zoom: float) -> None:
        zoom = max(4 - BASE_POINT_SIZE, min(40 - BASE_POINT_SIZE, zoom))
        if zoom != self._zoom:
            self._zoom = zoom
            font = self.font()
            font.setPointSizeF(BASE_POINT_SIZE + zoom)
            self.setFont(font)
            self._generation += 1
            if self.source:
                self._relane.start()
            self.layout_sides()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._selecting = event.button() == Qt.MouseButton.LeftButton
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._selecting and self.snap_to_words:
            chosen = self.selection_range()
            if chosen is not None:
                snapped = text_units.snap_to_words(self.loaded.text, *chosen)
                if snapped != chosen:
                    offsets = self.loaded.offsets
                    self._set_selection_u16(*offsets.to_utf16_many(snapped))
        self._selecting = False

    def open_find(self) -> None:
        self.finder.open()

    # -- geometry shared with the gutter and the margin ------------------------------------------
    def visible_blocks(self) -> list[VisibleBlock]:
        """The blocks on screen with their lines (cached until the view scrolls or relayouts)."""
        first = self.firstVisibleBlock()
        viewport = self.viewport()
        key = (
            first.blockNumber(),
            self.contentOffset().y(),
            viewport.width(),
            viewport.height(),
            self._generation,
        )
        if key == self._visible_key:
            return self._visible
        out: list[VisibleBlock] = []
        block = first
        offset = self.contentOffset()
        height = viewport.height()
        while block.isValid():
            rect = self.blockBoundingGeometry(block).translated(offset)
            if rect.top() > height:
                break
            if block.isVisible():
                out.append(VisibleBlock.measure(block, rect))
            block = block.next()
        self._visible, self._visible_key = out, key
        return out

    def position_y(
        self, position: int, *, bottom: bool = False, blocks: list[VisibleBlock] | None = None
    ) -> float:
        """Viewport y of the top (or bottom) of the line holding a UTF-16 position."""
        if blocks is None:
            blocks = self.visible_blocks()
        rank = bisect_right(blocks, position, key=_block_start) - 1
        if rank >= 0 and position <= blocks[rank].end:
            line = blocks[rank].line_of(position)
            if line is not None:
                return line.top + (line.height if bottom else 0.0)
        block = self.document().findBlock(position)
        rect = self.blockBoundingGeometry(block).translated(self.contentOffset())
        qline = block.layout().lineForTextPosition(position - block.position())
        if not qline.isValid():
            return rect.bottom() if bottom else rect.top()
        return rect.top() + qline.y() + (qline.height() if bottom else 0.0)

    def layout_sides(self) -> None:
        left = self.gutter.preferred_width()
        right = self.margin.preferred_width()
        bottom = self.find_bar.sizeHint().height() if self.find_bar.isVisible() else 0
        self.setViewportMargins(left, 0, right, bottom)
        rect = self.contentsRect()
        view = self.viewport().geometry()
        self.gutter.setGeometry(QRect(rect.left(), view.top(), left, view.height()))
        self.margin.setGeometry(QRect(view.right() + 1, view.top(), right, view.height()))
        if bottom:
            width = view.right() + 1 + right - rect.left()
            self.find_bar.setGeometry(QRect(rect.left(), view.bottom() + 1, width, bottom))
        self.gutter.update()
        self.margin.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.layout_sides()
        if self.source:
            self._relane.start()

    def _relane_if_needed(self) -> None:
        """Lanes depend on how much text a line holds: rebuild them when that changed a lot."""
        chars = self._line_chars()
        if abs(chars - self._lanes_for) > max(4, self._lanes_for // 10):
            self._rebuild_layer()

    def _update_sides(self, rect: QRect, dy: int) -> None:
        if dy or rect.contains(self.viewport().rect()):
            self.gutter.update()
            self.margin.update()

    # -- painting ---------------------------------------------------------------------------------
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


def _block_start(visible: VisibleBlock) -> int:
    return visible.start
