"""Codes that only group others (categories, REFI-QDA's isCodable="false"): they cannot be
applied to text; whether a code can is an undoable edit, and files from before it was stored
(schema 3) open with every code applicable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.cli.output import code_json
from workbench.core.codebook_json import parse_codebook
from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.services.codings import CodingRequest

C = "Maya Chen"
REFUSED = "'Tools' is a category for grouping codes; apply one of its sub-codes"


def test_a_category_cannot_be_applied_until_it_is_codable_again(
    project: Project, source: str
) -> None:
    theme = project.codebook.add(name="Tools", coder=C).created[0]
    video = project.codebook.add(name="Video", parent=theme, coder=C).created[0]
    coding = project.codings.apply(source=source, code=video, start=0, end=5, coder=C).created[0]
    assert project.codebook.get(theme).codable
    made = project.codebook.set_codable(code=theme, codable=False, coder=C)
    assert made.kinds == {"codebook"} and not project.codebook.get(theme).codable
    assert project.codebook.set_codable(code=theme, codable=False, coder=C).empty
    revision = project.revision()
    with pytest.raises(ValidationError, match=REFUSED):
        project.codings.apply(source=source, code=theme, start=0, end=5, coder=C)
    with pytest.raises(ValidationError, match=REFUSED):
        project.codings.apply_many(
            [CodingRequest(source, video, 6, 9), CodingRequest(source, theme, 6, 9)], coder=C
        )
    with pytest.raises(ValidationError, match=REFUSED):
        project.codings.change_code(coding=coding, code=theme, coder=C)
    with pytest.raises(ValidationError, match="'Tools' is a category .* cannot take the codings"):
        project.codebook.merge(code=video, into=theme, coder=C)
    with pytest.raises(ValidationError, match="'Tools' is a category .* cannot take the coded"):
        project.codebook.delete(code=video, mode="move_up", coder=C)
    assert project.revision() == revision and len(project.codings.of_source(source)) == 1
    project.restore(made.undo, coder=C)
    assert project.codebook.get(theme).codable
    assert project.codings.apply(source=source, code=theme, start=0, end=5, coder=C).created


def test_a_schema_3_file_gains_the_column_with_every_code_codable(tmp_path: Path) -> None:
    path = tmp_path / "old.qwb"
    with Project.create(path, name="Old", coder=C) as project:
        code = project.codebook.add(name="Tools", coder=C).created[0]
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE codes DROP COLUMN codable")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        assert project.codebook.get(code).codable
        project.codebook.set_codable(code=code, codable=False, coder=C)
    with Project.open(path, read_only=True) as project:
        assert not project.codebook.get(code).codable


def test_codes_json_carries_codable_into_another_codebook(project: Project, tmp_path: Path) -> None:
    theme = project.codebook.add(name="Tools", coder=C).created[0]
    project.codebook.add(name="Video", parent=theme, coder=C)
    project.codebook.set_codable(code=theme, codable=False, coder=C)
    written = [code_json(node) for node in project.codebook.tree()]
    other = tmp_path / "other.qwb"
    with Project.create(other, name="Other", coder=C) as copy:
        copy.codebook.import_tree(codes=parse_codebook(written), coder=C)
        assert {n.path: n.codable for n in copy.codebook.all()} == {
            "Tools": False,
            "Tools/Video": True,
        }
    with pytest.raises(ValidationError, match="codable of 'Tools' must be true or false"):
        parse_codebook([{"name": "Tools", "codable": "no"}])
