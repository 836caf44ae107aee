"""No import cycles among workbench modules: a test fails on a new one.

Every import counts, at module level or inside a function, except those under
``if TYPE_CHECKING:``: they are annotations only, never run, and so cannot make a cycle at
import time (a module may name in a hint the type of a caller it never imports). The layer
rules themselves are import-linter contracts in pyproject.toml, checked by ``make test``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import grimp
import pytest


def cycles(imports: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle (``a -> b -> ... -> a``) per strongly connected group of modules."""
    graph = {module: sorted(set(targets) & imports.keys()) for module, targets in imports.items()}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in order:
            continue
        work = [(root, iter(graph[root]))]
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == order[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1 or node in graph[node]:
                        groups.append(group)
            elif target not in order:
                order[target] = low[target] = len(order)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(graph[target])))
            elif target in on_stack:
                low[node] = min(low[node], order[target])
    return [_path_through(sorted(group), graph) for group in groups]


def _path_through(group: list[str], graph: Mapping[str, list[str]]) -> list[str]:
    """The shortest way from the group's first module back to itself, inside the group."""
    start, members = group[0], set(group)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in graph[node]:
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if target in members and target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"no cycle through {start}")


def test_cycles_finds_a_cycle_and_names_its_path() -> None:
    imports = {
        "a": ["b"],
        "b": ["c", "x"],
        "c": ["a"],
        "d": ["d"],
        "x": [],
    }
    assert sorted(cycles(imports)) == [["a", "b", "c", "a"], ["d", "d"]]
    assert cycles({"a": ["b"], "b": [], "c": ["a", "b"]}) == []


@pytest.fixture(scope="module")
def workbench_imports() -> dict[str, set[str]]:
    graph = grimp.build_graph("workbench", cache_dir=None, exclude_type_checking_imports=True)
    return {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}


def test_no_import_cycle_in_workbench(workbench_imports: dict[str, set[str]]) -> None:
    found = "\n".join(" -> ".join(cycle) for cycle in cycles(workbench_imports))
    assert not found, f"import cycles (pass a value or a Protocol instead):\n{found}"


def test_type_checking_imports_do_not_count(workbench_imports: dict[str, set[str]]) -> None:
    # Services name `Project` in their hints only; the Project builds the services.
    assert "workbench.core.services.codings" in workbench_imports["workbench.core.project"]
    assert "workbench.core.project" not in workbench_imports["workbench.core.services.codings"]




def test_collaborators_do_not_take_the_whole_view_or_window() -> None:
    # Annotations count here: a helper names a Protocol of what it uses, not the class it serves.
    graph = grimp.build_graph("workbench", cache_dir=None)

    def importers(module: str, inside: str) -> set[str]:
        found = graph.find_modules_that_directly_import(module)
        return {m for m in found if m.startswith(inside + ".")}

    assert importers("workbench.gui.document.document_view", "workbench.gui.document") == set()
    assert importers("workbench.gui.window.main_window", "workbench.gui.window") == set()
    painters = {f"workbench.gui.reports.chart_{name}" for name in ("bars", "heat", "labels")}
    assert not importers("workbench.gui.reports.chart_view", "workbench.gui.reports") & painters
