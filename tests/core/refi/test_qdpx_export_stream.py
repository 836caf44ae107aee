"""The streamed export: every export validated (however large), zip64, the same document
however the sources are batched, a cancel at any stage leaves no file."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from refi_helpers import files_in

from workbench.core.progress import Cancelled, Progress
from workbench.core.project import Project
from workbench.core.refi import SchemaViolationError, export_qdpx
from workbench.core.refi.xmlwrite import XmlBuilder

LARGE = 17 * 1024 * 1024  # past the size above which exports used to go unchecked


def _bogus_after_each_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer slips an element the schema forbids into every source."""
    start = XmlBuilder.start

    def start_then_bogus(self: XmlBuilder, tag: str, **attrs: object) -> None:
        start(self, tag, **attrs)
        if tag == "TextSource":
            self.parts.append("<Bogus/>")

    monkeypatch.setattr(XmlBuilder, "start", start_then_bogus)


def test_a_large_invalid_export_is_caught_and_writes_nothing(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(demo_path) as project:
        project.cases.add(name="Long case", description="word " * (LARGE // 5), coder="Ana")
        _bogus_after_each_source(monkeypatch)
        with pytest.raises(SchemaViolationError, match="Bogus"):
            export_qdpx(project, tmp_path / "out.qdpx")
    assert files_in(tmp_path) == ["demo.qwb"]


def test_a_large_export_is_whole_and_valid(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.qdpx"
    with Project.open(demo_path) as project:
        project.cases.add(name="Long case", description="word " * (LARGE // 5), coder="Ana")
        export_qdpx(project, out)
    with zipfile.ZipFile(out) as archive:
        assert archive.getinfo("project.qde").file_size > LARGE
        root = etree.fromstring(archive.read("project.qde"), etree.XMLParser(huge_tree=True))
    names = [c.get("name") for c in root.iterfind("{*}Cases/{*}Case")]
    assert "Long case" in names and len(names) == 26


def _local_extra_ids(path: Path, name: str) -> set[int]:
    """The ids of the extra fields in ``name``'s local file header."""
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(name).header_offset
    raw = path.read_bytes()
    name_len, extra_len = struct.unpack("<HH", raw[offset + 26 : offset + 30])
    extra = raw[offset + 30 + name_len : offset + 30 + name_len + extra_len]
    ids, pos = set(), 0
    while pos + 4 <= len(extra):
        field, size = struct.unpack("<HH", extra[pos : pos + 4])
        ids.add(field)
        pos += 4 + size
    return ids


def test_the_document_member_is_zip64(demo_path: Path, tmp_path: Path) -> None:
    # The document's size is not known when its member starts, so it is written as zip64:
    # a document past 4 GB is not an error at the end of a long export.
    out = tmp_path / "out.qdpx"
    with Project.open(demo_path, read_only=True) as project:
        export_qdpx(project, out)
    assert 0x0001 in _local_extra_ids(out, "project.qde")
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("batch", [1, 7])
def test_batching_does_not_change_the_export(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """Read a few sources at a time or the whole project at once (as the export used to):
    the same members, the same document."""
    import workbench.core.db.streaming as streaming

    with Project.open(demo_path, read_only=True) as project:
        monkeypatch.setattr(streaming, "BATCH", 10_000)
        export_qdpx(project, tmp_path / "whole.qdpx")
        monkeypatch.setattr(streaming, "BATCH", batch)
        export_qdpx(project, tmp_path / "batched.qdpx")
    whole, batched = _members(tmp_path / "whole.qdpx"), _members(tmp_path / "batched.qdpx")
    assert list(whole) == list(batched) and whole == batched
    assert (tmp_path / "whole.qdpx").read_bytes() == (tmp_path / "batched.qdpx").read_bytes()


@pytest.mark.parametrize("stage", ["reading", "sources", "writing", "checking"])
def test_a_cancel_at_any_stage_leaves_no_file(demo_path: Path, tmp_path: Path, stage: str) -> None:
    def step(done: int, total: int, label: str) -> None:
        if label == stage:
            progress.cancel()

    progress = Progress(step)
    with Project.open(demo_path, read_only=True) as project, pytest.raises(Cancelled):
        export_qdpx(project, tmp_path / "out.qdpx", progress=progress)
    assert files_in(tmp_path) == ["demo.qwb"]
