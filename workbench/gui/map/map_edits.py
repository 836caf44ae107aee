"""Every edit made on the theme map, as one undoable step each (compound edits are one step):
the map's items never write; they ask this editor, which runs ``gui/operations``."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Mapping

from workbench.gui.operations import codes as code_ops
from workbench.gui.operations import map as map_ops
from workbench.gui.operations.run import ShowMessage, together
from workbench.gui.project_session import ProjectSession

Point = tuple[float, float]


class MapEditor:
    """Runs map edits as operations; refusals go to ``show_error``."""

    def __init__(self, session: ProjectSession, show_error: ShowMessage) -> None:
        self.session = session
        self.show_error = show_error

    def _name(self, code: str) -> str:
        return self.session.code_node(code).name

    def place(self, text: str, positions: Mapping[str, Point]) -> bool:
        """Save node positions (a drag, a layout) as one step."""
        if not positions:
            return False
        done = map_ops.place(self.session, positions=positions, text=text, show=self.show_error)
        return done is not None and not done.empty

    def reparent(self, codes: list[str], parent: str, positions: Mapping[str, Point]) -> bool:
        """Move ``codes`` under ``parent`` and save where they were dropped: one undo step."""
        target = self._name(parent)
        where = repr(target)
        first = f"Move {self._name(codes[0])!r} under {where}" if codes else ""
        text = first if len(codes) == 1 else f"Move {len(codes)} codes under {where}"
        count = len(codes) + (1 if positions else 0)
        show = self.show_error
        with together(self.session, text, show, count=count) as group:
            for code in codes:
                code_ops.move(self.session, code=code, parent=parent, where=where, show=show)
            if positions:
                map_ops.place(self.session, positions=positions, text="Place on the map", show=show)
        return group.ok

    def add_theme(self, name: str, at: Point, others: Mapping[str, Point]) -> str | None:
        """A new theme placed at ``at`` (``others``: unsaved positions to keep). Its uuid."""
        code = str(uuid_module.uuid4())
        ok = map_ops.new_theme(
            self.session, code=code, name=name, positions={**others, code: at}, show=self.show_error
        )
        return code if ok else None

    def relate(self, from_code: str, to_code: str, label: str) -> str | None:
        """A labelled relation between two codes; its uuid."""
        relation = str(uuid_module.uuid4())
        text = f"Relate {self._name(from_code)!r} {label.strip() or '→'} {self._name(to_code)!r}"
        done = map_ops.relate(
            self.session,
            relation=relation,
            from_code=from_code,
            to_code=to_code,
            label=label,
            text=text,
            show=self.show_error,
        )
        return relation if done is not None else None

    def relabel(self, relation: str, label: str) -> bool:
        done = map_ops.relabel(self.session, relation=relation, label=label, show=self.show_error)
        return done is not None

    def unrelate(self, relations: list[str]) -> bool:
        """Delete relations (several at once are one undo step)."""
        text = "Delete relation" if len(relations) == 1 else f"Delete {len(relations)} relations"
        with together(self.session, text, self.show_error, count=len(relations)) as group:
            for relation in relations:
                map_ops.unrelate(self.session, relation=relation, show=self.show_error)
        return group.ok
