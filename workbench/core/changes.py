"""What a write changed, and how to undo it: the ``Changes`` every core entry point returns,
with its row values, and the undo ``Snapshot`` (a text correction's as a ``TextPatch``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

ChangeKind = Literal[
    "project",
    "coders",
    "sources",
    "codebook",
    "codings",
    "annotations",
    "memos",
    "cases",
    "attributes",
    "sets",
    "status",
    "map",
    "media",
    "media_codings",
]


@dataclass(frozen=True)
class RowSnapshot:
    """One row as it was, with foreign keys given as the uuids of the rows they point to."""

    kind: str
    uuid: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class TextPatch:
    """A source text kept on the undo stack as the edits that turn the current text back into
    it, not as a copy: ``(offset, current, restored)``, applied one after another, each at its
    offset in the text as the edits before it left it."""

    edits: tuple[tuple[int, str, str], ...] = ()

    def apply(self, text: str) -> str:
        """The text these edits lead back to from ``text``; ValueError if it does not fit."""
        for offset, current, restored in self.edits:
            if text[offset : offset + len(current)] != current:
                raise ValueError(f"the text at {offset} is not what this undo step expects")
            text = text[:offset] + restored + text[offset + len(current) :]
        return text

    def inverse(self) -> TextPatch:
        """The edits that undo these: from the text they lead to, back to the first."""
        return TextPatch(tuple((o, r, c) for o, c, r in reversed(self.edits)))

    def then(self, earlier: TextPatch) -> TextPatch:
        """These edits followed by ``earlier`` (the inverse of a change made before this one)."""
        return TextPatch(self.edits + earlier.edits)


@dataclass(frozen=True)
class Snapshot:
    """What an inverse needs: rows as they were before a change, and the rows it created.

    ``expects`` maps the uuid of every row the change wrote to the version the change left on
    it (on its tombstone, for a row it deleted): ``Project.restore`` refuses to restore while
    a row carries another one, i.e. was changed since. Empty: nothing is checked."""

    rows: tuple[RowSnapshot, ...] = ()
    created: tuple[tuple[str, str], ...] = ()
    expects: Mapping[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.rows and not self.created

    def then(self, later: Snapshot) -> Snapshot:
        """The inverse of this change followed by the change ``later`` undoes: each row as it
        was before both, and every row either of them created, expected as ``later`` left it."""
        known = {r.uuid for r in self.rows} | {u for _, u in self.created}
        texts = {r.uuid: r.values.get("text") for r in later.rows if "text" in r.values}
        return Snapshot(
            rows=tuple(_text_after(r, texts.get(r.uuid)) for r in self.rows)
            + tuple(r for r in later.rows if r.uuid not in known),
            created=self.created + tuple(c for c in later.created if c[1] not in known),
            expects={**self.expects, **later.expects},
        )

    def moves(self, result: Snapshot) -> dict[str, tuple[int, int]]:
        """What restoring this snapshot did to row versions (``result`` being the inverse of
        that restore): uuid → (the version whose content it brought back, the one it wrote)."""
        return {
            r.uuid: (r.values.get("version", -1), result.expects[r.uuid])
            for r in self.rows
            if r.uuid in result.expects
        }

    def after_restore(self, moves: Mapping[str, tuple[int, int]]) -> Snapshot:
        """This snapshot after another step's restore (its ``moves``): a row put back to the
        version this snapshot expects carries the restore's version now, with the same content."""
        if len(moves) < len(self.expects):
            moved = {u: new for u, (old, new) in moves.items() if self.expects.get(u) == old}
        else:
            moved = {
                u: moves[u][1] for u, v in self.expects.items() if u in moves and moves[u][0] == v
            }
        if not moved:
            return self
        return Snapshot(self.rows, self.created, {**self.expects, **moved})


def _text_after(row: RowSnapshot, later: Any) -> RowSnapshot:
    """``row`` as a step before the one ``later`` (that step's text inverse) undoes: a text
    kept as edits must first go back through ``later``."""
    text = row.values.get("text")
    if not isinstance(text, TextPatch) or later is None:
        return row
    back = later.then(text) if isinstance(later, TextPatch) else text.apply(later)
    return RowSnapshot(row.kind, row.uuid, {**row.values, "text": back})


