"""Importing the real exports in …/shared/refi-qda/samples (NVivo for Mac, ATLAS.ti)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from refi_helpers import SHARED, shared_file

from workbench.core.project import Project
from workbench.core.refi import import_qdpx
from workbench.core.refi.xmlsafe import norm_guid

SAMPLES = sorted((SHARED / "samples").glob("*.qdpx")) if SHARED.exists() else []
NS = {"q": "urn:QDA-XML:project:1.0"}


def _qde(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
        return etree.fromstring(archive.read(name))


def test_the_samples_are_there() -> None:
    shared_file("samples")
    assert len(SAMPLES) == 4


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_sample_imports_with_the_counts_it_holds(sample: Path, tmp_path: Path) -> None:
    root = _qde(sample)
    users = root.findall("q:Users/q:User", NS)
    codes = root.findall(".//q:CodeBook//q:Code", NS)
    sets = root.findall("q:Sets/q:Set", NS)
    notes = root.findall("q:Notes/q:Note", NS)
    with zipfile.ZipFile(sample) as archive:
        texts = {n.lower() for n in archive.namelist() if n.lower().endswith(".txt")}
    readable = [
        s
        for s in root.findall("q:Sources/q:TextSource", NS)
        if "sources/" + s.get("plainTextPath", "").removeprefix("internal://").lower() in texts
    ]
    # a recording's source is imported with or without its transcript and recording
    readable += root.findall("q:Sources/q:AudioSource", NS)
    readable += root.findall("q:Sources/q:VideoSource", NS)
    report = import_qdpx(sample, tmp_path / "imported.qwb", coder="Tester")
    assert report.counts["codes"] == len(codes)
    assert report.counts["sources"] == len(readable)
    assert report.counts["memos"] == len(notes)
    assert report.counts["sets"] == len(sets) + sum(
        1
        for s in sets
        if s.find("q:MemberCode", NS) is not None and s.find("q:MemberSource", NS) is not None
    )
    with Project.open(tmp_path / "imported.qwb", read_only=True) as project:
        info = project.info()
        coders = {c.uuid for c in project.coders.list()}
        tree = project.codebook.all()
    assert info.name == root.get("name")
    assert (info.codes, info.sources, info.memos) == (len(codes), len(readable), len(notes))
    assert {norm_guid(u.get("guid")) for u in users} <= coders
    assert {n.uuid for n in tree} == {norm_guid(c.get("guid")) for c in codes}


def test_nvivo_sample_keeps_its_deep_code_tree(tmp_path: Path) -> None:
    sample = shared_file("samples", "nvivo_project.qdpx")
    report = import_qdpx(sample, tmp_path / "nvivo.qwb", coder="Tester")
    assert report.origin == "NVivo for Mac 15.0.0"
    root = _qde(sample)
    parent_of = {
        norm_guid(child.get("guid")): norm_guid(code.get("guid"))
        for code in root.iter("{urn:QDA-XML:project:1.0}Code")
        for child in code.findall("q:Code", NS)
    }
    with Project.open(tmp_path / "nvivo.qwb", read_only=True) as project:
        nodes = project.codebook.all()
        sources = project.sources.list()
        path = project.codebook.path(project.codebook.find("rq1_definition/competencies"))
    assert {n.uuid: n.parent_uuid for n in nodes if n.parent_uuid} == parent_of
    assert path == "rq1_definition/competencies"
    assert len(sources) == 2 and all(s.length == 1 for s in sources)
    assert any("has no text" in w for w in report.warnings)


def test_atlas_reference_project_reports_what_it_cannot_hold(tmp_path: Path) -> None:
    sample = shared_file("samples", "TestProject.qdpx")
    report = import_qdpx(sample, tmp_path / "atlas.qwb", coder="Tester")
    skipped = "\n".join(report.skipped)
    for expected in (
        "sources whose text file is missing from the archive (×8)",
        "codings in sources that were not imported (×",
        "picture sources",
        "transcripts whose text file is missing from the archive (×2)",
        "graphs",
        "set members that were not imported",
    ):
        assert expected in skipped
    with Project.open(tmp_path / "atlas.qwb", read_only=True) as project:
        codes = {c.name: c for c in project.codebook.all()}
        memos = {m.title: m for m in project.memos.list()}
        coders = {c.name for c in project.coders.list()}
        sets = {(s.name, s.kind): s for s in project.sets.list()}
    assert codes["Coke"].description == "the breakfast of champions"
    assert codes["Coke"].color == "#966450" and codes['"rushed"'].color == "#F00082"
    assert codes["Coke"].uuid == "7496ba52-9c8d-4396-8fab-cc438614e453"
    assert memos["Research Plan"].text.startswith("day to day log about this amazing project")
    assert memos["My favorite Coke ad"].target_kind == "project"
    assert {"Friedrich Markgraf", "Sebastian Petrausch", "ATLAS.ti", "Tester"} == coders
    assert len(sets[("Feelings", "code")].members) == 6
    assert sets[("<3", "source")].members == ()
