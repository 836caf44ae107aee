"""The codebook reads of a REFI-QDA codebook (.qdc) export and merge, in the caller's session."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.db.models import Code, ItemSet, Memo, SetMember
from workbench.core.db.project_rows import Row


def code_memo_count(s: Session) -> int:
    """How many memos are on codes."""
    query = select(func.count()).select_from(Memo).where(Memo.code_id.is_not(None))
    return int(s.scalar(query) or 0)


def set_code_uuids(s: Session) -> Sequence[Row]:
    """Every code in a set as ``(set_id, code uuid)``."""
    return s.execute(
        select(SetMember.set_id, Code.uuid).join(Code, Code.id == SetMember.code_id)
    ).all()


def code_records(s: Session) -> list[Code]:
    """Every code as its row, for a merge inside a write to match and fill in."""
    return list(s.scalars(select(Code)))


def set_record(s: Session, uuid: str) -> ItemSet | None:
    """The set with this uuid, if there is one."""
    return s.scalar(select(ItemSet).where(ItemSet.uuid == uuid))


def code_set_named(s: Session, name: str) -> ItemSet | None:
    """The code set of this name, if there is one."""
    return s.scalar(select(ItemSet).where(ItemSet.kind == "code", ItemSet.name == name))


def set_code_ids(s: Session, set_id: int) -> set[int | None]:
    """The ids of the codes in a set."""
    return set(s.scalars(select(SetMember.code_id).where(SetMember.set_id == set_id)).all())
