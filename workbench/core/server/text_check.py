"""What PostgreSQL cannot store and SQLite can: the NUL character (U+0000) in text. A change
holding one is refused before anything is written, naming where it is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from workbench.core.db.transaction import KIND_OF
from workbench.core.errors import ValidationError

NUL = "\x00"


def refuse_nul_on_flush(session: Session) -> None:
    """Check every new or changed row of ``session`` before each flush (a server write)."""
    event.listen(session, "before_flush", _check)


def _check(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.new, *session.dirty):
        for column in inspect(type(row)).columns:
            if not isinstance(column.type, String):
                continue
            value = getattr(row, column.key, None)
            if isinstance(value, str) and NUL in value:
                kind = KIND_OF.get(type(row), type(row).__name__.lower()).replace("_", " ")
                name = getattr(row, "name", None)
                which = f"{kind} {name!r}" if isinstance(name, str) and NUL not in name else kind
                raise ValidationError(
                    f"The {column.key.replace('_', ' ')} of the {which} holds the character "
                    f"U+0000 (NUL) at character {value.index(NUL) + 1}, which a project on a "
                    "server cannot store. Remove it and try again; nothing was changed."
                )
