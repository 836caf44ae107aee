"""Moving codes dropped in the tree: one undoable step, in the order they were dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.values import CodeNode
from workbench.gui.operations import codes
from workbench.gui.operations.run import together

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
    session = model.session

    def position_of(code: str) -> int | None:
        """Where ``code`` goes among its new siblings, as they are after the moves before it."""
        if row < 0:
            return None
        forest = session.project.codebook.tree(with_counts=False)
        siblings = [u for u in _child_uuids(forest, target) if u != code]
        return siblings.index(anchor) if anchor in siblings else len(siblings)

    target_node = model.node_for(target) if target else None
    where = repr(target_node.name) if target_node else "the top level"
    moving = [uuid for uuid in uuids if model.node_for(uuid) is not None]
    failed: list[str] = []
    with (
        model.hold(),
        together(session, f"Move {len(moving)} codes to {where}", failed.append, count=len(moving)),
    ):
        for code in moving:
            codes.move(
                session,
                code=code,
                parent=target,
                where=where,
                position=position_of(code),
                show=failed.append,
            )
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
