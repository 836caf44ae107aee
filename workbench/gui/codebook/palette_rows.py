"""What the quick-code palette lists for a query: scored code rows and the "Create code" row,
and where a typed path would be created (plain data and functions, no Qt)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.core.text.codepath import split_path
from workbench.core.values import CodeNode
from workbench.gui.codebook.fuzzy import fuzzy_match

NAME_BONUS = 1.0  # a match inside the code's own name beats one spread over its path
PATH_SEP = " › "


@dataclass(frozen=True)
class PaletteRow:
    kind: str  # "code" or "create"
    uuid: str
    name: str  # the code name, or the typed text for "create"
    context: str  # the parent path for display (" › " separators), or where it will be created
    color: str
    name_hits: tuple[int, ...] = ()
    context_hits: tuple[int, ...] = ()
    score: float = 0.0
    recent: int = 0  # 1..9 for a recent code shown on an empty query

    @property
    def label(self) -> str:
        return f"Create code “{self.name}”" if self.kind == "create" else self.name


def display_parent(path: str) -> tuple[str, dict[int, int]]:
    """The parent part of ``path`` for display, and a map from path index to display index."""
    shown: list[str] = []
    index_map: dict[int, int] = {}
    escaped = False
    last_sep = -1
    for i, ch in enumerate(path):
        if ch == "/" and not escaped:
            last_sep = i
        escaped = ch == "\\" and not escaped
    for i, ch in enumerate(path[: max(0, last_sep)]):
        index_map[i] = len("".join(shown))
        shown.append(PATH_SEP if ch == "/" and (i == 0 or path[i - 1] != "\\") else ch)
    return "".join(shown), index_map


def score_code(query: str, node: CodeNode) -> PaletteRow | None:
    parent, index_map = display_parent(node.path)
    base = PaletteRow("code", node.uuid, node.name, parent, node.color)
    in_name = fuzzy_match(query, node.name)
    in_path = fuzzy_match(query, node.path)
    if in_name is None and in_path is None:
        return None
    name_score = in_name.score + NAME_BONUS if in_name is not None else float("-inf")
    if in_path is None or name_score >= in_path.score:
        assert in_name is not None
        return _with(base, name_score, in_name.positions, ())
    name_start = len(node.path) - len(node.name)
    name_hits = tuple(p - name_start for p in in_path.positions if p >= name_start)
    context_hits = tuple(index_map[p] for p in in_path.positions if p in index_map)
    return _with(base, in_path.score, name_hits, context_hits)


def _with(
    row: PaletteRow, score: float, name_hits: tuple[int, ...], context_hits: tuple[int, ...]
) -> PaletteRow:
    return PaletteRow(
        row.kind, row.uuid, row.name, row.context, row.color, name_hits, context_hits, score
    )


def rank(
    query: str, nodes: Sequence[CodeNode], recent: Sequence[str] = (), limit: int = 200
) -> list[PaletteRow]:
    """Code rows for ``query``: best first (ties: shallower, then tree order). An empty query
    lists the recent codes first, then every code in tree order."""
    if not query.strip():
        by_uuid = {n.uuid: n for n in nodes}
        rows = [
            PaletteRow("code", n.uuid, n.name, display_parent(n.path)[0], n.color, recent=slot + 1)
            for slot, uuid in enumerate(recent[:9])
            if (n := by_uuid.get(uuid)) is not None
        ]
        seen = {r.uuid for r in rows}
        rows += [
            PaletteRow("code", n.uuid, n.name, display_parent(n.path)[0], n.color)
            for n in nodes
            if n.uuid not in seen
        ]
        return rows[:limit]
    scored = []
    for order, node in enumerate(nodes):
        row = score_code(query, node)
        if row is not None:
            scored.append((-row.score, node.depth, order, row))
    scored.sort(key=lambda t: t[:3])
    return [t[3] for t in scored[:limit]]


def segments(text: str) -> list[str]:
    """The names in a typed path ("a/b/c"); a leading "/" and empty parts are ignored."""
    stripped = text.strip().strip("/").strip()
    if not stripped:
        return []
    try:
        parts = split_path(stripped)
    except ValueError:
        parts = stripped.split("/")
    return [p.strip() for p in parts if p.strip()]


def plan_creation(
    text: str, roots: Sequence[CodeNode], current: CodeNode | None
) -> tuple[CodeNode | None, list[str], str | None]:
    """Where typed ``text`` would be created: (the parent node to start under, the names still to
    create below it, the uuid of an existing code when the whole path exists already).

    Plain text is a new theme. A path ("Theme/Code") starts at the top level when it begins
    with "/" or with the name of an existing theme, and otherwise under the ``current`` code;
    existing codes along the path are reused, missing ones created."""
    names = segments(text)
    if not names:
        return None, [], None
    start: CodeNode | None = None
    is_path = "/" in text
    relative = is_path and not text.strip().startswith("/")
    if relative and current is not None and not any(_same(r.name, names[0]) for r in roots):
        start = current
    parent = start
    children: Sequence[CodeNode] = roots if start is None else start.children
    for depth, name in enumerate(names):
        found = next((c for c in children if _same(c.name, name)), None)
        if found is None:
            return parent, names[depth:], None
        if not is_path and start is None:  # plain text naming an existing theme
            return None, [], found.uuid
        parent, children = found, found.children
    return parent, [], parent.uuid if parent is not None else None


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()
