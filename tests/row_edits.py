"""Edits of one row made from an older reading, the same scenarios on a file and on a server
(tests/core/test_conflicts.py, tests/server/test_conflicts_server.py).

``a`` and ``b`` are two open projects on the same project (on a file: the same object, so the
reading is merely older; on a server: two clients). Tomás edits through ``a`` from a fresh
reading; Ana then edits through ``b`` from the reading she made before: refused, nothing written,
and her change goes through once she applies it again from a fresh reading."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from workbench.core.changes import Changes
from workbench.core.errors import ConflictError
from workbench.core.project import Project

THEIRS, MINE = "Tomás", "Ana"
TEXT = "Interviewer: How did you meet your mentor?\n\nP01: Through a friend at work."


@dataclass(frozen=True)
class RowEdit:
    name: str
    make: Callable[[Project], str]  # creates what is edited; its uuid
    version: Callable[[Project, str], int]  # the version a reader is handed (values.py)
    edit: Callable[[Project, str, Any, str, int | None], Changes]  # item, value, coder, expected
    value: Callable[[Project, str], Any]  # the value as read back
    theirs: Any
    mine: Any
    conflict: dict[str, Any]  # ConflictError.theirs after Tomás's edit
    message: str | None = None  # the whole message, where it is fixed


def _code(p: Project) -> str:
    return p.codebook.add(name="Trst", coder=THEIRS).created[-1]


def _node(p: Project, uuid: str) -> Any:
    return p.codebook.get(uuid)


def _source(p: Project) -> str:
    return p.sources.add(name="P07", text=TEXT, coder=THEIRS).created[-1]


def _memo(p: Project) -> str:
    return p.memos.add(title="Idea", text="first", coder=THEIRS).created[-1]


def _memo_info(p: Project, uuid: str) -> Any:
    return next(m for m in p.memos.list() if m.uuid == uuid)


def _annotation(p: Project) -> str:
    source = _source(p)
    return p.annotations.add(source=source, start=0, end=5, text="note", coder=THEIRS).created[-1]


def _annotation_info(p: Project, uuid: str) -> Any:
    return next(a for a in p.annotations.list() if a.uuid == uuid)


def _case(p: Project) -> str:
    return p.cases.add(name="Case 1", coder=THEIRS).created[-1]


def _case_info(p: Project, uuid: str) -> Any:
    return next(c for c in p.cases.list() if c.uuid == uuid)


def _aged_case(p: Project) -> str:
    p.cases.define_attribute(name="age", type="number", coder=THEIRS)
    case = _case(p)
    p.cases.set_value(scope="case", item=case, attribute="age", value=30, coder=THEIRS)
    return case


def _moded_source(p: Project) -> str:
    p.cases.define_attribute(name="mode", type="text", scope="source", coder=THEIRS)
    return _source(p)  # no value yet: a reader sees version 0


def _theme(p: Project, name: str) -> str:
    return next(n.uuid for n in p.codebook.all() if n.name == name)


def _code_and_themes(p: Project) -> str:
    for theme in ("Relations", "Support"):
        p.codebook.add(name=theme, coder=THEIRS)
    return _code(p)


EDITS = [
    RowEdit(
        "rename code",
        _code,
        lambda p, u: _node(p, u).version,
        lambda p, u, v, c, e: p.codebook.rename(code=u, name=v, coder=c, expected_version=e),
        lambda p, u: _node(p, u).name,
        "Trust",
        "Trusting",
        {"name": "Trust"},
        "Tomás renamed this code to 'Trust' meanwhile; your change was not saved. "
        "Apply yours again?",
    ),
    RowEdit(
        "recolour code",
        _code,
        lambda p, u: _node(p, u).version,
        lambda p, u, v, c, e: p.codebook.recolor(code=u, color=v, coder=c, expected_version=e),
        lambda p, u: _node(p, u).color,
        "#112233",
        "#445566",
        {"color": "#112233"},
        "Tomás recoloured this code #112233 meanwhile; your change was not saved. "
        "Apply yours again?",
    ),
    RowEdit(
        "describe code",
        _code,
        lambda p, u: _node(p, u).version,
        lambda p, u, v, c, e: p.codebook.define(
            code=u, description=v, coder=c, expected_version=e
        ),
        lambda p, u: _node(p, u).description,
        "theirs",
        "mine",
        {"description": "theirs", "inclusion": "", "exclusion": "", "example": ""},
        "Tomás edited this code's definition meanwhile; your change was not saved. "
        "Apply yours again?",
    ),
    RowEdit(
        "make code a category",
        _code,
        lambda p, u: _node(p, u).version,
        lambda p, u, v, c, e: p.codebook.set_codable(
            code=u, codable=v, coder=c, expected_version=e
        ),
        lambda p, u: _node(p, u).codable,
        False,
        True,
        {"codable": False},
    ),
    RowEdit(
        "move code",
        _code_and_themes,
        lambda p, u: _node(p, u).version,
        lambda p, u, v, c, e: p.codebook.move(
            code=u, parent=_theme(p, v), coder=c, expected_version=e
        ),
        lambda p, u: _node(p, u).path.split("/")[0],
        "Relations",
        "Support",
        {"parent": "Relations", "position": 0},  # the parent's name stands for its uuid
        "Tomás moved this code meanwhile; your change was not saved. Apply yours again?",
    ),
    RowEdit(
        "edit memo",
        _memo,
        lambda p, u: _memo_info(p, u).version,
        lambda p, u, v, c, e: p.memos.edit(memo=u, text=v, coder=c, expected_version=e),
        lambda p, u: _memo_info(p, u).text,
        "their text",
        "my text",
        {"title": "Idea", "text": "their text"},
        "Tomás edited this memo meanwhile; your change was not saved. Apply yours again?",
    ),
    RowEdit(
        "edit annotation",
        _annotation,
        lambda p, u: _annotation_info(p, u).version,
        lambda p, u, v, c, e: p.annotations.edit(annotation=u, text=v, coder=c, expected_version=e),
        lambda p, u: _annotation_info(p, u).text,
        "their note",
        "my note",
        {"text": "their note"},
    ),
    RowEdit(
        "rename case",
        _case,
        lambda p, u: _case_info(p, u).version,
        lambda p, u, v, c, e: p.cases.rename(case=u, name=v, coder=c, expected_version=e),
        lambda p, u: _case_info(p, u).name,
        "Case A",
        "Case B",
        {"name": "Case A"},
    ),
    RowEdit(
        "set a case's attribute value",
        _aged_case,
        lambda p, u: _case_info(p, u).attribute_versions["age"],
        lambda p, u, v, c, e: p.cases.set_value(
            scope="case", item=u, attribute="age", value=v, coder=c, expected_version=e
        ),
        lambda p, u: _case_info(p, u).attributes["age"],
        41,
        42,
        {"value": 41},
        "Tomás set 'age' to 41 meanwhile; your change was not saved. Apply yours again?",
    ),
    RowEdit(
        "set a source's first attribute value",
        _moded_source,
        lambda p, u: p.sources.get(u).attribute_versions.get("mode", 0),
        lambda p, u, v, c, e: p.cases.set_value(
            scope="source", item=u, attribute="mode", value=v, coder=c, expected_version=e
        ),
        lambda p, u: p.sources.get(u).attributes.get("mode"),
        "Zoom",
        "phone",
        {"value": "Zoom"},
    ),
    RowEdit(
        "rename source",
        _source,
        lambda p, u: p.sources.get(u).version,
        lambda p, u, v, c, e: p.sources.rename(source=u, name=v, coder=c, expected_version=e),
        lambda p, u: p.sources.get(u).name,
        "P07 Tomás",
        "P07 Ana",
        {"name": "P07 Tomás"},
    ),
]


def stale_edit_is_refused(a: Project, b: Project, case: RowEdit) -> None:
    """The scenario of the module docstring, checked step by step."""
    item = case.make(a)
    seen = case.version(b, item)
    case.edit(a, item, case.theirs, THEIRS, case.version(a, item))
    revision = b.revision()
    with pytest.raises(ConflictError) as refused:
        case.edit(b, item, case.mine, MINE, seen)
    error = refused.value
    assert error.who == THEIRS
    expected = dict(case.conflict)
    if "parent" in expected:
        expected["parent"] = _theme(a, expected["parent"])
    assert error.theirs == expected
    if case.message is not None:
        assert str(error) == case.message
    assert str(error).startswith(f"{THEIRS} ") and "was not saved" in str(error)
    assert b.revision() == revision  # nothing written
    assert case.value(b, item) == case.theirs
    saved = case.edit(b, item, case.mine, MINE, case.version(b, item))  # applied again: saved
    assert case.value(a, item) == case.mine
    assert case.version(a, item) == saved.revision  # what an editor saving again passes
    case.edit(a, item, case.theirs, THEIRS, None)  # no expected version: no check
    assert case.value(b, item) == case.theirs
