"""Memos: several per item, attached to the project, a source, code, coding, annotation or case."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.core.changes import Changes
from workbench.core.db.models import Annotation, Case, Code, Coder, Coding, Memo, Source, Tracked
from workbench.core.errors import ValidationError
from workbench.core.services.base import Service, get_row
from workbench.core.services.codebook_tree import paths_by_id
from workbench.core.services.row_version import expect_version
from workbench.core.values import MemoInfo

TargetKind = Literal["project", "source", "code", "coding", "annotation", "case"]
_TARGETS: dict[str, tuple[type[Tracked], str]] = {
    "source": (Source, "source_id"),
    "code": (Code, "code_id"),
    "coding": (Coding, "coding_id"),
    "annotation": (Annotation, "annotation_id"),
    "case": (Case, "case_id"),
}


class MemoService(Service):
    def add(
        self,
        *,
        text: str,
        coder: str,
        target_kind: TargetKind = "project",
        target: str | None = None,
        title: str = "",
        uuid: str | None = None,
    ) -> Changes:
        """Write a memo by ``coder`` on the project or on the item ``target`` (a uuid)."""
        if not text.strip() and not title.strip():
            raise ValidationError("A memo needs a title or some text.")
        with self.project.write(coder=coder) as tx:
            links: dict[str, Any] = {}
            if target_kind != "project":
                if target_kind not in _TARGETS or target is None:
                    raise ValidationError(f"A memo cannot be attached to {target_kind!r}.")
                model, column = _TARGETS[target_kind]
                links[column] = get_row(tx.session, model, target, target_kind).id
            row = tx.add(
                Memo,
                uuid=uuid,
                author_id=tx.coder.id,
                title=title,
                text=text,
                target_kind=target_kind,
                **links,
            )
            tx.audit("create", "memo", row.uuid, f"Memo {title!r} on {target_kind}")
        return tx.result

    def edit(
        self,
        *,
        memo: str,
        coder: str,
        text: str | None = None,
        title: str | None = None,
        burst: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Change a memo's text and/or title; saves of one ``burst`` share one audit entry.
        With ``expected_version`` (``MemoInfo.version``), a memo changed since is refused
        with ConflictError."""
        with self.project.write(coder=coder, burst=burst) as tx:
            row = get_row(tx.session, Memo, memo, "memo")
            expect_version(tx, row, expected_version, kind="memo", fields=("title", "text"))
            tx.touch(row)
            if text is not None:
                row.text = text
            if title is not None:
                row.title = title
            tx.audit("edit", "memo", row.uuid, f"Memo {row.title!r} edited")
        return tx.result

    def delete(self, *, memo: str, coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, Memo, memo, "memo")
            tx.delete(row)
            tx.audit("delete", "memo", row.uuid, f"Memo {row.title!r} deleted")
        return tx.result

    def list(
        self, *, target_kind: TargetKind | None = None, target: str | None = None
    ) -> list[MemoInfo]:
        """Memos of the whole project, or of one kind of target, or of one item."""
        with self.project.read() as s:
            query = select(Memo).order_by(Memo.created_at, Memo.id)
            if target_kind is not None:
                query = query.where(Memo.target_kind == target_kind)
            if target is not None and target_kind in _TARGETS:
                model, column = _TARGETS[target_kind]
                query = query.where(
                    getattr(Memo, column) == get_row(s, model, target, str(target_kind)).id
                )
            return [_info(s, memo, _Labels(s)) for memo in s.scalars(query)]


class _Labels:
    """Readable names of memo targets, fetched lazily once per listing."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self._paths: dict[int, str] | None = None

    def code(self, code_id: int) -> str:
        if self._paths is None:
            self._paths = paths_by_id(self.s)
        return self._paths[code_id]


def _info(s: Session, memo: Memo, labels: _Labels) -> MemoInfo:
    author = s.scalar(select(Coder.name).where(Coder.id == memo.author_id)) or ""
    kind = memo.target_kind
    target_uuid: str | None = None
    label = "project"
    if kind == "source" and memo.source_id is not None:
        src = s.get_one(Source, memo.source_id)
        target_uuid, label = src.uuid, f"source:{src.name}"
    elif kind == "code" and memo.code_id is not None:
        code = s.get_one(Code, memo.code_id)
        target_uuid, label = code.uuid, f"code:{labels.code(code.id)}"
    elif kind == "coding" and memo.coding_id is not None:
        coding = s.get_one(Coding, memo.coding_id)
        src = s.get_one(Source, coding.source_id)
        target_uuid = coding.uuid
        label = f"coding:{src.name}:{coding.start}-{coding.end}:{labels.code(coding.code_id)}"
    elif kind == "annotation" and memo.annotation_id is not None:
        ann = s.get_one(Annotation, memo.annotation_id)
        src = s.get_one(Source, ann.source_id)
        target_uuid, label = ann.uuid, f"annotation:{src.name}:{ann.start}-{ann.end}"
    elif kind == "case" and memo.case_id is not None:
        case = s.get_one(Case, memo.case_id)
        target_uuid, label = case.uuid, f"case:{case.name}"
    return MemoInfo(
        uuid=memo.uuid,
        author=author,
        title=memo.title,
        text=memo.text,
        target_kind=kind,
        target_uuid=target_uuid,
        target_label=label,
        created_at=memo.created_at,
        modified_at=memo.modified_at,
        version=memo.version,
    )
