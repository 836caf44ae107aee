"""The theme map's data: labelled relations between codes and node positions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import aliased

from workbench.core.changes import Changes
from workbench.core.db.models import Code, CodeRelation, MapPosition
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.services.base import Service, get_row
from workbench.core.text.controls import refuse_controls
from workbench.core.text.wording import counted
from workbench.core.values import MapPositionInfo, RelationInfo

T = TypeVar("T")
_CHUNK = 500  # values per IN (...) list, well below SQLite's limit on bound parameters


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
            refuse_controls(label, "A relation label")
            row = tx.add(
                CodeRelation, uuid=uuid, from_code_id=a.id, to_code_id=b.id, label=label.strip()
            )
            tx.audit("create", "relation", row.uuid, f"{a.name!r} {label} {b.name!r}")
        return tx.result

    def relabel(
        self, *, relation: str, label: str, coder: str, burst: str | None = None
    ) -> Changes:
        """Change a relation's label; edits of one ``burst`` share one audit entry."""
        refuse_controls(label, "A relation label")
        with self.project.write(coder=coder, burst=burst) as tx:
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
        """Save map positions of codes (uuid → (x, y)) in one change (one drag, or a whole
        layout, = one command). Codes and positions are read in bulk, so placing 500 nodes is
        one quick transaction; positions that did not change are left alone (nothing changed:
        empty Changes)."""
        with self.project.write(coder=coder) as tx:
            wanted = list(positions)
            ids: dict[str, int] = {}
            for chunk in _chunks(wanted):
                query = select(Code.uuid, Code.id).where(Code.uuid.in_(chunk))
                ids.update((uuid, code_id) for uuid, code_id in tx.session.execute(query))
            missing = [u for u in wanted if u not in ids]
            if missing:
                raise NotFoundError(f"No code with id {missing[0]} in this project.")
            rows: dict[int, MapPosition] = {}
            for id_chunk in _chunks(list(ids.values())):
                found = select(MapPosition).where(MapPosition.code_id.in_(id_chunk))
                rows.update((row.code_id, row) for row in tx.session.scalars(found))
            moved = 0
            with tx.session.no_autoflush:  # one flush at the end, not one per touched row
                for code_uuid, (x, y) in positions.items():
                    row = rows.get(ids[code_uuid])
                    if row is None:
                        tx.add(
                            MapPosition, flush=False, code_id=ids[code_uuid], x=float(x), y=float(y)
                        )
                    elif (row.x, row.y) != (x, y):
                        tx.touch(row)
                        row.x, row.y = float(x), float(y)
                    else:
                        continue
                    moved += 1
            if moved:
                tx.audit("move", "map", None, f"{counted(moved, 'map node')} moved")
        return tx.result

    def positions(self) -> list[MapPositionInfo]:
        with self.project.read() as s:
            rows = s.execute(
                select(Code.uuid, MapPosition.x, MapPosition.y).join(
                    Code, Code.id == MapPosition.code_id
                )
            ).all()
            return [MapPositionInfo(*r) for r in rows]


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
