"""Where an index lives: ``<user cache>/search/<file id>/``, outside the project file.

The folder holds ``meta.json`` — which index folder is current, and the project's text token
and revision it reflects — and one or more ``ix-…`` folders of Whoosh files. A rebuild writes a
new folder and then switches ``meta.json`` to it in one atomic rename, so readers (also other
programs) always see a complete index. Everything here is a disposable cache.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid as uuidlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from workbench.core.paths import user_cache_dir
from workbench.core.search.schema import INDEX_FORMAT, make_schema

__all__ = ["IndexMeta", "IndexStore", "UnusableIndex"]

META = "meta.json"
_PREFIX = "ix-"


class UnusableIndex(Exception):
    """The index folder is missing, damaged or of another format (it will be rebuilt)."""


@dataclass(frozen=True)
class IndexMeta:
    format: int
    file_id: str
    token: str
    revision: int
    folder: str


class IndexStore:
    """The cache folder of one project file's index."""

    def __init__(self, file_id: str, root: Path | None = None) -> None:
        self.file_id = file_id
        self.folder = (root or user_cache_dir() / "search") / file_id

    @property
    def meta_path(self) -> Path:
        return self.folder / META

    def read_meta(self) -> IndexMeta | None:
        """The current meta, or None if missing, unreadable or not for this file and format."""
        try:
            data: Any = json.loads(self.meta_path.read_text(encoding="utf-8"))
            meta = IndexMeta(
                format=int(data["format"]),
                file_id=str(data["file_id"]),
                token=str(data["token"]),
                revision=int(data["revision"]),
                folder=str(data["folder"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if meta.format != INDEX_FORMAT or meta.file_id != self.file_id:
            return None
        if not meta.folder.startswith(_PREFIX) or "/" in meta.folder or "\\" in meta.folder:
            return None
        return meta

    def write_meta(self, *, token: str, revision: int, folder: str) -> IndexMeta:
        meta = IndexMeta(INDEX_FORMAT, self.file_id, token, revision, folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f"{META}.{uuidlib.uuid4().hex}.partial"
        partial.write_text(json.dumps(asdict(meta)), encoding="utf-8")
        os.replace(partial, self.meta_path)
        return meta

    def open(self, meta: IndexMeta) -> Any:
        """Open the index ``meta`` names; UnusableIndex if it cannot be read."""
        path = self.folder / meta.folder
        try:
            ix = whoosh_index.open_dir(str(path))
            if sorted(ix.schema.names()) != sorted(make_schema().names()):
                raise UnusableIndex("the index has another schema")
            ix.doc_count()  # reads the table of contents and every segment's header
        except UnusableIndex:
            raise
        except Exception as exc:  # Whoosh raises many kinds on damaged files
            raise UnusableIndex(f"{type(exc).__name__}: {exc}") from exc
        return ix

    def create(self) -> tuple[str, Any]:
        """A new, empty index in a fresh folder: (folder name, index)."""
        name = f"{_PREFIX}{uuidlib.uuid4().hex[:12]}"
        path = self.folder / name
        path.mkdir(parents=True)
        return name, whoosh_index.create_in(str(path), make_schema())

    def discard(self, name: str) -> None:
        shutil.rmtree(self.folder / name, ignore_errors=True)

    def clean(self, keep: str) -> None:
        """Remove every index folder but ``keep`` and stray partial files (best effort: another
        program may still read an old folder; what cannot be removed now goes next time)."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name.startswith(_PREFIX) and entry.name != keep:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.endswith(".partial"):
                entry.unlink(missing_ok=True)
