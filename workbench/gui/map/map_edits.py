"""Every edit made on the theme map, as one undoable command each (compound edits are one
macro): the map's items never write; they ask this editor."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable, Mapping

from workbench.core.values import Changes
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.commands import run_command, run_steps

Point = tuple[float, float]
ShowMessage = Callable[[str], None]


class MapEditor:
    """Runs map edits through ``session.execute``; refusals go to ``show_error``."""

    def __init__(self, session: ProjectSession, show_error: ShowMessage) -> None:
        self.session = session
        self.show_error = show_error

    def _name(self, code: str) -> str:
        return self.session.code_node(code).name

    def place(self, text: str, positions: Mapping[str, Point]) -> bool:
        """Save node positions (a drag, a layout) as one command."""
        if not positions:
            return False
        frozen = {uuid: (float(x), float(y)) for uuid, (x, y) in positions.items()}
        done = run_command(
            self.session,
            text,
            lambda coder: self.session.project.map.place(positions=frozen, coder=coder),
            self.show_error,
        )
        return done is not None and not done.empty

    def reparent(self, codes: list[str], parent: str, positions: Mapping[str, Point]) -> bool:
        """Move ``codes`` under ``parent`` and save where they were dropped: one undo step."""
        target = self._name(parent)
        steps: list[tuple[str, Callable[[str], Changes]]] = []
        for code in codes:
            steps.append(
                (f"Move {self._name(code)!r} under {target!r}", self._move_step(code, parent))
            )
        frozen = {uuid: (float(x), float(y)) for uuid, (x, y) in positions.items()}
        if frozen:
            steps.append(
                (
                    "Place on the map",
                    lambda coder: self.session.project.map.place(positions=frozen, coder=coder),
                )
            )
        text = steps[0][0] if len(codes) == 1 else f"Move {len(codes)} codes under {target!r}"
        return run_steps(self.session, text, steps, self.show_error)

    def add_theme(self, name: str, at: Point, others: Mapping[str, Point]) -> str | None:
        """A new theme placed at ``at`` (``others``: unsaved positions to keep). Its uuid."""
        code = str(uuid_module.uuid4())
        positions = {**others, code: at}
        ok = run_steps(
            self.session,
            f"New theme {name.strip()!r} on the map",
            [
                (
                    "New theme",
                    lambda coder: self.session.project.codebook.add(
                        name=name, coder=coder, uuid=code
                    ),
                ),
                (
                    "Place on the map",
                    lambda coder: self.session.project.map.place(positions=positions, coder=coder),
                ),
            ],
            self.show_error,
        )
        return code if ok else None

    def relate(self, from_code: str, to_code: str, label: str) -> str | None:
        """A labelled relation between two codes; its uuid."""
        relation = str(uuid_module.uuid4())
        done = run_command(
            self.session,
            f"Relate {self._name(from_code)!r} {label.strip() or '→'} {self._name(to_code)!r}",
            lambda coder: self.session.project.map.relate(
                from_code=from_code, to_code=to_code, label=label, coder=coder, uuid=relation
            ),
            self.show_error,
        )
        return relation if done is not None else None

    def relabel(self, relation: str, label: str) -> bool:
        done = run_command(
            self.session,
            f"Relabel relation {label.strip()!r}",
            lambda coder: self.session.project.map.relabel(
                relation=relation, label=label, coder=coder
            ),
            self.show_error,
        )
        return done is not None

    def unrelate(self, relations: list[str]) -> bool:
        """Delete relations (several at once are one undo step)."""
        steps = [("Delete relation", self._unrelate_step(rel)) for rel in relations]
        text = "Delete relation" if len(relations) == 1 else f"Delete {len(relations)} relations"
        return run_steps(self.session, text, steps, self.show_error)

    def _move_step(self, code: str, parent: str) -> Callable[[str], Changes]:
        codebook = self.session.project.codebook
        return lambda coder: codebook.move(code=code, parent=parent, coder=coder)

    def _unrelate_step(self, relation: str) -> Callable[[str], Changes]:
        mapping = self.session.project.map
        return lambda coder: mapping.unrelate(relation=relation, coder=coder)
