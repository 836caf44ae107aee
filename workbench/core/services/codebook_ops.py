"""Row-level operations on codes shared by the codebook services (inside one WriteTx)."""

from __future__ import annotations

from sqlalchemy import or_, select

from workbench.core.changes import Changes
from workbench.core.db.models import (
    Code,
    CodeRelation,
    Coding,
    MapPosition,
    MediaCoding,
    Memo,
    SetMember,
)
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import ValidationError
from workbench.core.services.codebook_tree import code_path, next_position
from workbench.core.services.media_rows import move_media_codings


def nothing(tx: WriteTx) -> Changes:
    tx.kinds.clear()
    return Changes(kinds=frozenset())


def get_row_by_id(tx: WriteTx, code_id: int) -> Code:
    return tx.session.get_one(Code, code_id)



def placement(tx: WriteTx, row: Code) -> dict[str, object]:
    """A code's parent (its uuid; None for a theme) and position, as a conflict reports them."""
    parent = get_row_by_id(tx, row.parent_id).uuid if row.parent_id is not None else None
    return {"parent": parent, "position": row.position}


def children(tx: WriteTx, code_id: int) -> list[Code]:
    return list(tx.session.scalars(select(Code).where(Code.parent_id == code_id)))


def check_sibling_name(
    tx: WriteTx, parent_id: int | None, name: str, *, exclude: int | None = None
) -> None:
    condition = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    clash = tx.session.scalar(select(Code.id).where(condition, Code.name == name))
    if clash is not None and clash != exclude:
        where = (
            "at the top level"
            if parent_id is None
            else f"under {code_path(tx.session, parent_id)!r}"
        )
        raise ValidationError(f"There is already a code named {name!r} {where}.")


def end_position(tx: WriteTx, parent_id: int | None, *, exclude: int | None = None) -> int:
    return next_position(tx.session, parent_id, exclude=exclude)


def place(tx: WriteTx, row: Code, position: int) -> None:
    condition = (
        Code.parent_id.is_(None) if row.parent_id is None else Code.parent_id == row.parent_id
    )
    siblings = [
        c
        for c in tx.session.scalars(
            select(Code).where(condition).order_by(Code.position, Code.name)
        )
        if c.id != row.id
    ]
    siblings.insert(max(0, min(position, len(siblings))), row)
    for index, sibling in enumerate(siblings):
        if sibling.position != index:
            tx.touch(sibling)
            sibling.position = index


def is_descendant(tx: WriteTx, candidate: int, ancestor: int) -> bool:
    """True if ``candidate`` lies somewhere below ``ancestor``."""
    current: int | None = candidate
    seen: set[int] = set()
    while current is not None and current not in seen:
        seen.add(current)
        current = tx.session.scalar(select(Code.parent_id).where(Code.id == current))
        if current == ancestor:
            return True
    return False


def move_codings(tx: WriteTx, src: Code, dst: Code) -> None:
    """Give ``src``'s codings to ``dst``; a coding ``dst`` already has (same source, coder and
    range) is a duplicate and is deleted instead, with its memos re-attached to the survivor."""
    existing = {
        (c.source_id, c.coder_id, c.start, c.end): c
        for c in tx.session.scalars(select(Coding).where(Coding.code_id == dst.id))
    }
    for coding in list(tx.session.scalars(select(Coding).where(Coding.code_id == src.id))):
        twin = existing.get((coding.source_id, coding.coder_id, coding.start, coding.end))
        if twin is None:
            tx.touch(coding)
            coding.code_id = dst.id
        else:
            for memo in tx.session.scalars(select(Memo).where(Memo.coding_id == coding.id)):
                tx.touch(memo)
                memo.coding_id = twin.id
            tx.session.flush()
            tx.delete(coding)
    move_media_codings(tx, column="code_id", old=src.id, new=dst.id)
    tx.session.flush()


def merge_rows(tx: WriteTx, src: Code, dst: Code) -> None:
    move_codings(tx, src, dst)
    if src.parent_id == dst.id:
        # ``src`` must not be taken for the twin of a sub-code of the same name (merging "c1"
        # into its parent, where "c1" has a "c1" of its own): it gives up its name (for its
        # uuid, which no code is called) until it is deleted below.
        tx.touch(src)
        src.name = src.uuid
        tx.session.flush()
    for child in children(tx, src.id):
        twin = tx.session.scalar(
            select(Code).where(Code.parent_id == dst.id, Code.name == child.name)
        )
        if twin is None:
            tx.touch(child)
            child.parent_id = dst.id
            child.position = end_position(tx, dst.id)
            tx.session.flush()
        else:
            merge_rows(tx, child, twin)
    for memo in tx.session.scalars(select(Memo).where(Memo.code_id == src.id)):
        tx.touch(memo)
        memo.code_id = dst.id
    for rel in list(
        tx.session.scalars(
            select(CodeRelation).where(
                or_(CodeRelation.from_code_id == src.id, CodeRelation.to_code_id == src.id)
            )
        )
    ):
        tx.touch(rel)
        if rel.from_code_id == src.id:
            rel.from_code_id = dst.id
        if rel.to_code_id == src.id:
            rel.to_code_id = dst.id
        if rel.from_code_id == rel.to_code_id:
            tx.session.flush()
            tx.delete(rel)
    dst_sets = set(tx.session.scalars(select(SetMember.set_id).where(SetMember.code_id == dst.id)))
    for member in list(tx.session.scalars(select(SetMember).where(SetMember.code_id == src.id))):
        if member.set_id in dst_sets:
            tx.delete(member)
        else:
            tx.touch(member)
            member.code_id = dst.id
    tx.session.flush()
    delete_code(tx, src)


def delete_code(tx: WriteTx, row: Code) -> None:
    """Delete one code that has no codings or children left, with what hangs on it."""
    for memo in list(tx.session.scalars(select(Memo).where(Memo.code_id == row.id))):
        tx.delete(memo)
    for rel in list(
        tx.session.scalars(
            select(CodeRelation).where(
                or_(CodeRelation.from_code_id == row.id, CodeRelation.to_code_id == row.id)
            )
        )
    ):
        tx.delete(rel)
    for member in list(tx.session.scalars(select(SetMember).where(SetMember.code_id == row.id))):
        tx.delete(member)
    for pos in list(tx.session.scalars(select(MapPosition).where(MapPosition.code_id == row.id))):
        tx.delete(pos)
    tx.delete(row)


def delete_coding(tx: WriteTx, coding: Coding) -> None:
    """Delete a coding and the memos attached to it."""
    for memo in list(tx.session.scalars(select(Memo).where(Memo.coding_id == coding.id))):
        tx.delete(memo)
    tx.delete(coding)


def delete_subtree(tx: WriteTx, row: Code) -> None:
    for child in children(tx, row.id):
        delete_subtree(tx, child)
    for coding in list(tx.session.scalars(select(Coding).where(Coding.code_id == row.id))):
        delete_coding(tx, coding)
    for timed in list(tx.session.scalars(select(MediaCoding).where(MediaCoding.code_id == row.id))):
        tx.delete(timed)
    delete_code(tx, row)
