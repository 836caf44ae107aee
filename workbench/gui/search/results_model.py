"""Search results as a two-level item model: one row per item (source, memo, code) with its
hit count, and one row per hit below it, in text order."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from workbench.core.search import SearchHit
from workbench.gui.widgets.plain_text import tip

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the SearchHit of a hit row (None on item rows)
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # hits of an item row
_KIND_NAMES = {"source": "", "memo": "Memo · ", "annotation": "Note · ", "code": "Code · "}


class SearchResultsModel(QStandardItemModel):
    """Read-only; ``set_hits`` replaces everything."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: tuple[SearchHit, ...] = ()

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.clear()
        self.hits = tuple(hits)
        groups: dict[str, list[SearchHit]] = {}
        for hit in hits:
            groups.setdefault(hit.item, []).append(hit)
        root = self.invisibleRootItem()
        for item_hits in groups.values():
            first = item_hits[0]
            count = len(item_hits)
            title = f"{_KIND_NAMES.get(first.item_type, '')}{first.label}"
            group = QStandardItem(f"{title}  —  {count:,} hit{'s' if count != 1 else ''}")
            group.setEditable(False)
            group.setData(count, COUNT_ROLE)
            font = QFont(group.font())
            font.setBold(True)
            group.setFont(font)
            for hit in sorted(item_hits, key=lambda h: (h.part != "text", h.part, h.start)):
                row = QStandardItem(hit.snippet)
                row.setEditable(False)
                row.setData(hit, HIT_ROLE)
                where = f"{hit.part} " if hit.part != "text" else ""
                speaker = f" · {hit.speaker}" if hit.speaker else ""
                cases = f" · case {', '.join(hit.cases)}" if hit.cases else ""
                row.setToolTip(tip(f"{where}{hit.start}–{hit.end}{speaker}{cases}"))
                group.appendRow(row)
            root.appendRow(group)
