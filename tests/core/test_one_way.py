"""One way to do each thing: guards that fail when a second way creeps back in."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import workbench

PACKAGE = Path(workbench.__file__).parent


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_a_coder_row_is_made_only_by_writetx_add_coder() -> None:
    """Name cleaning, the palette colour and the audit entry live in ``WriteTx.add_coder``: no
    other code constructs a ``Coder`` row or passes the model (or its kind) to ``add``."""
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            constructs = isinstance(node.func, ast.Name) and node.func.id == "Coder"
            adds = (
                isinstance(node.func, ast.Attribute)
                and node.func.attr in ("add", "add_all", "insert_rows")
                and any(
                    (isinstance(a, ast.Name) and a.id == "Coder")
                    or (isinstance(a, ast.Constant) and a.value == "coder")
                    for a in node.args
                )
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


# Value types whose name says segment, coding, code or coder: the one value per concept lives in
# core/values.py; each other one is a different thing, named here with what it is.
VALUE_TYPES = {
    "Segment": "core/values.py",
    "CodeNode": "core/values.py",
    "CodingInfo": "core/values.py",
    "CoderInfo": "core/values.py",
    # a code applied to a time range of a recording (milliseconds, not characters)
    "MediaCodingInfo": "core/values.py",
    # when one coding is heard in its recording (a clip's range), not the coding itself
    "CodingTime": "core/reports/timed_segments.py",
    # a passage shown as one Segment, with the Segments it merges
    "MergedSegment": "core/reports/passages.py",
    # the reports' in-memory index row, keyed by row ids of one snapshot: a NamedTuple made by
    # the hundred thousand, never handed out of the reports
    "CodingRecord": "core/reports/dataset.py",
    # the slice of a coding that counts depend on, compared before and after a change (built
    # from undo snapshots, which hold no coder name), and the codings a run of changes moved
    "CodingValues": "core/services/count_delta.py",
    "CodingMoves": "core/services/count_delta.py",
    # how much work a coder did; which coders a report counts
    "CoderWork": "core/services/coders.py",
    "CoderScope": "core/reports/passages.py",
    # inputs to a service, not rows: a code to create, a coding to apply
    "CodeSpec": "core/codebook_json.py",
    "CodingRequest": "core/services/codings.py",
    # a foreign REFI-QDA document as parsed, before it touches a project
    "RCode": "core/refi/model.py",
    "RCoding": "core/refi/model.py",
    # a coding as painted: UTF-16 range and lane
    "ShownCoding": "gui/document/layer.py",
    # which codings a report counts
    "SegmentFilter": "core/reports/selection.py",
    # choices offered in dialogs
    "CoderChoice": "gui/window/coder_dialog.py",
    "CodeAllChoice": "gui/search/code_hits_dialog.py",
}
_CONCEPT = re.compile(r"(Segment|Coding|Code|Coder)(?![a-z])")


def _is_value_type(node: ast.ClassDef) -> bool:
    targets = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
    decorated = any(isinstance(d, ast.Name) and d.id == "dataclass" for d in targets)
    return decorated or any(isinstance(b, ast.Name) and b.id == "NamedTuple" for b in node.bases)


def test_one_value_type_per_concept() -> None:
    """A new dataclass or NamedTuple for a segment, coding, code or coder is either the one in
    core/values.py or a different thing, added to ``VALUE_TYPES`` with what it is."""
    found = {
        node.name: name
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and _CONCEPT.search(node.name) and _is_value_type(node)
    }
    assert found == VALUE_TYPES
