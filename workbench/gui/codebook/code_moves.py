"""Moving codes dropped in the tree: one undoable step, in the order they were dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from workbench.core.values import Changes, CodeNode
from workbench.gui.widgets.commands import run_steps

if TYPE_CHECKING:
    from workbench.gui.codebook.codebook_model import CodebookModel


def move_codes(model: CodebookModel, uuids: list[str], target: str | None, row: int) -> bool:
    """Move codes under ``target`` (None: the top level), before sibling ``row`` or at the
    end (row < 0), as one undoable step; problems go to ``model.message``."""
    if row < 0:  # dropped onto a code (or the empty area): append there
        uuids = [u for u in uuids if model.parent_uuid(u) != target]
        anchor: str | None = None
    else:  # dropped into the gap before ``row``: keep them together just before that sibling
        siblings = model.children_uuids(target)
        rest = [u for u in siblings[row:] if u not in uuids]
        anchor = rest[0] if rest else None
    if not uuids:
        return False
    codebook = model.session.project.codebook

    def move(code: str) -> Callable[[str], Changes]:
        def action(coder: str) -> Changes:
            position = None
            if row >= 0:
                forest = codebook.tree(with_counts=False)
                siblings = [u for u in _child_uuids(forest, target) if u != code]
                position = siblings.index(anchor) if anchor in siblings else len(siblings)
            return codebook.move(code=code, parent=target, position=position, coder=coder)

        return action

    target_node = model.node_for(target) if target else None
    where = repr(target_node.name) if target_node else "the top level"
    steps = [
        (f"Move code {node.name!r} to {where}", move(node.uuid))
        for uuid in uuids
        if (node := model.node_for(uuid)) is not None
    ]
    failed: list[str] = []
    with model.hold():
        run_steps(model.session, f"Move {len(steps)} codes to {where}", steps, failed.append)
    for error in failed:
        model.message.emit(error)
    return not failed


def _child_uuids(forest: list[CodeNode], parent: str | None) -> list[str]:
    if parent is None:
        return [n.uuid for n in forest]
    stack = list(forest)
    while stack:
        node = stack.pop()
        if node.uuid == parent:
            return [c.uuid for c in node.children]
        stack.extend(node.children)
    return []
