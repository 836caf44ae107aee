"""Coders: the team members whose names every change carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from workbench.core.changes import Changes
from workbench.core.db.models import Annotation, Coder, Coding, Memo, SourceStatus
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.palette import is_color
from workbench.core.services.base import Service, clean_name, get_row
from workbench.core.services.media_rows import move_media_codings
from workbench.core.text.wording import counted
from workbench.core.values import CoderInfo

# What a coder owns, by the column naming them (the order of CoderWork's fields).
_OWNED: tuple[tuple[Any, Any], ...] = (
    (Coding, Coding.coder_id),
    (Annotation, Annotation.coder_id),
    (Memo, Memo.author_id),
    (SourceStatus, SourceStatus.coder_id),
)


@dataclass(frozen=True)
class CoderWork:
    """How many rows one coder made, of each kind."""

    codings: int
    annotations: int
    memos: int
    done_marks: int

    @property
    def empty(self) -> bool:
        return not (self.codings or self.annotations or self.memos or self.done_marks)


class CoderService(Service):
    def list(self) -> list[CoderInfo]:
        with self.project.read() as s:
            return [
                CoderInfo(c.uuid, c.name, c.color)
                for c in s.scalars(select(Coder).order_by(Coder.name))
            ]

    def find(self, name: str) -> CoderInfo:
        for coder in self.list():
            if coder.name == name:
                return coder
        raise NotFoundError(f"No coder named {name!r} in this project.")

    def ensure(self, *, name: str, color: str | None = None) -> CoderInfo:
        """The coder called ``name``, created if new (in ``color`` when given): done when a
        person says who they are, so their first coding does not also create their record."""
        name = clean_name(name, "coder")
        if color is not None and not is_color(color):
            raise ValidationError(f"{color!r} is not a colour of the form #RRGGBB.")
        try:
            return self.find(name)
        except NotFoundError:
            with self.project.write(coder=name) as tx:
                if color is not None:
                    tx.touch(tx.coder)
                    tx.coder.color = color.lower()
            return self.find(name)

    def work_of(self, name: str) -> CoderWork:
        """How much of the project ``name`` made: codings, annotations, memos, done marks."""
        with self.project.read() as s:
            coder = s.scalar(select(Coder).where(Coder.name == name))
            if coder is None:
                return CoderWork(0, 0, 0, 0)
            return CoderWork(
                *(
                    s.scalar(select(func.count()).select_from(model).where(column == coder.id)) or 0
                    for model, column in _OWNED
                )
            )

    def reassign(self, *, old: str, new: str, coder: str) -> Changes:
        """Give everything ``old`` made (codings, annotations, memos, done marks) to ``new``,
        in one transaction, e.g. work done under the login name before the person chose a name.
        A coding ``new`` already has is not doubled: the duplicate goes, its memos move over."""
        new = clean_name(new, "coder")
        if old == new:
            raise ValidationError(f"{old!r} and {new!r} are the same coder.")
        with self.project.write(coder=coder) as tx:
            source = tx.session.scalar(select(Coder).where(Coder.name == old))
            if source is None:
                raise NotFoundError(f"No coder named {old!r} in this project.")
            target = tx.session.scalar(select(Coder).where(Coder.name == new))
            if target is None:
                raise NotFoundError(f"No coder named {new!r} in this project.")
            moved = _move_codings(tx, source.id, target.id)
            moved += move_media_codings(tx, column="coder_id", old=source.id, new=target.id)
            for model, column in _OWNED[1:3]:
                for row in tx.session.scalars(select(model).where(column == source.id)):
                    tx.touch(row)
                    setattr(row, column.key, target.id)
            marks = {m.source_id: m for m in _marks(tx, target.id)}
            for mark in _marks(tx, source.id):
                mine = marks.get(mark.source_id)
                if mine is None:
                    tx.touch(mark)
                    mark.coder_id = target.id
                else:
                    if mark.done and not mine.done:
                        tx.touch(mine)
                        mine.done = True
                    tx.delete(mark)
            tx.audit(
                "reassign",
                "coder",
                target.uuid,
                f"{counted(moved, 'coding')} and the rest of {old!r}'s work given to {new!r}",
            )
        return tx.result

    def recolor(self, *, coder: str, color: str, by: str) -> Changes:
        if not is_color(color):
            raise ValidationError(f"{color!r} is not a colour of the form #RRGGBB.")
        with self.project.write(coder=by) as tx:
            row = get_row(tx.session, Coder, coder, "coder")
            tx.touch(row)
            row.color = color.lower()
            tx.audit("recolor", "coder", row.uuid, f"Coder {row.name!r} recoloured")
        return tx.result


def initials(name: str) -> str:
    """ "Maya Chen" -> "MC": a coder's mark where the full name has no room."""
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(p[0].upper() for p in parts[:3]) or "?"


def _marks(tx: WriteTx, coder_id: int) -> list[SourceStatus]:
    return list(tx.session.scalars(select(SourceStatus).where(SourceStatus.coder_id == coder_id)))


def _move_codings(tx: WriteTx, old_id: int, new_id: int) -> int:
    """Re-own ``old_id``'s codings; where ``new_id`` has the same one, keep that one (with the
    duplicate's memos). Returns how many codings ``new_id`` gained."""
    have = {
        (c.source_id, c.code_id, c.start, c.end): c
        for c in tx.session.scalars(select(Coding).where(Coding.coder_id == new_id))
    }
    gained = 0
    for coding in list(tx.session.scalars(select(Coding).where(Coding.coder_id == old_id))):
        twin = have.get((coding.source_id, coding.code_id, coding.start, coding.end))
        if twin is None:
            tx.touch(coding)
            coding.coder_id = new_id
            gained += 1
            continue
        for memo in tx.session.scalars(select(Memo).where(Memo.coding_id == coding.id)):
            tx.touch(memo)
            memo.coding_id = twin.id
        tx.session.flush()
        tx.delete(coding)
    return gained
