"""Exporting .qdpx: valid against the official XSD, faithful content, atomic writing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from refi_helpers import files_in, shared_file

from workbench.core.project import Project
from workbench.core.refi import RefiError, SchemaViolationError, export_qdpx
from workbench.core.refi.codec import decode_definition
from workbench.core.refi.xmlsafe import PROJECT_NS
from workbench.resources import resource_path

NS = {"q": PROJECT_NS}


def official_schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared_file(name))))


def test_vendored_schemas_are_the_official_ones() -> None:
    for name in ("Project-mrt2019.xsd", "Codebook-mrt2019.xsd"):
        assert resource_path("refi-qda", name).read_bytes() == shared_file(name).read_bytes()


def _export(demo_path: Path, tmp_path: Path) -> tuple[etree._Element, zipfile.ZipFile]:
    out = tmp_path / "demo.qdpx"
    with Project.open(demo_path) as project:
        report = export_qdpx(project, out)
    assert report.counts["sources"] == 25 and report.counts["codings"] == 907
    archive = zipfile.ZipFile(out)
    return etree.fromstring(archive.read("project.qde")), archive


def test_demo_export_validates_against_the_official_schema(demo_path: Path, tmp_path: Path) -> None:
    root, _ = _export(demo_path, tmp_path)
    schema = official_schema("Project-mrt2019.xsd")
    assert schema.validate(root.getroottree()), schema.error_log


def test_export_content_matches_the_project(demo_path: Path, tmp_path: Path) -> None:
    root, archive = _export(demo_path, tmp_path)
    with Project.open(demo_path, read_only=True) as project:
        sources = {s.uuid: s for s in project.sources.list()}
        codes = {c.uuid: c for c in project.codebook.all()}
        coders = {c.uuid: c.name for c in project.coders.list()}
        texts = {u: project.sources.text(u) for u in sources}
        memos = project.memos.list()
    assert sorted(archive.namelist()) == sorted(
        ["project.qde"] + [f"sources/{u}.txt" for u in [*sources, *(m.uuid for m in memos)]]
    )
    assert {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)} == coders
    for el in root.iterfind(".//q:Code", NS):
        code = codes[el.get("guid")]
        assert el.get("name") == code.name and el.get("color") == code.color
        text = el.findtext("q:Description", default="", namespaces=NS)
        definition = decode_definition(text)
        assert (definition.description, definition.inclusion, definition.example) == (
            code.description,
            code.inclusion,
            code.example,
        )
    coded = 0
    for source in root.iterfind(".//q:TextSource", NS):
        uuid = source.get("guid")
        stored = archive.read(f"sources/{uuid}.txt").decode("utf-8")
        assert stored == texts[uuid] and not stored.startswith("\ufeff")
        assert source.get("plainTextPath") == f"internal://{uuid}.txt"
        for sel in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert 0 <= start < end <= len(stored)
            coded += len(sel.findall("q:Coding", NS))
    assert coded == 907
    notes = root.findall("q:Notes/q:Note", NS)
    files = [n for n in notes if n.get("plainTextPath")]
    assert {n.get("guid") for n in files} == {m.uuid for m in memos}
    assert all(n.find("q:PlainTextContent", NS) is None for n in files)
    annotations = [n for n in notes if n.find("q:PlainTextSelection", NS) is not None]
    assert len(annotations) == 20 and len(notes) == 28
    referenced = {r.get("targetGUID") for r in root.iterfind("q:Sources/*/q:NoteRef", NS)}
    assert referenced == {n.get("guid") for n in annotations}
    assert len(root.findall("q:Cases/q:Case", NS)) == 25
    assert {v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)} == {
        "role",
        "age_group",
        "sector",
        "interview_date",
        "interview_mode",
    }


def test_export_refuses_to_replace_a_file_unless_asked(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.qdpx"
    out.write_bytes(b"keep me")
    with Project.open(demo_path, read_only=True) as project:
        with pytest.raises(RefiError, match="already exists"):
            export_qdpx(project, out)
        assert out.read_bytes() == b"keep me"
        export_qdpx(project, out, overwrite=True)
    assert zipfile.is_zipfile(out)
    assert files_in(tmp_path) == ["demo.qwb", "out.qdpx"]


def test_an_invalid_export_writes_nothing(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.core.refi.qdpx_writer as writer

    monkeypatch.setattr(writer, "stream_problems", lambda *args: ["line 1: broken on purpose"])
    with (
        Project.open(demo_path, read_only=True) as project,
        pytest.raises(SchemaViolationError, match="broken on purpose"),
    ):
        export_qdpx(project, tmp_path / "out.qdpx")
    assert files_in(tmp_path) == ["demo.qwb"]


def test_export_of_an_empty_project_is_valid(project_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.qdpx"
    with Project.open(project_path, read_only=True) as project:
        report = export_qdpx(project, out)
    root = etree.fromstring(zipfile.ZipFile(out).read("project.qde"))
    assert official_schema("Project-mrt2019.xsd").validate(root.getroottree())
    assert report.counts["codes"] == 0 and root.find("q:CodeBook", NS) is None


def test_progress_can_cancel_an_export(demo_path: Path, tmp_path: Path) -> None:
    from workbench.core.progress import Cancelled, Progress

    seen: list[str] = []

    def step(done: int, total: int, stage: str) -> None:
        seen.append(stage)
        if stage == "writing":
            progress.cancel()

    progress = Progress(step)
    with Project.open(demo_path, read_only=True) as project, pytest.raises(Cancelled):
        export_qdpx(project, tmp_path / "out.qdpx", progress=progress)
    assert "sources" in seen and files_in(tmp_path) == ["demo.qwb"]
