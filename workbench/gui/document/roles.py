"""The narrow faces of the document view that its collaborators see.

Each module of this package that works for the view names, as a Protocol, just what it uses of
it (building on the roles here), instead of taking the whole ``DocumentView``; the view is the
one class that has them all. A collaborator can so be read, and tested, on its own, and no
module imports the view back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from workbench.gui.document.layer import CodingLayer
    from workbench.gui.document.loaded import LoadedSource
    from workbench.gui.document.painting import VisibleBlock


class ShownSource(Protocol):
    """The source on show: its text and offsets, and the codings painted over it."""

    @property
    def source(self) -> str: ...

    @property
    def loaded(self) -> LoadedSource: ...

    @property
    def layer(self) -> CodingLayer: ...


class TextWidget(Protocol):
    """The plain-text widget underneath (Qt's own methods)."""

    def textCursor(self, /) -> QTextCursor: ...

    def document(self, /) -> QTextDocument: ...

    def viewport(self, /) -> QWidget: ...


class Selecting(Protocol):
    """The selection in code points (see selection.py)."""

    def selection_range(self) -> tuple[int, int] | None: ...

    def select_range(self, start: int, end: int) -> None: ...


class Placing(Protocol):
    """Where lines sit on screen (see on_screen.py)."""

    def visible_blocks(self) -> list[VisibleBlock]: ...

    def position_y(
        self, position: int, *, bottom: bool = False, blocks: list[VisibleBlock] | None = None
    ) -> float: ...
