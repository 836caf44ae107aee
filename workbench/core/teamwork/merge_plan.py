"""Deciding a three-way merge: the state this project will have after merging another copy.

Rows are matched by uuid, then by their fallback key (``rows.FALLBACK_KEYS``). For a matched
pair, each group of fields that differs goes to the side that changed it since the common base;
changed on both sides it is a conflict, settled by the caller's choice (default: mine). A row
deleted on one side is deleted here unless the other side changed it (a conflict) or still
uses it (a conflict, ``deleted_used``). Without a base, nothing is deleted: the merge adds what
is missing (a union). The result is the *final state*; ``merge_apply`` writes the difference.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from workbench.core.teamwork.merge_base import CommonBase
from workbench.core.teamwork.merge_conflicts import ConflictBook
from workbench.core.teamwork.merge_fixups import fix_code_cycles, fix_unique_keys
from workbench.core.teamwork.merge_reader import CLOSED, ProjectReader
from workbench.core.teamwork.merge_references import (
    cascade_keep,
    cascade_restore,
    resolve_references,
)
from workbench.core.teamwork.merge_report import Choice
from workbench.core.teamwork.merge_text import TextMapper
from workbench.core.teamwork.rows import (
    FALLBACK_KEYS,
    ORDER,
    ProjectRows,
    Row,
    compared_attrs,
    foreign_keys,
)
from workbench.core.text.replace import Span

Values = dict[str, Any]
BulkLoader = Callable[[str, str], dict[str, Any]]
"""``bulk(side, uuid)``: text and metadata of a source of ``"mine"`` or ``"theirs"``."""

# Fields compared and decided together; the rest of a kind's fields form the group "values".
GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "code": {
        "placement": ("parent_id", "name"),
        "definition": ("description", "inclusion", "exclusion", "example"),
        "color": ("color",),
        "position": ("position",),
        "creator": ("created_by_id",),
    },
    "source": {
        "name": ("name",),
        "text": ("sha256", "length", "speakers"),
        "import": ("imported_at", "imported_by_id"),
    },
    "attribute": {"position": ("position",), "creator": ()},
}
# Layout-only groups: changed on both sides, this project's value stays, without a conflict.
QUIET = {
    ("code", "position"),
    ("code", "creator"),
    ("attribute", "position"),
    ("source", "import"),
}
SPAN_KINDS = ("coding", "annotation")


def _closed_bulk(side: str, uuid: str) -> dict[str, Any]:
    raise RuntimeError(CLOSED)


def groups_of(kind: str) -> list[tuple[str, tuple[str, ...]]]:
    named = GROUPS.get(kind, {})
    listed = {a for attrs in named.values() for a in attrs}
    rest = tuple(a for a in compared_attrs(kind) if a not in listed)
    out = [(g, attrs) for g, attrs in named.items() if attrs]
    if rest:
        out.append(("values", rest))
    return out


class MergePlanner:
    """Computes the final state of this project after merging ``theirs`` into ``mine``.

    ``mine`` holds only the rows ``reader`` has read; ``final`` holds those rows as they will
    be. Every row of this project not read stays exactly as stored, so whatever could change
    one is read first: the rows the other copy's changes name or match by key, the rows of a
    source whose text changed, and the rows pointing at a row the merge removes."""

    def __init__(
        self,
        mine: ProjectRows,
        theirs: ProjectRows,
        base: CommonBase | None,
        *,
        choices: Mapping[str, Choice],
        default: Choice,
        bulk: BulkLoader,
        reader: ProjectReader,
        theirs_reader: ProjectReader,
    ) -> None:
        self.mine = mine
        self.theirs = theirs
        self.base = base
        self.bulk = bulk
        self.reader = reader
        self.theirs_reader = theirs_reader
        self.merged: set[str] = set()
        reader.on_load = self._loaded
        self.book = ConflictBook(mine, theirs, choices, default)
        self.idmap: dict[str, str] = {}
        self.final: dict[str, dict[str, Values]] = {k: {} for k in ORDER}
        self.from_theirs: set[str] = set()
        self.restored: set[str] = set()
        self.matched: set[str] = set()
        self.removed: dict[str, str] = {}
        self.removal_log: list[tuple[str, str]] = []
        self.kept_by_choice: list[tuple[str, str]] = []
        self.restored_by_choice: list[tuple[str, str]] = []
        self.removed_values: dict[str, Values] = {}
        self.pending: dict[str, tuple[str, Values]] = {}
        self.created_at: dict[str, datetime] = {}
        self.inserted: dict[str, str] = {}
        self.touched: set[str] = set()
        self.processed: dict[str, list[Row]] = {k: [] for k in ORDER}
        self.key_cache: dict[tuple[str, tuple[str, ...]], dict[tuple[object, ...], str]] = {}
        self.keys_read: dict[tuple[str, tuple[str, ...]], set[object]] = {}
        self.text_maps: dict[str, tuple[str, TextMapper]] = {}
        self.notes: Counter[str] = Counter()

    # -- driver ---------------------------------------------------------------------------------
    def run(self) -> None:
        for kind in ORDER:
            self._merge_kind(kind)
        for kind, uuid in self.kept_by_choice:
            cascade_keep(self, kind, uuid)
        for kind, uuid in self.restored_by_choice:
            cascade_restore(self, kind, uuid)
        for _ in range(50):
            resolve_references(self)
            changed = fix_code_cycles(self) | fix_unique_keys(self)
            if not changed:
                break

    def close(self) -> None:
        """Planning is done and its sessions are closing: the plan is plain values from here on
        (a read after this raises rather than mix in another snapshot's rows)."""
        self.reader.close()
        self.theirs_reader.close()
        self.bulk = _closed_bulk

    def choose(self, key: str) -> Choice:
        return self.book.choice(key)

    def theirs_has(self, kind: str, uuid: str) -> bool:
        """True if the other copy holds a row of ``kind`` with this uuid."""
        return self.theirs_reader.has(kind, uuid)

    def _loaded(self, kind: str, rows: dict[str, Row]) -> None:
        """Rows of this project read after their kind was merged join the final state as
        stored (a row read later is one the merge did not otherwise touch)."""
        if kind in self.merged:
            for uuid, row in rows.items():
                self.final[kind][uuid] = dict(row.values)

    # -- one kind -------------------------------------------------------------------------------
    def _merge_kind(self, kind: str) -> None:
        mine_rows = self.mine.rows[kind]
        theirs_rows = self.theirs.rows[kind]
        final = self.final[kind]
        spans = self._map_theirs_spans(kind) if kind in SPAN_KINDS else {}
        self._read_mine(kind, spans)
        for uuid, row in mine_rows.items():
            final[uuid] = dict(row.values)
        self.merged.add(kind)
        if kind in SPAN_KINDS:
            self._map_mine_spans(kind)
        eligible: dict[tuple[Any, ...], str] = {}
        key_attrs = FALLBACK_KEYS[kind]
        self.theirs_reader.check(kind, [u for u in mine_rows if u not in theirs_rows])
        for uuid in mine_rows:
            if self.theirs_has(kind, uuid) or uuid in self.theirs.tombstones:
                continue
            if uuid not in final:
                continue
            eligible.setdefault(tuple(final[uuid].get(a) for a in key_attrs), uuid)
        base = self.base
        for row in _parents_first(kind, theirs_rows):
            own = mine_rows.get(row.uuid)
            if (
                own is not None
                and base is not None
                and not base.theirs_changed(row.uuid, row.version)
                and not base.mine_changed(own.uuid, own.version)
            ):
                self.idmap[row.uuid] = row.uuid  # unchanged on both sides since the base
                self.matched.add(row.uuid)
                continue
            self.processed[kind].append(row)
            values = self.translate(kind, row)
            if row.uuid in spans:
                mapped = spans[row.uuid]
                if mapped is None:
                    self.idmap.setdefault(row.uuid, row.uuid)
                    self.notes["theirs_span_lost"] += 1
                    continue
                if not mapped[2]:
                    where = (mapped[0], mapped[1])
                    key = self._span_conflict(kind, row.uuid, row.values, "theirs", where)
                    if self.choose(key) == "mine":
                        self.idmap.setdefault(row.uuid, row.uuid)
                        continue
                values["start"], values["end"] = mapped[0], mapped[1]
            if row.uuid in mine_rows:
                self.idmap[row.uuid] = row.uuid
                self._pair(kind, mine_rows[row.uuid], row, values, fallback=False)
            elif row.uuid in self.mine.tombstones:
                self.idmap[row.uuid] = row.uuid
                self._deleted_in_mine(kind, row, values)
            else:
                twin = eligible.pop(tuple(values.get(a) for a in key_attrs), None)
                if twin is not None:
                    self.idmap[row.uuid] = twin
                    self._pair(kind, mine_rows[twin], row, values, fallback=True)
                else:
                    self.idmap[row.uuid] = row.uuid
                    self._insert(kind, row, values)
        for uuid, row in mine_rows.items():
            if uuid in self.theirs.tombstones and uuid in final:
                self._deleted_in_theirs(kind, row)

    def _read_mine(self, kind: str, spans: dict[str, tuple[int, int, bool] | None]) -> None:
        """Read the rows of this project a kind's merge needs beyond those the other copy's
        rows name: spans on a text this project will correct, and possible twins (rows
        matching by fallback key a row of the other copy unknown here)."""
        if kind in SPAN_KINDS:
            corrected = [(s,) for s, (side, _) in self.text_maps.items() if side == "mine"]
            self.reader.load_keys(kind, ("source_id",), corrected)
        if kind in self.reader.whole:
            return
        attrs = FALLBACK_KEYS[kind]
        keys = []
        for uuid, row in self.theirs.rows[kind].items():
            if uuid in self.mine.rows[kind] or uuid in self.mine.tombstones:
                continue
            values = self.translate(kind, row)
            mapped = spans.get(uuid)
            if mapped is not None:
                values["start"], values["end"] = mapped[0], mapped[1]
            keys.append(tuple(values.get(a) for a in attrs))
        self.reader.load_keys(kind, attrs, keys)

    def translate(self, kind: str, row: Row) -> Values:
        """The other copy's row with its references turned into this project's uuids."""
        values = dict(row.values)
        for attr in foreign_keys(kind):
            ref = values.get(attr)
            if ref is not None:
                values[attr] = self.idmap.get(ref, ref)
        return values

    def changed_rows(self, kind: str) -> list[str]:
        """Rows of the final state the merge may have changed or added (the others are kept
        exactly as stored)."""
        final = self.final[kind]
        return [u for u in (self.from_theirs | self.touched) if u in final]

    def skipped(self) -> dict[str, str]:
        """Rows of the other copy (uuid → kind) that the merge leaves out of this project."""
        out: dict[str, str] = {}
        for kind in ORDER:
            for row in self.processed[kind]:
                uuid = row.uuid
                if (
                    self.idmap.get(uuid, uuid) == uuid
                    and uuid not in self.final[kind]
                    and uuid not in self.mine.rows[kind]
                    and uuid not in self.mine.tombstones
                ):
                    out[uuid] = kind
        return out

    def _insert(self, kind: str, row: Row, values: Values) -> None:
        if kind == "source":
            values.update(self.bulk("theirs", row.uuid))
        self.final[kind][row.uuid] = values
        self.from_theirs.add(row.uuid)
        self.inserted[row.uuid] = kind

    def _pair(self, kind: str, mine: Row, theirs: Row, values: Values, *, fallback: bool) -> None:
        self.matched.add(mine.uuid)
        current = self.final[kind].get(mine.uuid)
        if current is None:  # lost with text the other copy deleted
            return
        base = self.base
        mine_changed = fallback or base is None or base.mine_changed(mine.uuid, mine.version)
        theirs_changed = (
            fallback or base is None or base.theirs_changed(theirs.uuid, theirs.version)
        )
        for group, attrs in groups_of(kind):
            if all(current.get(a) == values.get(a) for a in attrs):
                continue
            take: Choice = "mine"
            if theirs_changed and not mine_changed:
                take = "theirs"
            elif theirs_changed and (kind, group) not in QUIET:
                take = self.book.field_conflict(kind, mine.uuid, group, attrs, current, values)
            if take == "theirs":
                for attr in attrs:
                    current[attr] = values.get(attr)
                self.from_theirs.add(mine.uuid)
            if kind == "source" and group == "text":
                self._text_choice(mine.uuid, theirs.uuid, take)

    def _text_choice(self, uuid: str, theirs_uuid: str, take: Choice) -> None:
        mine_bulk = self.bulk("mine", uuid)
        theirs_bulk = self.bulk("theirs", theirs_uuid)
        if take == "theirs":
            self.final["source"][uuid].update(theirs_bulk)
            self.text_maps[uuid] = ("mine", TextMapper(mine_bulk["text"], theirs_bulk["text"]))
        else:
            self.text_maps[uuid] = ("theirs", TextMapper(theirs_bulk["text"], mine_bulk["text"]))

    def _deleted_in_mine(self, kind: str, row: Row, values: Values) -> None:
        base = self.base
        if base is None:
            self.notes["union_not_restored"] += 1
            self.pending[row.uuid] = (kind, values)
            return
        tomb_version = self.mine.tombstones[row.uuid][1]
        if not base.mine_changed(row.uuid, tomb_version):
            self.restore(row.uuid, kind, values)  # deleted before the base: re-added there
            return
        self.pending[row.uuid] = (kind, values)
        if base.theirs_changed(row.uuid, row.version):
            key = self.book.deletion_conflict("deleted_edited", kind, row.uuid, values)
            if self.choose(key) == "theirs":
                self.restore(row.uuid, kind, values)
                self.restored_by_choice.append((kind, row.uuid))

    def _deleted_in_theirs(self, kind: str, row: Row) -> None:
        base = self.base
        if base is None:
            self.notes["union_not_deleted"] += 1
            return
        tomb_version = self.theirs.tombstones[row.uuid][1]
        if not base.theirs_changed(row.uuid, tomb_version):
            return  # deleted there before the base: this project re-added it
        if base.mine_changed(row.uuid, row.version):
            key = self.book.deletion_conflict("edited_deleted", kind, row.uuid, row.values)
            if self.choose(key) == "theirs":
                self.remove(kind, row.uuid, key)
            else:
                self.kept_by_choice.append((kind, row.uuid))
        else:
            self.remove(kind, row.uuid, "theirs")

    # -- changing the final state -----------------------------------------------------------
    def restore(self, uuid: str, kind: str, values: Values) -> None:
        """Bring back a row this project deleted, with the other copy's values."""
        self.pending.pop(uuid, None)
        if kind == "source":
            values.update(self.bulk("theirs", uuid))
        self.final[kind][uuid] = values
        self.restored.add(uuid)
        self.from_theirs.add(uuid)
        self.inserted[uuid] = kind

    def remove(self, kind: str, uuid: str, cause: str) -> None:
        """Take a row out of the final state (a deletion here, or another copy's row not
        merged); ``cause`` is "theirs", a conflict key, or a reason for the notes."""
        values = self.final[kind].pop(uuid, None)
        if values is not None:
            self.removal_log.append((kind, uuid))
            self.removed[uuid] = cause
            self.removed_values[uuid] = values
            self.book.note_consequence(cause, kind)

    def unremove(self, kind: str, uuid: str) -> None:
        self.final[kind][uuid] = self.removed_values.pop(uuid)
        del self.removed[uuid]
        self.touched.add(uuid)

    # -- spans on corrected texts -----------------------------------------------------------
    def _map_mine_spans(self, kind: str) -> None:
        by_source: dict[str, list[Span]] = defaultdict(list)
        for uuid, values in self.final[kind].items():
            target = self.text_maps.get(values["source_id"])
            if target is not None and target[0] == "mine":
                by_source[values["source_id"]].append(Span(uuid, values["start"], values["end"]))
        final = self.final[kind]
        for source, spans in by_source.items():
            for uuid, mapped in self._mapped(self.text_maps[source][1], spans).items():
                if mapped is None:
                    self.notes["mine_span_lost"] += 1
                    self.remove(kind, uuid, "text")
                    continue
                start, end, exact = mapped
                if not exact:
                    key = self._span_conflict(kind, uuid, final[uuid], "mine", (start, end))
                    if self.choose(key) == "theirs":
                        self.remove(kind, uuid, key)
                        continue
                final[uuid]["start"], final[uuid]["end"] = start, end
                self.touched.add(uuid)

    def _map_theirs_spans(self, kind: str) -> dict[str, tuple[int, int, bool] | None]:
        by_source: dict[str, list[Span]] = defaultdict(list)
        for uuid, row in self.theirs.rows[kind].items():
            source = self.idmap.get(row.values["source_id"], row.values["source_id"])
            target = self.text_maps.get(source)
            if target is not None and target[0] == "theirs":
                by_source[source].append(Span(uuid, row.values["start"], row.values["end"]))
        out: dict[str, tuple[int, int, bool] | None] = {}
        for source, spans in by_source.items():
            out.update(self._mapped(self.text_maps[source][1], spans))
        return out

    @staticmethod
    def _mapped(mapper: TextMapper, spans: list[Span]) -> dict[str, tuple[int, int, bool] | None]:
        """New (start, end, exact) by uuid; None for a span whose text is gone."""
        result = mapper.map_spans(spans)
        out: dict[str, tuple[int, int, bool] | None] = dict.fromkeys(s.key for s in spans)
        out.update({k: (s, e, True) for k, (s, e) in result.exact.items()})
        out.update({k: (s, e, False) for k, (s, e) in result.unsure.items()})
        return out

    def _span_conflict(
        self, kind: str, uuid: str, values: Values, side: str, new: tuple[int, int]
    ) -> str:
        """Make a span that cannot be moved exactly a conflict; returns its key."""
        source = str(values["source_id"])
        mapper = self.text_maps[self.idmap.get(source, source)][1]
        guess = (new[0], new[1], mapper.new[new[0] : new[1]])
        old = mapper.old[values["start"] : values["end"]]
        return self.book.span_conflict(kind, uuid, values, side, old, guess)


def _parents_first(kind: str, rows: dict[str, Row]) -> list[Row]:
    """Rows in an order where a code's parent comes before the code."""
    if kind != "code":
        return list(rows.values())
    placed: list[Row] = []
    seen: set[str] = set()

    def place(row: Row) -> None:
        stack = [row]
        while stack:
            current = stack[-1]
            parent = current.values.get("parent_id")
            if parent in rows and parent not in seen and rows[parent] not in stack:
                stack.append(rows[parent])
                continue
            stack.pop()
            if current.uuid not in seen:
                seen.add(current.uuid)
                placed.append(current)

    for row in rows.values():
        place(row)
    return placed