VALUES_CAP = 1000
"""``Changes`` carries the values of at most this many rows; beyond it, it says ``bulk``."""


@dataclass(frozen=True, slots=True)
class RowValue:
    """One row as a transaction left it, safe to keep anywhere (no ORM row, no source text).

    ``kind`` is the row's kind ("coding", "code", "source"…). ``values`` holds its columns by
    attribute name, except that a foreign key ``x_id`` is given as ``x_uuid`` (the uuid of the
    row it points to) and one pointing at a coder also as ``x`` (the coder's name): a coding has
    ``source_uuid``, ``code_uuid``, ``coder_uuid``, ``coder``, ``start`` and ``end``. JSON
    columns are tuples and read-only mappings. A deleted row's values are those it had
    (without coder names); one read from a change feed's tombstones has none."""

    kind: str
    uuid: str
    values: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


@dataclass(frozen=True)
class Changes:
    """What one service call changed; ``undo`` restores the state before it (Project.restore).

    ``created``/``updated``/``deleted`` are uuids. ``rows`` are the created and updated rows
    as committed and ``removed`` the deleted ones (kind, uuid, last values), unless more than
    ``VALUES_CAP`` rows changed: then both are empty and ``bulk`` is true, and a view reloads
    what ``kinds`` names. ``revision`` is the project revision the change committed (0: not
    one commit) and ``initiator`` the token the writer passed (``Project.write``), so a view
    can tell its own edits and revisions it has already shown. A change feed (``changes_since``)
    builds the same value from rows read afresh; it cannot tell new rows from changed ones and
    lists them all as ``updated``: treat ``rows`` as upserts."""

    kinds: frozenset[ChangeKind]
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    undo: Snapshot = field(default_factory=Snapshot)
    messages: tuple[str, ...] = ()
    rows: tuple[RowValue, ...] = ()
    removed: tuple[RowValue, ...] = ()
    bulk: bool = False
    revision: int = 0
    initiator: str | None = None

    @property
    def empty(self) -> bool:
        return not self.kinds

    def rows_of(self, kind: str) -> list[RowValue]:
        """The created and updated rows of one kind ("coding", "code"…)."""
        return [row for row in self.rows if row.kind == kind]


def combined(changes: Sequence[Changes]) -> Changes:
    """Several committed Changes as one (an import of many files, one transaction each):
    everything they name, the values while they stay within ``VALUES_CAP`` rows, the newest
    revision, and an ``undo`` that undoes them all."""
    if len(changes) == 1:
        return changes[0]
    rows = [row for c in changes for row in c.rows]
    removed = [row for c in changes for row in c.removed]
    bulk = any(c.bulk for c in changes) or len(rows) + len(removed) > VALUES_CAP
    known: set[str] = set()
    undo_rows: list[RowSnapshot] = []
    undo_created: list[tuple[str, str]] = []
    for c in changes:  # as Snapshot.then does, in one pass
        undo_rows.extend(r for r in c.undo.rows if r.uuid not in known)
        undo_created.extend(k for k in c.undo.created if k[1] not in known)
        known.update(r.uuid for r in c.undo.rows)
        known.update(u for _, u in c.undo.created)
    initiators = {c.initiator for c in changes}
    return Changes(
        kinds=frozenset().union(*(c.kinds for c in changes)),
        created=tuple(u for c in changes for u in c.created),
        updated=tuple(u for c in changes for u in c.updated),
        deleted=tuple(u for c in changes for u in c.deleted),
        undo=Snapshot(tuple(undo_rows), tuple(undo_created)),
        messages=tuple(m for c in changes for m in c.messages),
        rows=() if bulk else tuple(rows),
        removed=() if bulk else tuple(removed),
        bulk=bulk,
        revision=max((c.revision for c in changes), default=0),
        initiator=initiators.pop() if len(initiators) == 1 else None,
    )
