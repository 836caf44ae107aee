"""Memos as a list model (newest first), with a search role for simple text filtering."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from workbench.core.values import MemoInfo
from workbench.gui.widgets.list_model import RowListModel
from workbench.gui.widgets.plain_text import tip

MEMO_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
TARGET_ROLE = Qt.ItemDataRole.UserRole + 2  # readable target, shown when memos of many items mix

_KIND_TITLES = {
    "project": "Project",
    "source": "Source",
    "code": "Code",
    "coding": "Coded segment",
    "annotation": "Annotation",
    "case": "Case",
}


def target_text(memo: MemoInfo) -> str:
    """A memo's target for people: 'code:A/B' becomes 'Code: A › B'."""
    kind = _KIND_TITLES.get(memo.target_kind, memo.target_kind.title())
    if memo.target_kind == "project":
        return "Project"
    _, _, rest = memo.target_label.partition(":")
    if memo.target_kind == "coding":
        source, _, rest = rest.partition(":")
        _, _, path = rest.partition(":")
        return f"{kind} in {source}: {path.replace('/', ' › ')}"
    return f"{kind}: {rest.replace('/', ' › ')}"


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class MemosModel(RowListModel[MemoInfo]):
    """One row per memo; ``show_targets`` adds the memo's target to its card."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_targets = False

    def set_memos(self, memos: list[MemoInfo], *, show_targets: bool) -> None:
        self.beginResetModel()
        # newest written first; editing does not move a memo, so the list stays put while working
        self._rows = sorted(memos, key=lambda m: m.created_at, reverse=True)
        self.show_targets = show_targets
        self.endResetModel()

    def key_of(self, memo: MemoInfo) -> str:
        return memo.uuid

    def item_data(self, memo: MemoInfo, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return memo.title or first_line(memo.text) or "Untitled memo"
        if role == MEMO_ROLE:
            return memo
        if role == TARGET_ROLE:
            return target_text(memo) if self.show_targets else ""
        if role == SEARCH_ROLE:
            return f"{memo.title}\n{memo.text}\n{memo.author}\n{memo.target_label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(target_text(memo))
        return None
