"""Reading what the search covers from the project file: items (folded, for searching), their
stored text and labels (for showing hits), and what changed since a revision.

Every read is a short transaction, so a long rebuild never keeps writers waiting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from workbench.core.db import search_rows
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
TABLES = search_rows.SEARCHABLE


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
    file_id, revision, token = search_rows.file_state(s)
    return DbState(file_id, int(revision), token)


def all_owners(s: Session) -> list[Owner]:
    """Every searchable item: sources by name, then memos, annotations and codes."""
    return search_rows.searchable_uuids(s)


def changed_since(s: Session, revision: int) -> set[Owner]:
    """Items created, edited or deleted after ``revision`` (rows carry their last revision)."""
    return search_rows.changed_since(s, revision)


def _wanted(owners: Iterable[Owner]) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {table: [] for table in TABLES}
    for table, uuid in owners:
        wanted[table].append(uuid)
    return wanted


def _rows(
    s: Session,
    read: Callable[[Session, str, Sequence[str]], Sequence[Any]],
    kind: str,
    uuids: list[str],
) -> Iterator[Any]:
    for chunk in _chunks(uuids):
        yield from read(s, kind, chunk)


def load_items(s: Session, owners: Iterable[Owner]) -> dict[Owner, Item]:
    """The items of ``owners`` that still exist, folded for searching."""
    wanted = _wanted(owners)
    out: dict[Owner, Item] = {}
    read = search_rows.text_rows
    for uuid, version, text, raw in _rows(s, read, "source", wanted["source"]):
        parts = {"text": fold_text(text)}
        out["source", uuid] = Item("source", uuid, parts, version=version, turns=raw or "")
    for uuid, version, title, text in _rows(s, read, "memo", wanted["memo"]):
        parts = {"title": fold_text(title), "text": fold_text(text)}
        out["memo", uuid] = Item("memo", uuid, parts, version=version)
    for uuid, version, text in _rows(s, read, "annotation", wanted["annotation"]):
        out["annotation", uuid] = Item(
            "annotation", uuid, {"text": fold_text(text)}, version=version
        )
    for row in _rows(s, read, "code", wanted["code"]):
        parts = {name: fold_text(value) for name, value in zip(CODE_PARTS, row[2:], strict=True)}
        out["code", row[0]] = Item("code", row[0], parts, version=row[1])
    return out


def load_originals(s: Session, owners: Iterable[Owner]) -> dict[Owner, Original]:
    """The stored text of ``owners`` and their labels (for showing hits)."""
    wanted = _wanted(owners)
    out: dict[Owner, Original] = {}
    read = search_rows.label_rows
    for uuid, name, text in _rows(s, read, "source", wanted["source"]):
        out["source", uuid] = Original(name, {"text": text})
    for uuid, title, text in _rows(s, read, "memo", wanted["memo"]):
        out["memo", uuid] = Original(_memo_label(title, text), {"title": title, "text": text})
    for uuid, text, start, end, name in _rows(s, read, "annotation", wanted["annotation"]):
        out["annotation", uuid] = Original(f"Note on {name} ({start}-{end})", {"text": text})
    if wanted["code"]:
        paths = paths_by_id(s)
        for row in _rows(s, read, "code", wanted["code"]):
            parts = dict(zip(CODE_PARTS, row[2:], strict=True))
            out["code", row[0]] = Original(paths[row[1]], parts)
    return out


def _memo_label(title: str, text: str) -> str:
    if title.strip():
        return title.strip()
    words = " ".join(text.split())
    return (words[:40] + "…") if len(words) > 40 else words or "(empty memo)"


def _chunks(items: list[str], size: int = 400) -> Iterator[list[str]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]
