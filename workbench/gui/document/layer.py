"""What the document view draws over the text: the shown codings and annotations, in UTF-16
positions, with their lanes and interval indexes (built once per change, no Qt)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from workbench.core.changes import Changes
from workbench.core.intervals import IntervalIndex
from workbench.core.text.codepath import split_path
from workbench.core.text.offsets import OffsetMap
from workbench.core.values import AnnotationInfo, CodeNode, CodingInfo, coding_info
from workbench.gui.comparison import Column
from workbench.gui.document.lanes import assign_lanes


@dataclass(frozen=True, slots=True)
class ShownCoding:
    """A coding as drawn: code-point range (``start``/``end``) and UTF-16 range (``u_*``)."""

    uuid: str
    code_uuid: str
    name: str
    path: str  # "Theme › Category › Code"
    color: str
    coder: str
    start: int
    end: int
    u_start: int
    u_end: int
    lane: int


@dataclass(frozen=True, slots=True)
class ShownAnnotation:
    uuid: str
    coder: str
    text: str
    start: int
    end: int
    u_start: int
    u_end: int
    version: int = 0  # as read: an edit made meanwhile by someone else is a conflict


def coding_filter(
    mode: str, codes: Iterable[str], coder: str | None, tree: dict[str, CodeNode]
) -> Callable[[CodingInfo], bool]:
    """Which codings a filter shows: "all"; "selected" (those of ``codes`` and their
    sub-codes); "coder" (one coder's)."""
    if mode == "selected":
        chosen = set(codes)
        wanted = set(chosen)
        for node in tree.values():
            if node.uuid in chosen:
                wanted.update(n.uuid for n in node.walk())
        return lambda c: c.code_uuid in wanted
    if mode == "coder":
        return lambda c: c.coder == coder
    return lambda _c: True


def display_path(path: str) -> str:
    try:
        return " › ".join(split_path(path))
    except ValueError:
        return path


class CodingLayer:
    """The codings that pass the filter, and every annotation, indexed for painting.

    Built once per reload; a coding added or removed in between (the common edit) is patched in
    without rebuilding: added ones sit in a short list scanned beside the index, removed ones
    are dropped from query results."""

    def __init__(
        self,
        offsets: OffsetMap,
        codings: Iterable[CodingInfo],
        codes: dict[str, CodeNode],
        annotations: Iterable[AnnotationInfo],
        keep: Callable[[CodingInfo], bool] = lambda _c: True,
        text: str = "",
        line_chars: int = 0,
        columns: Sequence[str] = (),
        marks: Iterable[tuple[int, int]] = (),
    ) -> None:
        """``text`` and ``line_chars`` (about how many characters a screen line holds) let the
        lanes keep apart stripes that would share a screen line: one ending and the next
        starting in the same line must not sit in the same lane.

        ``columns`` (coder names) gives each of those coders a column of lanes of their own,
        side by side; ``marks`` are ranges (code points) to mark in the text, such as where
        the coders disagree."""
        self._offsets = offsets
        self._text = text
        self._line_chars = line_chars
        self._codes = codes
        self._keep = keep
        self._paths = {uuid: display_path(node.path) for uuid, node in codes.items()}
        self.all_codings = {c.uuid: c for c in codings}
        shown = [c for c in self.all_codings.values() if keep(c) and c.code_uuid in codes]
        ends = offsets.to_utf16_many([p for c in shown for p in (c.start, c.end)])
        spans = [(c.uuid, ends[2 * i], ends[2 * i + 1]) for i, c in enumerate(shown)]
        self.columns: list[Column] = []
        if columns:
            lanes, self.lane_count = self._column_lanes(shown, columns)
        else:
            lanes, self.lane_count = assign_lanes(
                (c.uuid, c.start, self._lane_end(c.start, c.end)) for c in shown
            )
        self._column_end = {column.coder: column.end for column in self.columns}
        self.codings: dict[str, ShownCoding] = {}
        for c, (_, u_start, u_end) in zip(shown, spans, strict=True):
            self.codings[c.uuid] = self._shown(c, u_start, u_end, lanes[c.uuid])
        self.index = IntervalIndex(spans)
        self._added: list[ShownCoding] = []
        self._added_ids: set[str] = set()  # these are answered from _added, not the index
        self._order = sorted((s, e, k) for k, s, e in self.index.items())
        notes = list(annotations)
        note_ends = offsets.to_utf16_many([p for a in notes for p in (a.start, a.end)])
        self.annotations = {
            a.uuid: ShownAnnotation(
                a.uuid,
                a.coder,
                a.text,
                a.start,
                a.end,
                note_ends[2 * i],
                note_ends[2 * i + 1],
                a.version,
            )
            for i, a in enumerate(notes)
        }
        self.annotation_index = IntervalIndex(
            (a.uuid, a.u_start, a.u_end) for a in self.annotations.values()
        )
        marked = sorted(marks)
        mark_ends = offsets.to_utf16_many([p for span in marked for p in span])
        self.marks = [(mark_ends[2 * i], mark_ends[2 * i + 1]) for i in range(len(marked))]

    def _column_lanes(
        self, shown: list[CodingInfo], coders: Sequence[str]
    ) -> tuple[dict[str, int], int]:
        """Lanes planned per coder, each coder's after the previous coder's (at least two)."""
        lanes: dict[str, int] = {}
        first = 0
        for coder in coders:
            own, count = assign_lanes(
                (c.uuid, c.start, self._lane_end(c.start, c.end)) for c in shown if c.coder == coder
            )
            width = max(2, count)  # room for the coder's initials above the column
            lanes.update({uuid: first + lane for uuid, lane in own.items()})
            self.columns.append(Column(coder, first, width))
            first += width
        return lanes, first

    def lane_limit(self, coding: ShownCoding, shown: int) -> int:
        """The first lane a stripe may not move into: its coder's column end, or ``shown``."""
        return min(shown, self._column_end.get(coding.coder, shown))

    def _shown(self, c: CodingInfo, u_start: int, u_end: int, lane: int) -> ShownCoding:
        node = self._codes[c.code_uuid]
        return ShownCoding(
            c.uuid,
            c.code_uuid,
            node.name,
            self._paths[c.code_uuid],
            node.color,
            c.coder,
            c.start,
            c.end,
            u_start,
            u_end,
            lane,
        )

    def _lane_end(self, start: int, end: int) -> int:
        """Where a coding stops claiming its lane: about a screen line past its end, but never
        past the end of its paragraph (the next paragraph starts a new line)."""
        if self._line_chars <= 0 or not self._text:
            return end
        newline = self._text.find("\n", max(start, end - 1))
        limit = len(self._text) if newline < 0 else newline
        return max(end, min(end + self._line_chars, limit))

    # -- patches ----------------------------------------------------------------------------------
    def add(self, coding: CodingInfo) -> None:
        """Show a new coding in the lowest lane free over its whole range (others stay put)."""
        self.all_codings[coding.uuid] = coding
        if not self._keep(coding) or coding.code_uuid not in self._codes:
            return
        u_start, u_end = self._offsets.to_utf16_many([coding.start, coding.end])
        reach = self._lane_end(coding.start, coding.end)
        pad = self._line_chars
        used = {
            c.lane
            for c in self.overlapping(max(0, u_start - pad), u_end + pad)
            if c.start < reach and self._lane_end(c.start, c.end) > coding.start
        }
        lane = next(i for i in range(len(used) + 1) if i not in used)
        shown = self._shown(coding, u_start, u_end, lane)
        self.codings[coding.uuid] = shown
        self._added.append(shown)
        self._added_ids.add(coding.uuid)
        insort(self._order, (u_start, u_end, coding.uuid))
        self.lane_count = max(self.lane_count, lane + 1)

    def remove(self, coding: str) -> CodingInfo | None:
        """Forget a coding; returns what it was."""
        info = self.all_codings.pop(coding, None)
        shown = self.codings.pop(coding, None)
        if shown is not None:
            self._added = [c for c in self._added if c.uuid != coding]
            self._added_ids.discard(coding)
            rank = bisect_left(self._order, (shown.u_start, shown.u_end, coding))
            if rank < len(self._order) and self._order[rank][2] == coding:
                del self._order[rank]
        return info

    def patch(self, changes: Changes, source: str) -> bool:
        """Take in a change to codings (an apply, a removal, a new range, their undo and redo,
        or a colleague's edit from a change feed) from the values it carries, without a
        reload. False, with nothing changed, when it carries none (``bulk``), changes more
        than codings (and their coders) or the layer shows coders side by side: then the
        caller reloads."""
        if "codings" not in changes.kinds or changes.kinds - {"codings", "coders"}:
            return False
        if changes.bulk or self.columns:
            return False
        for uuid in changes.deleted:
            self.remove(uuid)
        for row in changes.rows_of("coding"):
            if row["source_uuid"] == source:
                self.remove(row.uuid)  # a changed coding: shown again where it is now
                self.add(coding_info(row))
        return True

    # -- queries ----------------------------------------------------------------------------------
    def _merge(self, keys: list[str], extra: list[ShownCoding]) -> list[ShownCoding]:
        codings, added = self.codings, self._added_ids
        found = [codings[k] for k in keys if k in codings and k not in added]
        if extra:
            found.extend(extra)
            found.sort(key=lambda c: (c.u_start, c.u_end))
        return found

    def overlapping(self, u_start: int, u_end: int) -> list[ShownCoding]:
        """Shown codings overlapping ``[u_start, u_end)``, in document order."""
        extra = [c for c in self._added if c.u_start < u_end and c.u_end > u_start]
        return self._merge(self.index.overlapping(u_start, u_end), extra)

    def containing(self, u_position: int) -> list[ShownCoding]:
        extra = [c for c in self._added if c.u_start <= u_position < c.u_end]
        return self._merge(self.index.containing(u_position), extra)

    def annotations_overlapping(self, u_start: int, u_end: int) -> list[ShownAnnotation]:
        return [self.annotations[k] for k in self.annotation_index.overlapping(u_start, u_end)]

    def next_coding(self, u_start: int, u_end: int, uuid: str = "") -> ShownCoding | None:
        """The first shown coding after ``(u_start, u_end, uuid)`` in document order."""
        rank = bisect_right(self._order, (u_start, u_end, uuid))
        return self.codings[self._order[rank][2]] if rank < len(self._order) else None

    def previous_coding(self, u_start: int, u_end: int, uuid: str = "") -> ShownCoding | None:
        """The last shown coding before ``(u_start, u_end, uuid)`` in document order."""
        rank = bisect_left(self._order, (u_start, u_end, uuid))
        return self.codings[self._order[rank - 1][2]] if rank > 0 else None
