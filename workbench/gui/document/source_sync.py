"""Keeps the view's text and coding layer in step with the project, the filter and the
comparison: loads a source, then patches or rebuilds the layer as things change."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QScrollBar, QWidget

from workbench.core.changes import Changes
from workbench.core.errors import NotFoundError
from workbench.core.values import CodeNode
from workbench.gui.document.layer import CodingLayer, coding_filter
from workbench.gui.document.loaded import LoadedSource

if TYPE_CHECKING:
    from workbench.gui.comparison import Comparison
    from workbench.gui.document.finder import Finder
    from workbench.gui.document.on_screen import OnScreenBlocks
    from workbench.gui.project_session import ProjectSession

_SHOWN_KINDS = frozenset({"codings", "annotations", "codebook", "sources"})
FILTER_MODES = ("all", "selected", "coder")


class Synced(Protocol):
    """The view's state that follows the project (set here), what it is read with, and the
    text widget it is shown in."""

    loaded: LoadedSource
    codes: dict[str, CodeNode]
    layer: CodingLayer

    @property
    def source(self) -> str: ...

    @property
    def session(self) -> ProjectSession: ...

    @property
    def comparison(self) -> Comparison | None: ...

    @property
    def finder(self) -> Finder: ...

    @property
    def on_screen(self) -> OnScreenBlocks: ...

    def setPlainText(self, text: str, /) -> None: ...

    def document(self, /) -> QTextDocument: ...

    def viewport(self, /) -> QWidget: ...

    def verticalScrollBar(self, /) -> QScrollBar: ...

    def fontMetrics(self, /) -> QFontMetrics: ...


class SourceSync:
    """Sets the view's ``loaded``, ``codes`` and ``layer``; ``layer_changed`` runs after each
    new layer so the view can repaint."""

    def __init__(self, view: Synced, layer_changed: Callable[[], None], parent: QWidget) -> None:
        self.view = view
        self._layer_changed = layer_changed
        self._filter: tuple[str, frozenset[str], str | None] = ("all", frozenset(), None)
        self._lanes_for = 0
        self._relane = QTimer(parent)
        self._relane.setSingleShot(True)
        self._relane.setInterval(150)
        self._relane.timeout.connect(self._relane_if_needed)

    # -- loading ----------------------------------------------------------------------------------
    def show(self, source: str) -> None:
        """Load a source's text, codings, annotations and code colours."""
        view = self.view
        view.codes = dict(view.session.code_nodes())
        view.loaded = LoadedSource.load(view.session.project, source)
        self._set_text(keep_scroll=False)
        self.rebuild()

    def clear(self) -> None:
        self.view.loaded = LoadedSource.empty()
        self._set_text(keep_scroll=False)
        self.rebuild()

    def _set_text(self, *, keep_scroll: bool) -> None:
        view = self.view
        view.on_screen.invalidate()
        scroll = view.verticalScrollBar().value()
        view.setPlainText(view.loaded.text)
        view.loaded.emphasize_labels(view.document())
        view.on_screen.invalidate()
        if keep_scroll:
            view.verticalScrollBar().setValue(scroll)
        view.finder.refresh()

    def reload_marks(self) -> None:
        view = self.view
        project = view.session.project
        view.loaded = view.loaded.with_marks(
            project.codings.of_source(view.source), project.annotations.list(source=view.source)
        )
        self.rebuild()

    def _patch(self, changes: Changes) -> bool:
        """Patch the layer from the values in ``changes`` (no query); False: reload."""
        view = self.view
        if not view.layer.patch(changes, view.source):
            return False
        view.loaded = view.loaded.with_marks(list(view.layer.all_codings.values()), None)
        self._layer_changed()
        return True

    # -- the layer --------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """A new coding layer for the loaded source, the filter (or comparison) and the width."""
        view = self.view
        mode, codes, coder = self._filter
        chosen = codes or frozenset(view.session.current_codes)
        compare = view.comparison
        self._lanes_for = self._line_chars()
        view.layer = CodingLayer(
            view.loaded.offsets,
            view.loaded.codings,
            view.codes,
            view.loaded.annotations,
            compare.keeps if compare else coding_filter(mode, chosen, coder, view.codes),
            text=view.loaded.text,
            line_chars=self._lanes_for,
            columns=compare.coders if compare else (),
            marks=compare.spans_in(view.source) if compare else (),
        )
        self._layer_changed()

    def _line_chars(self) -> int:
        """About how many characters one screen line holds (for keeping stripes apart)."""
        view = self.view
        width = view.viewport().width() - 2 * view.document().documentMargin()
        return max(20, int(width / max(1.0, view.fontMetrics().averageCharWidth())))

    def relane_later(self) -> None:
        """The line width may have changed (resize, zoom): check the lanes once it settles."""
        if self.view.source:
            self._relane.start()

    def _relane_if_needed(self) -> None:
        """Lanes depend on how much text a line holds: rebuild them when that changed a lot."""
        chars = self._line_chars()
        if abs(chars - self._lanes_for) > max(4, self._lanes_for // 10):
            self.rebuild()

    # -- filters ----------------------------------------------------------------------------------
    def set_filter(self, mode: str, codes: set[str] | frozenset[str], coder: str | None) -> None:
        """See ``DocumentView.set_filter``."""
        if mode not in FILTER_MODES:
            raise ValueError(f"unknown filter mode {mode!r}")
        if mode == "coder" and not coder:
            raise ValueError("the coder filter needs a coder")
        self._filter = (mode, frozenset(codes), coder if mode == "coder" else None)
        self.rebuild()

    @property
    def filter_mode(self) -> str:
        return "compare" if self.view.comparison is not None else self._filter[0]

    def codes_selected(self) -> None:
        """The session's current codes changed: the "selected" filter follows them."""
        if self._filter[0] == "selected" and not self._filter[1]:
            self.rebuild()

    # -- the project changed ----------------------------------------------------------------------
    def session_changed(self, changes: Changes) -> None:
        """Patch the layer for the view's own kind of change, or load again what it needs."""
        view = self.view
        kinds = changes.kinds & _SHOWN_KINDS
        if not kinds or not view.source:
            return
        project = view.session.project
        if "codebook" in kinds:
            before = view.codes
            view.codes = dict(view.session.code_nodes())
            if kinds == {"codebook"} and _drawn(before) == _drawn(view.codes):
                return  # a definition edited: nothing the transcript draws changed
        if "sources" in kinds:
            try:
                fresh = LoadedSource.load(project, view.source)
            except NotFoundError:  # the source was deleted
                self.clear()
                return
            if fresh.text != view.loaded.text:
                view.loaded = fresh
                self._set_text(keep_scroll=True)
                self.rebuild()
                return
            view.loaded = fresh
            self.rebuild()
        elif kinds == {"annotations"}:
            notes = project.annotations.list(source=view.source)
            view.loaded = view.loaded.with_marks(list(view.loaded.codings), notes)
            self.rebuild()
        elif kinds & {"codings", "annotations"}:
            if not self._patch(changes):
                self.reload_marks()
        else:
            self.rebuild()


def _drawn(codes: Mapping[str, CodeNode]) -> dict[str, tuple[object, ...]]:
    """What the transcript shows of each code: name, colour, place in the tree."""
    return {u: (n.name, n.path, n.color, n.parent_uuid, n.codable) for u, n in codes.items()}
