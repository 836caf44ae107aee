"""The theme map's data: labelled relations between codes and node positions."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import aliased

from workbench.core.db.models import Code, CodeRelation, MapPosition
from workbench.core.errors import ValidationError
from workbench.core.services.base import Service, get_row
from workbench.core.values import Changes, MapPositionInfo, RelationInfo


class MapService(Service):
    def relate(
        self, *, from_code: str, to_code: str, label: str, coder: str, uuid: str | None = None
    ) -> Changes:
        """Draw a labelled relation ("leads to", "contradicts"…) from one code to another."""
        with self.project.write(coder=coder) as tx:
            a = get_row(tx.session, Code, from_code, "code")
            b = get_row(tx.session, Code, to_code, "code")
            if a.id == b.id:
                raise ValidationError("A relation needs two different codes.")
            row = tx.add(
                CodeRelation, uuid=uuid, from_code_id=a.id, to_code_id=b.id, label=label.strip()
            )
            tx.audit("create", "relation", row.uuid, f"{a.name!r} {label} {b.name!r}")
        return tx.result

    def relabel(self, *, relation: str, label: str, coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, CodeRelation, relation, "relation")
            tx.touch(row)
            row.label = label.strip()
            tx.audit("edit", "relation", row.uuid, f"Relation relabelled {label!r}")
        return tx.result

    def unrelate(self, *, relation: str, coder: str) -> Changes:
        with self.project.write(coder=coder) as tx:
            row = get_row(tx.session, CodeRelation, relation, "relation")
            tx.delete(row)
            tx.audit("delete", "relation", row.uuid, "Relation deleted")
        return tx.result

    def relations(self) -> list[RelationInfo]:
        a, b = aliased(Code), aliased(Code)
        with self.project.read() as s:
            rows = s.execute(
                select(CodeRelation.uuid, a.uuid, b.uuid, CodeRelation.label)
                .join(a, a.id == CodeRelation.from_code_id)
                .join(b, b.id == CodeRelation.to_code_id)
                .order_by(CodeRelation.id)
            ).all()
            return [RelationInfo(*r) for r in rows]

    def place(self, *, positions: Mapping[str, tuple[float, float]], coder: str) -> Changes:
        """Save map positions of codes (uuid → (x, y)) in one change (one drag = one command)."""
        with self.project.write(coder=coder) as tx:
            for code_uuid, (x, y) in positions.items():
                code = get_row(tx.session, Code, code_uuid, "code")
                row = tx.session.scalar(select(MapPosition).where(MapPosition.code_id == code.id))
                if row is None:
                    tx.add(MapPosition, code_id=code.id, x=float(x), y=float(y))
                elif (row.x, row.y) != (x, y):
                    tx.touch(row)
                    row.x, row.y = float(x), float(y)
            tx.audit("move", "map", None, f"{len(positions)} map node(s) moved")
        return tx.result

    def positions(self) -> list[MapPositionInfo]:
        with self.project.read() as s:
            rows = s.execute(
                select(Code.uuid, MapPosition.x, MapPosition.y).join(
                    Code, Code.id == MapPosition.code_id
                )
            ).all()
            return [MapPositionInfo(*r) for r in rows]
