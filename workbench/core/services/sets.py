"""Sets of sources and sets of codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import select

from workbench.core.changes import Changes
from workbench.core.db.models import Code, ItemSet, SetMember, Source
from workbench.core.errors import ValidationError
from workbench.core.services.base import Service, clean_name, get_row
from workbench.core.text.wording import counted
from workbench.core.values import SetInfo

SetKind = Literal["source", "code"]


class SetService(Service):
    def create(
        self,
        *,
        name: str,
        kind: SetKind,
        coder: str,
        members: Sequence[str] = (),
        uuid: str | None = None,
    ) -> Changes:
        name = clean_name(name, "set")
        if kind not in ("source", "code"):
            raise ValidationError(f"A set holds sources or codes, not {kind!r}.")
        with self.project.write(coder=coder) as tx:
            if (
                tx.session.scalar(
                    select(ItemSet.id).where(ItemSet.kind == kind, ItemSet.name == name)
                )
                is not None
            ):
                raise ValidationError(f"There is already a {kind} set named {name!r}.")
            row = tx.add(ItemSet, uuid=uuid, name=name, kind=kind)
            self._add(tx, row, members)
            tx.audit("create", "set", row.uuid, f"{kind.title()} set {name!r} created")
        return tx.result

    def add_members(self, *, set: str, members: Sequence[str], coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, ItemSet, set, "set")
            self._add(tx, row, members)
            tx.audit(
                "edit",
                "set",
                row.uuid,
                f"{counted(len(members), 'item')} added to set {row.name!r}",
            )
        return tx.result

    def remove_members(self, *, set: str, members: Sequence[str], coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, ItemSet, set, "set")
            model, column = (
                (Source, SetMember.source_id) if row.kind == "source" else (Code, SetMember.code_id)
            )
            for member in members:
                item = get_row(tx.session, model, member, row.kind)
                link = tx.session.scalar(
                    select(SetMember).where(SetMember.set_id == row.id, column == item.id)
                )
                if link is not None:
                    tx.delete(link)
            tx.audit("edit", "set", row.uuid, f"Items removed from set {row.name!r}")
        return tx.result

    def delete(self, *, set: str, coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, ItemSet, set, "set")
            for member in list(
                tx.session.scalars(select(SetMember).where(SetMember.set_id == row.id))
            ):
                tx.delete(member)
            tx.delete(row)
            tx.audit("delete", "set", row.uuid, f"Set {row.name!r} deleted")
        return tx.result

    def list(self, kind: SetKind | None = None) -> list[SetInfo]:
        with self.project.read() as s:
            query = select(ItemSet).order_by(ItemSet.kind, ItemSet.name)
            if kind is not None:
                query = query.where(ItemSet.kind == kind)
            out = []
            for row in s.scalars(query):
                if row.kind == "source":
                    members = s.scalars(
                        select(Source.uuid)
                        .join(SetMember, SetMember.source_id == Source.id)
                        .where(SetMember.set_id == row.id)
                        .order_by(Source.name)
                    )
                else:
                    members = s.scalars(
                        select(Code.uuid)
                        .join(SetMember, SetMember.code_id == Code.id)
                        .where(SetMember.set_id == row.id)
                        .order_by(Code.name)
                    )
                out.append(SetInfo(row.uuid, row.name, row.kind, tuple(members)))
            return out

    @staticmethod
    def _add(tx: object, row: ItemSet, members: Sequence[str]) -> None:
        from workbench.core.db.transaction import WriteTx

        assert isinstance(tx, WriteTx)
        for member in members:
            if row.kind == "source":
                item = get_row(tx.session, Source, member, "source")
                where = SetMember.source_id == item.id
                links: dict[str, Any] = {"source_id": item.id}
            else:
                code = get_row(tx.session, Code, member, "code")
                where = SetMember.code_id == code.id
                links = {"code_id": code.id}
            if (
                tx.session.scalar(select(SetMember.id).where(SetMember.set_id == row.id, where))
                is None
            ):
                tx.add(SetMember, set_id=row.id, **links)
