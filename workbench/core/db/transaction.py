"""One write transaction: stamps rows, leaves tombstones, logs the audit trail, builds Changes."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar, cast, overload

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from workbench.core.changes import (
    VALUES_CAP,
    ChangeKind,
    Changes,
    RowSnapshot,
    RowValue,
    Snapshot,
    TextPatch,
)
from workbench.core.db.models import (
    TRACKED_MODELS,
    Annotation,
    Attribute,
    AttributeValue,
    AuditEntry,
    Case,
    CaseLink,
    Code,
    Coder,
    CodeRelation,
    Coding,
    ItemSet,
    MapPosition,
    Media,
    MediaCoding,
    Memo,
    ProjectInfo,
    SetMember,
    Source,
    SourceStatus,
    Tombstone,
    Tracked,
)
from workbench.core.db.row_values import CHANGE_KIND as _CHANGE_KIND
from workbench.core.db.row_values import snapshot_value, written_values
from workbench.core.palette import coder_color
from workbench.core.text.controls import clean_name
from workbench.core.text.text_patch import patch_between

T = TypeVar("T", bound=Tracked)

KIND_OF: dict[type[Tracked], str] = {model: kind for kind, model in TRACKED_MODELS.items()}
# Parents before children: the order rows are restored in (and the reverse, deleted in).
RESTORE_ORDER = [
    "coder",
    "source",
    "media",
    "case",
    "case_link",
    "code",
    "attribute",
    "attribute_value",
    "set",
    "set_member",
    "coding",
    "media_coding",
    "annotation",
    "memo",
    "source_status",
    "relation",
    "map_position",
]
_SKIP_COLUMNS = {"id"}


def new_uuid() -> str:
    return str(uuidlib.uuid4())


class WriteTx:
    """Handed to a service inside ``Project.write``; everything it records commits together."""

    coder: Coder

    def __init__(
        self,
        session: Session,
        info: ProjectInfo,
        coder: Coder | None,
        *,
        burst: str | None = None,
        initiator: str | None = None,
        now: datetime | None = None,
        counted: bool = False,
    ) -> None:
        """``counted``: the caller has already moved ``info.revision`` on for this write (a
        server's first statement does, as it locks the project row)."""
        self.session = session
        self.info = info
        self.burst = burst
        self.initiator = initiator
        # False when rows go into a new project, where no uuid can have a tombstone to remove.
        self.revive = True
        # Refuses an action ("add" of a row kind, "touch" or "delete" of a row) this writer
        # may not make, before the database would (set by Project.write for a server member).
        self.guard: Callable[[str, type[Tracked], Tracked | None], None] | None = None
        if coder is not None:
            self.coder = coder
        self._result: Changes | None = None
        self.now = now or datetime.now(UTC).replace(tzinfo=None)
        if not counted:
            info.revision += 1
        self.revision = info.revision
        self.kinds: set[ChangeKind] = set()
        self.created: dict[str, str] = {}
        self.updated: list[str] = []
        self.deleted: list[str] = []
        self.deleted_kinds: dict[str, str] = {}
        self.before: dict[str, RowSnapshot] = {}
        self._written: dict[str, Tracked] = {}  # rows added or touched, for Changes' values
        # Source uuid → the edits back to its text before (TextPatch), if the writer knows them.
        self.text_inverses: dict[str, TextPatch] = {}
        self.messages: list[str] = []
        self.text_changed = False
        self.codebook_changed = False

    @property
    def result(self) -> Changes:
        """The Changes of the committed transaction."""
        if self._result is None:
            raise RuntimeError("the transaction has not finished")
        return self._result

    @result.setter
    def result(self, value: Changes) -> None:
        self._result = value

    def add_coder(self, name: str, color: str | None = None, *, uuid: str | None = None) -> Coder:
        """Create a coder: the one way a coder comes to be (a name's first change, a consensus
        coder, an imported user). The name is cleaned as every name is; the colour is the next
        in the coder palette unless given; the creation is in the audit log."""
        name = clean_name(name, "coder")
        if color is None:
            count = self.session.scalar(select(func.count()).select_from(Coder)) or 0
            color = coder_color(int(count))
        row_uuid = uuid or new_uuid()
        own = not hasattr(self, "coder")  # the coder this transaction runs for: it stamps itself
        coder = Coder(
            uuid=row_uuid,
            name=name,
            color=color,
            created_at=self.now,
            modified_at=self.now,
            modified_by=row_uuid if own else self.coder.uuid,
            version=self.revision,
        )
        self.session.add(coder)
        self.session.flush()
        if own:
            self.coder = coder
        self.created[row_uuid] = "coder"
        self._keep(self.coder)
        self.kinds.add("coders")
        self.audit("create", "coder", row_uuid, f"Coder {name!r} added")
        return coder

    # -- rows ---------------------------------------------------------------------------------
    # A row kind (a key of TRACKED_MODELS) stands for its model: features write without
    # importing the ORM models, and still get the row's own type back. A coder is made by
    # add_coder only, so "coder" is no kind here.
    @overload
    def add(self, model: type[T], **values: Any) -> T: ...
    @overload
    def add(self, model: Literal["source"], **values: Any) -> Source: ...
    @overload
    def add(self, model: Literal["code"], **values: Any) -> Code: ...
    @overload
    def add(self, model: Literal["coding"], **values: Any) -> Coding: ...
    @overload
    def add(self, model: Literal["media"], **values: Any) -> Media: ...
    @overload
    def add(self, model: Literal["media_coding"], **values: Any) -> MediaCoding: ...
    @overload
    def add(self, model: Literal["annotation"], **values: Any) -> Annotation: ...
    @overload
    def add(self, model: Literal["case"], **values: Any) -> Case: ...
    @overload
    def add(self, model: Literal["case_link"], **values: Any) -> CaseLink: ...
    @overload
    def add(self, model: Literal["memo"], **values: Any) -> Memo: ...
    @overload
    def add(self, model: Literal["attribute"], **values: Any) -> Attribute: ...
    @overload
    def add(self, model: Literal["attribute_value"], **values: Any) -> AttributeValue: ...
    @overload
    def add(self, model: Literal["set"], **values: Any) -> ItemSet: ...
    @overload
    def add(self, model: Literal["set_member"], **values: Any) -> SetMember: ...
    @overload
    def add(self, model: Literal["source_status"], **values: Any) -> SourceStatus: ...
    @overload
    def add(self, model: Literal["relation"], **values: Any) -> CodeRelation: ...
    @overload
    def add(self, model: Literal["map_position"], **values: Any) -> MapPosition: ...
    def add(
        self,
        model: type[Tracked] | str,
        *,
        uuid: str | None = None,
        flush: bool = True,
        **values: Any,
    ) -> Tracked:
        """Insert a tracked row (with a fresh uuid unless the caller minted one).

        ``flush=False`` skips the immediate INSERT when the caller needs no database id.
        A given ``uuid`` may be a row coming back (undo, merge), whose tombstone is then
        removed (unless ``self.revive`` is False)."""
        table = TRACKED_MODELS[model] if isinstance(model, str) else model
        if self.guard is not None:
            self.guard("add", table, None)
        row_uuid = uuid or new_uuid()
        if uuid is not None and self.revive:
            self.session.execute(
                delete(Tombstone).where(Tombstone.uuid == row_uuid),
                execution_options={"synchronize_session": False},  # never loaded as objects
            )
        row: Tracked = cast(Any, table)(
            uuid=row_uuid,
            created_at=values.pop("created_at", self.now),
            modified_at=self.now,
            modified_by=self.coder.uuid,
            version=self.revision,
            **values,
        )
        self.session.add(row)
        if flush:
            self.session.flush()
        self.created[row_uuid] = KIND_OF[table]
        self._keep(row)
        self._note(table)
        return row

    def touch(self, row: Tracked) -> None:
        """Record the row's state before an edit; call before changing its columns."""
        if self.guard is not None:
            self.guard("touch", type(row), row)
        if row.uuid not in self.before and row.uuid not in self.created:
            self.before[row.uuid] = snapshot_row(self.session, row)
            self.updated.append(row.uuid)
        row.modified_at = self.now
        row.modified_by = self.coder.uuid
        row.version = self.revision
        self._keep(row)
        self._note(type(row))

    def delete(self, row: Tracked) -> None:
        """Delete a row, leaving a tombstone; dependants must be deleted first by the caller."""
        if self.guard is not None:
            self.guard("delete", type(row), row)
        kind = KIND_OF[type(row)]
        if row.uuid in self.created:
            del self.created[row.uuid]
        elif row.uuid not in self.before:
            self.before[row.uuid] = snapshot_row(self.session, row)
        if row.uuid in self.updated:
            self.updated.remove(row.uuid)
        self._written.pop(row.uuid, None)
        self.session.delete(row)
        self.session.flush()
        self.session.add(
            Tombstone(
                uuid=row.uuid,
                kind=kind,
                version=self.revision,
                deleted_at=self.now,
                deleted_by=self.coder.uuid,
            )
        )
        self.deleted.append(row.uuid)
        self.deleted_kinds[row.uuid] = kind
        self._note(type(row))

    def _keep(self, row: Tracked) -> None:
        if len(self._written) <= VALUES_CAP:  # beyond, Changes says bulk: keep no rows alive
            self._written[row.uuid] = row

    def _note(self, model: type[Tracked]) -> None:
        kind = _CHANGE_KIND[KIND_OF[model]]
        self.kinds.add(kind)
        if model is Source:
            self.text_changed = True
        if kind == "codebook":
            self.codebook_changed = True

    def change(self, kind: ChangeKind) -> None:
        self.kinds.add(kind)

    # -- audit --------------------------------------------------------------------------------
    def audit(
        self,
        action: str,
        entity_kind: str,
        entity_uuid: str | None,
        summary: str,
        **details: Any,
    ) -> None:
        """Log one entry; in a burst (``Project.write(burst=…)``) the entry the same burst
        wrote last is brought up to date instead, so one editing burst is one entry."""
        if self.burst is not None:
            details["burst"] = self.burst
            last = self.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
            if (
                last is not None
                and last.details.get("burst") == self.burst
                and (last.action, last.entity_kind, last.entity_uuid, last.coder_uuid)
                == (action, entity_kind, entity_uuid, self.coder.uuid)
            ):
                last.at, last.revision, last.summary = self.now, self.revision, summary
                last.details = {**details, **last.details}  # the burst's first values stay
                return
        self.session.add(
            AuditEntry(
                at=self.now,
                revision=self.revision,
                coder_uuid=self.coder.uuid,
                coder_name=self.coder.name,
                action=action,
                entity_kind=entity_kind,
                entity_uuid=entity_uuid,
                summary=summary,
                details=details,
            )
        )

    def finish(self) -> Changes:
        if self.text_changed:
            self.info.text_token = new_uuid()
        if self.codebook_changed:
            self.info.codebook_changed_at = self.now
        self.info.modified_at = self.now
        self.info.modified_by = self.coder.uuid
        bulk = len(self.created) + len(self.updated) + len(self.deleted) > VALUES_CAP
        if not bulk:
            self.session.flush()  # column defaults filled in (the commit flushes anyway)
        return Changes(
            kinds=frozenset(self.kinds),
            created=tuple(self.created),
            updated=tuple(self.updated),
            deleted=tuple(self.deleted),
            undo=self.undo_snapshot(),
            messages=tuple(self.messages),
            rows=() if bulk else tuple(self._values()),
            removed=()
            if bulk
            else tuple(snapshot_value(self.before[u]) for u in self.deleted if u in self.before),
            bulk=bulk,
            revision=self.revision,
            initiator=self.initiator,
        )

    def _values(self) -> list[RowValue]:
        wanted = [(kind, u) for u, kind in self.created.items()]
        wanted += [(self.before[u].kind, u) for u in self.updated]
        return written_values(self.session, wanted, self._written)

    def undo_snapshot(self) -> Snapshot:
        """The inverse of this transaction; it expects every row written here to still carry
        this revision (a deleted one, its tombstone) when it is restored."""
        order = {kind: i for i, kind in enumerate(RESTORE_ORDER)}
        rows = self._compact_texts(sorted(self.before.values(), key=lambda r: order[r.kind]))
        # The coder a change creates stays when it is undone (who did what stays known).
        created = tuple((k, u) for u, k in self.created.items() if k != "coder")
        expects = dict.fromkeys([*self.before, *(u for _, u in created)], self.revision)
        return Snapshot(rows=tuple(rows), created=created, expects=expects)

    def _compact_texts(self, rows: list[RowSnapshot]) -> list[RowSnapshot]:
        """Rows with the text of each source that still exists kept as a TextPatch back from
        its current text (a correction of one word keeps a few bytes, not the transcript)."""
        uuids = [
            r.uuid for r in rows if r.kind == "source" and isinstance(r.values.get("text"), str)
        ]
        if not uuids:
            return rows
        query = select(Source.uuid, Source.text).where(Source.uuid.in_(uuids))
        now = {row_uuid: text for row_uuid, text in self.session.execute(query)}
        out: list[RowSnapshot] = []
        for row in rows:
            text = now.get(row.uuid) if row.kind == "source" else None
            old = row.values.get("text")
            if text is None or not isinstance(old, str):
                out.append(row)
                continue
            patch = self.text_inverses.get(row.uuid)
            try:
                fits = patch is not None and patch.apply(text) == old
            except ValueError:
                fits = False
            if patch is None or not fits:
                patch = patch_between(text, old)
            out.append(RowSnapshot(row.kind, row.uuid, {**row.values, "text": patch}))
        return out


def foreign_keys(model: type[Tracked]) -> dict[str, type[Tracked]]:
    """Column name → model it references, for the foreign keys of a tracked model."""
    by_table = {m.__tablename__: m for m in TRACKED_MODELS.values()}  # type: ignore[attr-defined]
    out: dict[str, type[Tracked]] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        for fk in column.foreign_keys:
            out[column.key] = by_table[fk.column.table.name]
    return out


def attr_names(model: type[Tracked]) -> dict[str, str]:
    """Column name → ORM attribute name (they differ where a name is reserved, e.g. metadata)."""
    mapper = model.__mapper__  # type: ignore[attr-defined]
    return {prop.columns[0].name: prop.key for prop in mapper.column_attrs}


def snapshot_row(session: Session, row: Tracked) -> RowSnapshot:
    model = type(row)
    fks = foreign_keys(model)
    values: dict[str, Any] = {}
    for column, attr in attr_names(model).items():
        if column in _SKIP_COLUMNS:
            continue
        value = getattr(row, attr)
        if column in fks and value is not None:
            target = fks[column]
            value = session.scalar(select(target.uuid).where(target.id == value))
        if isinstance(value, dict | list):
            value = _deep_copy(value)
        values[attr] = value
    return RowSnapshot(kind=KIND_OF[model], uuid=row.uuid, values=values)


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
