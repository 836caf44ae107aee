"""Coders: the team members whose names every change carries."""

from __future__ import annotations

from sqlalchemy import select

from workbench.core.db.models import Coder
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.palette import is_color
from workbench.core.services.base import Service, clean_name, get_row
from workbench.core.values import Changes, CoderInfo


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

    def ensure(self, *, name: str) -> CoderInfo:
        """The coder called ``name``, created if new."""
        name = clean_name(name, "coder")
        try:
            return self.find(name)
        except NotFoundError:
            with self.project.write(coder=name):
                pass
            return self.find(name)

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
