"""One way to do each thing: guards that fail when a second way creeps back in."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import workbench

PACKAGE = Path(workbench.__file__).parent


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_a_coder_row_is_made_only_by_writetx_add_coder() -> None:
    """Name cleaning, the palette colour and the audit entry live in ``WriteTx.add_coder``: no
    other code constructs a ``Coder`` row or passes the model to ``add``."""
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            constructs = isinstance(node.func, ast.Name) and node.func.id == "Coder"
            adds = (
                isinstance(node.func, ast.Attribute)
                and node.func.attr in ("add", "add_all", "insert_rows")
                and any(isinstance(a, ast.Name) and a.id == "Coder" for a in node.args)
            )
            if constructs or adds:
                found.append(f"{name}:{node.lineno}")
    assert found == ["core/db/transaction.py:" + str(_add_coder_line())], found


def _add_coder_line() -> int:
    tree = ast.parse((PACKAGE / "core/db/transaction.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "add_coder":
            calls = [
                n.lineno
                for n in ast.walk(node)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Coder"
            ]
            return calls[0]
    raise AssertionError("WriteTx.add_coder is gone")


def test_drag_formats_are_coded_only_in_code_mime() -> None:
    """Every drag source and drop target goes through ``gui/codebook/code_mime.py``: nobody
    else reads or writes the payload of a workbench MIME format."""
    formats = {"CODE_MIME", "SELECTION_MIME"}
    found = []
    for name, tree in _modules():
        if name == "gui/codebook/code_mime.py":
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("data", "setData")
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in formats
            ):
                found.append(f"{name}:{node.lineno}")
    assert found == []
