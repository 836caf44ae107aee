"""Names refuse control characters (C0, DEL, C1) at every service; names taken from files
have them replaced instead."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.core.codebook_json import load_codebook
from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.text.controls import escape_controls, replace_controls

CODER = "Maya Chen"
HOSTILE = ["NUL\x00x", "bell\x07", "esc\x1b[31mred", "tab\tbed", "del\x7f", "csi\x9b2J", "n\x85el"]


def _makers(project: Project, source: str) -> dict[str, Callable[[str], object]]:
    code = project.codebook.add(name="Tools", coder=CODER).created[-1]
    case = project.cases.add(name="P01", coder=CODER).created[-1]
    other = project.codebook.add(name="Other", coder=CODER).created[-1]
    relation = project.map.relate(from_code=code, to_code=other, label="ok", coder=CODER)
    return {
        "code": lambda n: project.codebook.add(name=n, coder=CODER),
        "code rename": lambda n: project.codebook.rename(code=code, name=n, coder=CODER),
        "source": lambda n: project.sources.add(name=n, text=f"text of {n!r}", coder=CODER),
        "source rename": lambda n: project.sources.rename(source=source, name=n, coder=CODER),
        "case": lambda n: project.cases.add(name=n, coder=CODER),
        "case rename": lambda n: project.cases.rename(case=case, name=n, coder=CODER),
        "coder": lambda n: project.coders.ensure(name=n),
        "coder of a change": lambda n: project.cases.add(name="P99", coder=n),
        "set": lambda n: project.sets.create(name=n, kind="code", coder=CODER),
        "attribute": lambda n: project.cases.define_attribute(name=n, type="text", coder=CODER),
        "relation": lambda n: project.map.relate(
            from_code=other, to_code=code, label=n, coder=CODER
        ),
        "relabel": lambda n: project.map.relabel(
            relation=relation.created[-1], label=n, coder=CODER
        ),
    }


@pytest.mark.parametrize("name", HOSTILE)
def test_every_name_refuses_control_characters(project: Project, source: str, name: str) -> None:
    makers = _makers(project, source)
    for what, make in makers.items():
        before = project.revision()
        with pytest.raises(ValidationError, match="control characters") as caught:
            make(name)
        message = str(caught.value)
        assert "U+" in message and "Remove it" in message, what
        assert not any(ch in message for ch in "\x00\x07\x1b\x7f\x9b\x85"), what
        assert project.revision() == before, what
    assert "esc" not in json.dumps([c.name for c in project.coders.list()])


def test_line_breaks_in_names_still_become_spaces(project: Project) -> None:
    changes = project.codebook.add(name="two\nlines", coder=CODER)
    assert [n.name for n in project.codebook.tree() if n.uuid == changes.created[-1]] == [
        "two lines"
    ]


def test_names_from_files_have_control_characters_replaced(
    project: Project, tmp_path: Path
) -> None:
    doc = tmp_path / "P02\x1b[2J interview.txt"
    doc.write_text("Interviewer: hello\n", encoding="utf-8")
    project.sources.import_file(doc, coder=CODER)
    assert [s.name for s in project.sources.list()] == ["P02 [2J interview"]

    table = tmp_path / "cases.csv"
    table.write_text("case,age\x07group\nP0\x1b3,30\n", encoding="utf-8")
    project.cases.import_csv(table, coder=CODER)
    assert [c.name for c in project.cases.list()] == ["P0 3"]
    assert [a.name for a in project.cases.attributes()] == ["age group"]

    book = tmp_path / "book.json"
    book.write_text(json.dumps({"codes": [{"name": "Zoom\x1b[5m"}]}), encoding="utf-8")
    project.codebook.import_tree(codes=load_codebook(book), coder=CODER)
    assert [n.name for n in project.codebook.tree()] == ["Zoom [5m"]


def test_escape_and_replace_helpers() -> None:
    assert escape_controls("a\x1b[31mb\x07\r\x9b\nc\td") == "a\\x1b[31mb\\x07\\r\\x9b\nc\td"
    assert replace_controls(" a\x00\x01b\tc ") == "a b c"
