"""The document view's context menu: coding the selection, and acting on the codings under the
click (found through the interval index)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMenu, QWidget

from workbench.core.values import CodeNode
from workbench.gui.widgets.plain_text import tip

if TYPE_CHECKING:
    from workbench.gui.document.editing import CodingEditor
    from workbench.gui.document.layer import ShownCoding
    from workbench.gui.project_session import ProjectSession


class MenuActions(Protocol):
    """What the context menu offers: the view's coding actions, and the codings at a point."""

    @property
    def session(self) -> ProjectSession: ...

    @property
    def codes(self) -> dict[str, CodeNode]: ...

    @property
    def editor(self) -> CodingEditor: ...

    @property
    def edit_mode(self) -> bool: ...

    def selection_range(self) -> tuple[int, int] | None: ...

    def codings_at(self, pos: QPoint) -> list[ShownCoding]: ...

    def request_palette(self) -> None: ...

    def code_in_vivo(self) -> None: ...

    def apply_last_code(self) -> None: ...

    def annotate(self) -> None: ...

    def remove_coding(self, coding: str) -> None: ...

    def change_code(self, coding: str) -> None: ...

    def adjust_range(self, coding: str) -> None: ...

    def copy(self, /) -> None: ...


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def build_context_menu(view: MenuActions, pos: QPoint, parent: QWidget) -> QMenu:
    """A fresh menu for a viewport point; the caller shows it (``exec``) and disposes of it."""
    menu = QMenu(parent)
    menu.setObjectName("documentContextMenu")
    selected = view.selection_range() is not None
    session = view.session
    writable = view.editor.registry.writable()  # no edit while a job writes

    palette = menu.addAction("Code with…", view.request_palette)
    palette.setObjectName("codeWithAction")
    in_vivo = menu.addAction("Code in vivo", view.code_in_vivo)
    in_vivo.setObjectName("codeInVivoAction")
    last_code = session.recent_codes[0] if session.recent_codes else ""
    last_name = view.codes[last_code].name if last_code in view.codes else ""
    last = menu.addAction(
        f"Apply last code “{last_name}”" if last_name else "Apply last code", view.apply_last_code
    )
    last.setObjectName("applyLastCodeAction")
    if last_name:
        last.setIcon(swatch(view.codes[last_code].color))
    note = menu.addAction("Annotate…", view.annotate)
    note.setObjectName("annotateAction")
    for action in (palette, in_vivo, note):
        action.setEnabled(selected and writable)
    last.setEnabled(selected and bool(last_name) and writable)

    codings = view.codings_at(pos)
    if codings:
        menu.addSection("Codings here")
    for coding in codings:
        target = menu if len(codings) == 1 else menu.addMenu(swatch(coding.color), coding.name)
        remove = target.addAction(swatch(coding.color), f"Remove coding “{coding.name}”")
        remove.setObjectName(f"removeCoding:{coding.uuid}")
        remove.triggered.connect(lambda _=False, c=coding.uuid: view.remove_coding(c))
        change = target.addAction("Change code…")
        change.setObjectName(f"changeCode:{coding.uuid}")
        change.triggered.connect(lambda _=False, c=coding.uuid: view.change_code(c))
        adjust = target.addAction("Adjust range…")
        adjust.setObjectName(f"adjustRange:{coding.uuid}")
        adjust.triggered.connect(lambda _=False, c=coding.uuid: view.adjust_range(c))
        for action in (remove, change, adjust):
            action.setEnabled(writable)
        if target is not menu:
            target.setToolTipsVisible(True)
            target.menuAction().setToolTip(tip(f"{coding.path} — {coding.coder}"))

    menu.addSeparator()
    copy = menu.addAction("Copy", view.copy)
    copy.setShortcut(QKeySequence.StandardKey.Copy)
    copy.setEnabled(selected)
    if view.edit_mode:
        correct = view.editor.correct_action
        correct.setEnabled(selected)
        menu.addAction(correct)
    return menu
