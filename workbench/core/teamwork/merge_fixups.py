"""Keeping a merged state valid: no loops in the code tree, no clashing unique keys."""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol

from workbench.core.teamwork.merge_reader import ProjectReader
from workbench.core.teamwork.rows import (
    NAMED_KINDS,
    NULL_IN_KEY,
    ORDER,
    UNIQUE_KEYS,
    ProjectRows,
    foreign_keys,
)


class MergeState(Protocol):
    """What the fix-ups read and change of the merge planner's final state."""

    mine: ProjectRows
    reader: ProjectReader
    final: dict[str, dict[str, dict[str, Any]]]
    idmap: dict[str, str]
    touched: set[str]
    notes: Counter[str]
    key_cache: dict[tuple[str, tuple[str, ...]], dict[tuple[object, ...], str]]
    keys_read: dict[tuple[str, tuple[str, ...]], set[object]]

    def changed_rows(self, kind: str) -> list[str]: ...

    def remove(self, kind: str, uuid: str, cause: str) -> None: ...


def fix_code_cycles(planner: MergeState) -> bool:
    """Undo moves from the other copy that would put a code below itself; True if any."""
    final = planner.final["code"]
    mine = planner.mine.rows["code"]
    changed = False
    while True:
        cycle = _find_cycle({u: v.get("parent_id") for u, v in final.items()})
        if not cycle:
            return changed
        for uuid in cycle:
            own = mine.get(uuid)
            if own is not None and final[uuid].get("parent_id") != own.values.get("parent_id"):
                final[uuid]["parent_id"] = own.values.get("parent_id")
                final[uuid]["name"] = own.values.get("name")
                planner.touched.add(uuid)
                planner.notes["code_loop"] += 1
                changed = True
                break
        else:  # pragma: no cover - a loop always contains a move from the other copy
            raise AssertionError("code tree loop without a move from the other copy")


def _find_cycle(parent: dict[str, str | None]) -> list[str]:
    state: dict[str, int] = {}
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parent and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            return path[path.index(node) :]
        for visited in path:
            state[visited] = 2
    return []


def fix_unique_keys(planner: MergeState) -> bool:
    """Rows from the other copy that would clash with a unique key: a name gets a suffix, an
    identical row is merged into the one already here. True if anything changed."""
    changed = False
    for kind, keysets in UNIQUE_KEYS.items():
        final = planner.final[kind]
        moved = planner.changed_rows(kind)
        if not moved:
            continue  # this project's own rows never clash with each other
        moved_set = set(moved)
        for attrs in keysets:
            keys = {tuple(final[u].get(a) for a in attrs) for u in moved if u in final}
            stored = _stored_keys(planner, kind, attrs, keys)
            seen: dict[tuple[object, ...], str] = {}
            for uuid in moved:
                values = final.get(uuid)
                if values is None:
                    continue
                key = tuple(values.get(a) for a in attrs)
                if any(
                    part is None and (kind, a) not in NULL_IN_KEY
                    for a, part in zip(attrs, key, strict=True)
                ):
                    continue
                holder = seen.get(key)
                if holder is None:
                    other = stored.get(key)
                    if other is not None and other != uuid and other in final:
                        holder = None if other in moved_set else other
                if holder is None:
                    seen[key] = uuid
                    continue
                changed = True
                if kind in NAMED_KINDS:
                    taken = {**{k: u for k, u in stored.items() if u in final}, **seen}
                    values["name"] = _free_name(values["name"], key, attrs, taken)
                    seen[tuple(values.get(a) for a in attrs)] = uuid
                    planner.touched.add(uuid)
                    planner.notes["renamed"] += 1
                else:
                    _merge_duplicate(planner, kind, uuid, holder)
    return changed


def _stored_keys(
    planner: MergeState, kind: str, attrs: tuple[str, ...], keys: set[tuple[object, ...]]
) -> dict[tuple[object, ...], str]:
    """This project's rows by their stored unique key, for the rows that can clash with the
    rows the merge changes (their ``keys``): those with the same key, and for a named kind
    every row sharing the first key part (a new name must be free among them)."""
    cache = planner.key_cache.setdefault((kind, attrs), {})
    done = planner.keys_read.setdefault((kind, attrs), set())
    named = kind in NAMED_KINDS
    todo: set[object] = {k[0] if named else k for k in keys} - done
    if todo:
        asked = attrs[:1] if named else attrs
        wanted = [(t,) for t in todo] if named else [t for t in todo if isinstance(t, tuple)]
        planner.reader.load_keys(kind, asked, wanted)
        for uuid, row in planner.mine.rows[kind].items():
            stored = tuple(row.values.get(a) for a in attrs)
            if (stored[0] if named else stored) in todo:
                cache[stored] = uuid
        done |= todo
    return cache


def _free_name(
    name: str, key: tuple[object, ...], attrs: tuple[str, ...], seen: dict[tuple[object, ...], str]
) -> str:
    position = attrs.index("name")
    n = 2
    while True:
        candidate = f"{name} ({n})"
        probe = (*key[:position], candidate, *key[position + 1 :])
        if probe not in seen:
            return candidate
        n += 1


def _merge_duplicate(planner: MergeState, kind: str, uuid: str, survivor: str) -> None:
    """Point everything at ``survivor`` instead of its duplicate ``uuid``, then drop it."""
    planner.reader.load_referrers(kind, [uuid])
    for other_kind in ORDER:
        for attr, target in foreign_keys(other_kind).items():
            if target != kind:
                continue
            for referrer, values in planner.final[other_kind].items():
                if values.get(attr) == uuid:
                    values[attr] = survivor
                    planner.touched.add(referrer)
    for theirs_uuid, mapped in list(planner.idmap.items()):
        if mapped == uuid:
            planner.idmap[theirs_uuid] = survivor
    planner.notes["duplicate"] += 1
    planner.remove(kind, uuid, "duplicate")
