"""Codebook exchange (.qdc): valid exports, faithful and idempotent imports, vendor variants."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lxml import etree
from refi_helpers import shared_file

from workbench.core.project import Project
from workbench.core.refi import RefiError, export_qdc, import_qdc

CODER = "Maya Chen"


def _tree(project: Project) -> list[tuple[object, ...]]:
    return [
        (n.uuid, n.parent_uuid, n.path, n.color, n.description, n.inclusion, n.exclusion, n.example)
        for n in project.codebook.all()
    ]


def test_codebook_export_validates_and_round_trips(
    demo_path: Path, project_path: Path, tmp_path: Path
) -> None:
    book = tmp_path / "demo.qdc"
    with Project.open(demo_path) as demo:
        theme = demo.codebook.tree()[0]
        demo.sets.create(name="Core", kind="code", members=[theme.uuid], coder=CODER)
        demo.sets.create(name="Nothing yet", kind="code", coder=CODER)
        report = export_qdc(demo, book)
        expected = _tree(demo)
    assert report.counts["codes"] == 69 and report.counts["sets"] == 2
    schema = etree.XMLSchema(etree.parse(str(shared_file("Codebook-mrt2019.xsd"))))
    assert schema.validate(etree.parse(str(book))), schema.error_log
    with Project.open(project_path) as project:
        imported = import_qdc(project, book, coder=CODER)
        assert imported.counts["codes"] == 69 and imported.changes is not None
        assert _tree(project) == expected
        sets = {s.name: s for s in project.sets.list()}
        assert sets["Core"].members == (theme.uuid,) and sets["Nothing yet"].members == ()
        again = import_qdc(project, book, coder=CODER)
        assert again.counts["codes"] == 0 and again.counts["sets"] == 0
        assert _tree(project) == expected and len(project.sets.list()) == 2


def test_import_merges_into_an_existing_codebook(demo_path: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.qdc"
    book.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="ATLAS.ti 23.4.0">'
        "<Codes>"
        '<Code guid="{ABCDEF00-0000-4000-8000-000000000001}" name="Personal Development" '
        'isCodable="true"><Code guid="ABCDEF00-0000-4000-8000-000000000002" name="Brand new" '
        'isCodable="true" color="#123"><Description>fresh</Description></Code></Code>'
        '<Code guid="ABCDEF00-0000-4000-8000-000000000003" name="Extra" isCodable="false"/>'
        "</Codes></CodeBook>",
        encoding="utf-8-sig",
    )
    with Project.open(demo_path) as project:
        before = len(project.codebook.all())
        report = import_qdc(project, book, coder=CODER)
        nodes = {n.path: n for n in project.codebook.all()}
        undo = report.changes
        assert undo is not None
        project.restore(undo.undo, coder=CODER)
        assert len(project.codebook.all()) == before
    assert report.counts["codes"] == 2 and "urn:QDA-XML:codebook:0:4" in report.warnings[0]
    new = nodes["Personal Development/Brand new"]
    assert new.uuid == "abcdef00-0000-4000-8000-000000000002" and new.color == "#112233"
    assert new.description == "fresh" and new.codable and not nodes["Extra"].codable


def test_export_of_an_empty_codebook_is_refused(project_path: Path, tmp_path: Path) -> None:
    with Project.open(project_path) as project, pytest.raises(RefiError, match="no codes"):
        export_qdc(project, tmp_path / "empty.qdc")
    assert not (tmp_path / "empty.qdc").exists()


def test_export_does_not_change_the_project(demo_path: Path, tmp_path: Path) -> None:
    digest = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    with Project.open(demo_path, read_only=True) as project:
        export_qdc(project, tmp_path / "book.qdc")
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == digest
