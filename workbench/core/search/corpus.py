"""Reading what the search covers from the project file: items (folded, for searching), their
stored text and labels (for showing hits), and what changed since a revision.

Every read is a short transaction, so a long rebuild never keeps writers waiting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, select, type_coerce
from sqlalchemy.orm import Session

from workbench.core.db.models import Annotation, Code, Memo, ProjectInfo, Source, Tombstone
from workbench.core.search.analysis import fold_text
from workbench.core.search.passages import CODE_PARTS, Item
from workbench.core.services.codebook_tree import paths_by_id

__all__ = [
    "TABLES",
    "DbState",
    "Original",
    "Owner",
    "SessionFactory",
    "all_owners",
    "changed_since",
    "db_state",
    "load_items",
    "load_originals",
]

# What one index entry stands for: (table, uuid); table is source, memo, annotation or code.
Owner = tuple[str, str]
SessionFactory = Callable[[], AbstractContextManager[Session]]
TABLES = ("source", "memo", "annotation", "code")
_MODELS: dict[str, Any] = {"source": Source, "memo": Memo, "annotation": Annotation, "code": Code}


@dataclass(frozen=True)
class DbState:
    """The project file's identity and the revision and text token of its last change."""

    file_id: str
    revision: int
    token: str


@dataclass(frozen=True)
class Original:
    """An item as stored (for snippets) and how to name it: source name, memo title, code path."""

    label: str
    parts: dict[str, str]


def db_state(s: Session) -> DbState:
    row = s.execute(select(ProjectInfo.file_id, ProjectInfo.revision, ProjectInfo.text_token)).one()
    return DbState(row[0], int(row[1]), row[2])


def all_owners(s: Session) -> list[Owner]:
    """Every searchable item: sources by name, then memos, annotations and codes."""
    out: list[Owner] = [("source", u) for u in s.scalars(select(Source.uuid).order_by(Source.name))]
    out += [("memo", u) for u in s.scalars(select(Memo.uuid).order_by(Memo.created_at, Memo.id))]
    out += [("annotation", u) for u in s.scalars(select(Annotation.uuid).order_by(Annotation.id))]
    out += [("code", u) for u in s.scalars(select(Code.uuid).order_by(Code.id))]
    return out


def changed_since(s: Session, revision: int) -> set[Owner]:
    """Items created, edited or deleted after ``revision`` (rows carry their last revision)."""
    changed: set[Owner] = set()
    for table, model in _MODELS.items():
        query = select(model.uuid).where(model.version > revision)
        changed.update((table, u) for u in s.scalars(query))
    for kind, uuid in s.execute(
        select(Tombstone.kind, Tombstone.uuid).where(
            Tombstone.version > revision, Tombstone.kind.in_(TABLES)
        )
    ):
        changed.add((kind, uuid))
    return changed


def _wanted(owners: Iterable[Owner]) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {table: [] for table in TABLES}
    for table, uuid in owners:
        wanted[table].append(uuid)
    return wanted


def load_items(s: Session, owners: Iterable[Owner]) -> dict[Owner, Item]:
    """The items of ``owners`` that still exist, folded for searching."""
    wanted = _wanted(owners)
    out: dict[Owner, Item] = {}
    meta = type_coerce(Source.meta, Text)  # the JSON text: parsed only if passages are needed
    for uuids in _chunks(wanted["source"]):
        for uuid, version, text, raw in s.execute(
            select(Source.uuid, Source.version, Source.text, meta).where(Source.uuid.in_(uuids))
        ):
            parts = {"text": fold_text(text)}
            out["source", uuid] = Item("source", uuid, parts, version=version, turns=raw or "")
    for uuids in _chunks(wanted["memo"]):
        for uuid, version, title, text in s.execute(
            select(Memo.uuid, Memo.version, Memo.title, Memo.text).where(Memo.uuid.in_(uuids))
        ):
            parts = {"title": fold_text(title), "text": fold_text(text)}
            out["memo", uuid] = Item("memo", uuid, parts, version=version)
    for uuids in _chunks(wanted["annotation"]):
        for uuid, version, text in s.execute(
            select(Annotation.uuid, Annotation.version, Annotation.text).where(
                Annotation.uuid.in_(uuids)
            )
        ):
            out["annotation", uuid] = Item(
                "annotation", uuid, {"text": fold_text(text)}, version=version
            )
    for uuids in _chunks(wanted["code"]):
        for row in s.execute(
            select(Code.uuid, Code.version, *_code_columns()).where(Code.uuid.in_(uuids))
        ):
            parts = {
                name: fold_text(value) for name, value in zip(CODE_PARTS, row[2:], strict=True)
            }
            out["code", row[0]] = Item("code", row[0], parts, version=row[1])
    return out


def load_originals(s: Session, owners: Iterable[Owner]) -> dict[Owner, Original]:
    """The stored text of ``owners`` and their labels (for showing hits)."""
    wanted = _wanted(owners)
    out: dict[Owner, Original] = {}
    for uuids in _chunks(wanted["source"]):
        for uuid, name, text in s.execute(
            select(Source.uuid, Source.name, Source.text).where(Source.uuid.in_(uuids))
        ):
            out["source", uuid] = Original(name, {"text": text})
    for uuids in _chunks(wanted["memo"]):
        for uuid, title, text in s.execute(
            select(Memo.uuid, Memo.title, Memo.text).where(Memo.uuid.in_(uuids))
        ):
            out["memo", uuid] = Original(_memo_label(title, text), {"title": title, "text": text})
    for uuids in _chunks(wanted["annotation"]):
        for uuid, text, start, end, name in s.execute(
            select(Annotation.uuid, Annotation.text, Annotation.start, Annotation.end, Source.name)
            .join(Source, Source.id == Annotation.source_id)
            .where(Annotation.uuid.in_(uuids))
        ):
            out["annotation", uuid] = Original(f"Note on {name} ({start}-{end})", {"text": text})
    if wanted["code"]:
        paths = paths_by_id(s)
        for uuids in _chunks(wanted["code"]):
            for row in s.execute(
                select(Code.uuid, Code.id, *_code_columns()).where(Code.uuid.in_(uuids))
            ):
                parts = dict(zip(CODE_PARTS, row[2:], strict=True))
                out["code", row[0]] = Original(paths[row[1]], parts)
    return out


def _code_columns() -> tuple[Any, ...]:
    return (Code.name, Code.description, Code.inclusion, Code.exclusion, Code.example)


def _memo_label(title: str, text: str) -> str:
    if title.strip():
        return title.strip()
    words = " ".join(text.split())
    return (words[:40] + "…") if len(words) > 40 else words or "(empty memo)"


def _chunks(items: list[str], size: int = 400) -> Iterator[list[str]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]
