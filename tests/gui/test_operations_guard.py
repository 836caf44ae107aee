"""Every user edit in the GUI goes through ``workbench/gui/operations``: no other GUI module calls a
method of a core service that writes.

The write methods are derived from the core itself, so the guard cannot rot: a method of a service
(or of ``Project``) writes when it opens ``….write(`` or calls another method of its class that
does. Plain ``ast``, no QApplication."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "workbench"
GUI = ROOT / "gui"
OPERATIONS = GUI / "operations"


@cache
def _classes() -> dict[str, ast.ClassDef]:
    found: dict[str, ast.ClassDef] = {}
    for path in (ROOT / "core").rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                found.setdefault(node.name, node)
    return found


def _write_methods(cls: ast.ClassDef) -> set[str]:
    """Public methods of ``cls`` that open a write transaction, directly or through ``self``."""
    methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
    calls: dict[str, set[str]] = {}
    writes: set[str] = set()
    for name, fn in methods.items():
        calls[name] = set()
        for call in ast.walk(fn):
            if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
                continue
            if call.func.attr == "write":
                writes.add(name)
            elif isinstance(call.func.value, ast.Name) and call.func.value.id in {"self", "cls"}:
                calls[name].add(call.func.attr)
    grew = True
    while grew:  # a method that calls a writing method writes too
        grew = False
        for name, called in calls.items():
            if name not in writes and called & writes:
                writes.add(name)
                grew = True
    return {name for name in writes if not name.startswith("_")}


@cache
def _services() -> dict[str, str]:
    """Project attribute (``codings``, ``codebook``, …) → its service class (``project``: the
    Project class itself)."""
    init = next(
        f
        for f in _classes()["Project"].body
        if isinstance(f, ast.FunctionDef) and f.name == "__init__"
    )
    found = {"project": "Project"}
    for stmt in ast.walk(init):
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.targets[0], ast.Attribute)
            and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name)
        ):
            found[stmt.targets[0].attr] = stmt.value.func.id
    return found


def service_writes() -> dict[str, set[str]]:
    """Project attribute → the write methods of its service (``project``: Project's own)."""
    classes = _classes()
    return {
        attr: _write_methods(classes[name]) for attr, name in _services().items() if name in classes
    }


def _names_project(node: ast.expr) -> bool:
    """``project``, ``self.project``, ``self.session.project``, ``self._project``…"""
    if isinstance(node, ast.Name):
        return node.id.lstrip("_") == "project"
    return isinstance(node, ast.Attribute) and node.attr.lstrip("_") == "project"


def _service_of(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """The service attribute an expression stands for, if it names one."""
    if isinstance(node, ast.Attribute) and _names_project(node.value):
        return node.attr
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    return None


def _bindings(nodes: Iterable[ast.AST], writes: dict[str, set[str]]) -> dict[str, str]:
    """Names bound to a service: ``codebook = project.codebook``, ``memos, x = project.memos, 1``
    or a parameter annotated with a service class."""
    classes = {name: attr for attr, name in _services().items()}
    aliases: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = [(target, node.value)]
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    pairs = list(zip(target.elts, node.value.elts, strict=False))
                for name, value in pairs:
                    service = _service_of(value, {})
                    if isinstance(name, ast.Name) and service in writes:
                        aliases[name.id] = service
        elif isinstance(node, ast.arg) and node.annotation is not None:
            hint = ast.unparse(node.annotation).strip("'\"").rsplit(".", 1)[-1]
            if hint in classes:
                aliases[node.arg] = classes[hint]
    return aliases


def offences(path: Path, writes: dict[str, set[str]]) -> list[str]:
    """``path``'s calls of a write method of a service, as "path:line: call"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[tuple[int, int], str] = {}
    scopes: list[ast.AST] = [tree]
    scopes += [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for scope in scopes:  # a function sees its own names and those of the functions around it
        names = tree.body if scope is tree else ast.walk(scope)
        aliases = _bindings(names, writes)
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            receiver, method = node.func.value, node.func.attr
            service = "project" if _names_project(receiver) else _service_of(receiver, aliases)
            if service in writes and method in writes[service]:
                where = (node.lineno, node.col_offset)
                found[where] = f"{path}:{node.lineno}: {ast.unparse(node.func)}"
    return [found[where] for where in sorted(found)]


def test_the_write_methods_are_found_in_the_core() -> None:
    writes = service_writes()
    # a few that must be there (the derivation works), and reads that must not
    assert {"apply", "apply_many", "remove", "set_range"} <= writes["codings"]
    assert {"add", "rename", "move", "merge", "delete"} <= writes["codebook"]
    assert "restore" in writes["project"]
    assert not {"tree", "get", "name"} & writes["codebook"]
    assert not {"of_source", "segments"} & writes["codings"]


def test_no_gui_module_outside_operations_calls_a_service_to_write() -> None:
    writes = service_writes()
    found = [
        hit
        for path in sorted(GUI.rglob("*.py"))
        if OPERATIONS not in path.parents
        for hit in offences(path, writes)
    ]
    assert not found, "User edits go through workbench/gui/operations:\n" + "\n".join(found)


def test_the_guard_sees_the_usual_ways_of_calling(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(self, project, codebook: 'CodebookService'):\n"
        "    self.session.project.codings.apply(code='a', source='b', start=0, end=1, coder='c')\n"
        "    memos = self.session.project.memos\n"
        "    memos.delete(memo='m', coder='c')\n"
        "    codebook.rename(code='a', name='b', coder='c')\n"
        "    project.restore(None, coder='c')\n"
        "    project.codebook.tree()\n"  # a read: fine
        "    seen = set(); seen.add(1)\n",  # not a service
        encoding="utf-8",
    )
    hits = offences(sample, service_writes())
    assert [hit.split(": ", 1)[1] for hit in hits] == [
        "self.session.project.codings.apply",
        "memos.delete",
        "codebook.rename",
        "project.restore",
    ]


def undo_plumbing(path: Path) -> list[str]:
    """Places outside operations that make undo steps themselves: a QUndoCommand, a macro, a
    push onto the stack, or ``session.execute``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = ""
        if isinstance(node, ast.Name) and node.id == "QUndoCommand":
            name = node.id
        elif isinstance(node, ast.Attribute) and node.attr == "beginMacro":
            name = ast.unparse(node)
        elif isinstance(node, ast.Attribute) and node.attr == "push":
            name = ast.unparse(node) if "stack" in ast.unparse(node.value) else ""
        elif isinstance(node, ast.Attribute) and node.attr == "execute":
            owner = node.value
            if isinstance(owner, ast.Attribute | ast.Name) and "session" in ast.unparse(owner):
                name = ast.unparse(node)
        if name:
            found.append(f"{path}:{getattr(node, 'lineno', 0)}: {name}")
    return found


def test_undo_steps_are_made_only_in_operations() -> None:
    found = [
        hit
        for path in sorted(GUI.rglob("*.py"))
        if OPERATIONS not in path.parents
        for hit in undo_plumbing(path)
    ]
    assert not found, "Undo steps are made by workbench/gui/operations/run.py:\n" + "\n".join(found)
