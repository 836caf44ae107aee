"""Conformance: the demo project's .qdpx, read by readers that share no code with ours.

The expected values come from the project through the core API; the demo's own numbers (907
codings, 8 memos, 20 annotations, 25 case links) are asserted too, so that a shrinking demo
cannot make the suite pass by checking less.
"""

from __future__ import annotations

import ast
import time
import zipfile
from pathlib import Path

import pytest
import qualcoder_rules
import standard_reader

from workbench.core.project import Project
from workbench.core.refi import export_qdpx

HERE = Path(__file__).parent


@pytest.fixture
def exported(demo_path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "demo.qdpx"
    with Project.open(demo_path, read_only=True) as project:
        export_qdpx(project, out)
    return out


def _memo_target(kind: str, uuid: str | None) -> tuple[str, str | None]:
    return (kind, None if kind == "project" else uuid)


def test_the_readers_are_independent_of_ours() -> None:
    for module in (standard_reader, qualcoder_rules):
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        imported = {
            name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
        }
        assert not {n for n in imported if n and n.split(".")[0] == "workbench"}, module


def test_every_coding_arrives_with_its_coder_range_and_text(
    demo_path: Path, exported: Path
) -> None:
    with Project.open(demo_path, read_only=True) as project:
        texts = {s.uuid: project.sources.text(s.uuid) for s in project.sources.list()}
        expected = {
            c.uuid: (
                c.code_uuid,
                c.coder,
                c.source_uuid,
                c.start,
                c.end,
                texts[c.source_uuid][c.start : c.end],
            )
            for uuid in texts
            for c in project.codings.of_source(uuid)
        }
        codes = {c.uuid: (c.path, c.color) for c in project.codebook.all()}
    doc = standard_reader.read(exported)
    received = {
        c.guid: (c.code, c.coder, c.source, c.start, c.end, c.text) for c in doc.codings.values()
    }
    right_coder = sum(1 for k, v in expected.items() if k in received and received[k][1] == v[1])
    assert (right_coder, len(received), len(expected)) == (907, 907, 907)
    assert received == expected
    assert doc.texts == texts  # the files in the archive are the sources, code point for code point
    assert {k: (c.path, c.color) for k, c in doc.codes.items()} == codes
    assert all(c.codable for c in doc.codes.values())


def test_every_memo_arrives_with_its_text_author_and_target(
    demo_path: Path, exported: Path
) -> None:
    with Project.open(demo_path, read_only=True) as project:
        memos = project.memos.list()
    expected = {
        m.uuid: (m.title or None, m.text, m.author, [_memo_target(m.target_kind, m.target_uuid)])
        for m in memos
    }
    doc = standard_reader.read(exported)
    received = {
        n.guid: (n.name, n.text, n.author, n.targets) for n in doc.notes.values() if not n.ranges
    }
    assert len(expected) == 8 and received == expected
    assert all(doc.notes[g].from_file for g in expected)  # the text is a file in the archive
    kinds = sorted(t[0][0] for *_, t in received.values())
    assert kinds == sorted(m.target_kind for m in memos)


def test_every_annotation_arrives_on_its_range(demo_path: Path, exported: Path) -> None:
    with Project.open(demo_path, read_only=True) as project:
        expected = sorted(
            (a.uuid, a.source_uuid, a.start, a.end, a.text, a.coder)
            for a in project.annotations.list()
        )
    doc = standard_reader.read(exported)
    received = sorted(
        (note.guid, source, start, end, note.text, note.author)
        for note, source, (start, end) in doc.annotations()
    )
    assert len(expected) == 20 and received == expected


def test_every_case_link_arrives(demo_path: Path, exported: Path) -> None:
    with Project.open(demo_path, read_only=True) as project:
        by_name = {s.name: s.uuid for s in project.sources.list()}
        expected = {c.uuid: {by_name[n] for n in c.sources} for c in project.cases.list()}
    received = standard_reader.read(exported).case_sources
    assert sum(len(v) for v in expected.values()) == 25 and received == expected


def test_project_facts_arrive(demo_path: Path, exported: Path) -> None:
    with Project.open(demo_path, read_only=True) as project:
        info = project.info()
        coders = {c.uuid: c.name for c in project.coders.list()}
    doc = standard_reader.read(exported)
    assert doc.project["name"] == info.name
    assert doc.project["creationDateTime"] == info.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert doc.users == coders


def test_qualcoder_would_receive_every_coding_memo_and_annotation(
    demo_path: Path, exported: Path
) -> None:
    with Project.open(demo_path, read_only=True) as project:
        sources = {s.uuid: s.name for s in project.sources.list()}
        texts = {u: project.sources.text(u) for u in sources}
        codings = {
            (c.code_uuid, sources[u], c.start, c.end, c.coder, texts[u][c.start : c.end])
            for u in sources
            for c in project.codings.of_source(u)
        }
        memos = sorted((m.title or None, m.text, m.author) for m in project.memos.list())
        annotations = sorted(
            (a.source, a.start, a.end, a.text, a.coder) for a in project.annotations.list()
        )
    got = qualcoder_rules.receive(exported)
    assert (len(got.codings), got.refused) == (907, 0) and got.codings == codings
    assert len(got.journals) == 8 and sorted(got.journals) == memos
    assert len(got.annotations) == 20 and sorted(got.annotations) == annotations


def test_two_coders_on_one_range_reach_qualcoder_apart(demo_path: Path, exported: Path) -> None:
    """The case that lost 375 codings: both coders applied codes to the very same range."""
    with Project.open(demo_path, read_only=True) as project:
        ranges: dict[tuple[str, int, int], set[str]] = {}
        for source in project.sources.list():
            for c in project.codings.of_source(source.uuid):
                ranges.setdefault((source.name, c.start, c.end), set()).add(c.coder)
    shared = {k for k, coders in ranges.items() if len(coders) > 1}
    assert shared  # the demo has them (399 ranges)
    got = qualcoder_rules.receive(exported)
    received: dict[tuple[str, int, int], set[str]] = {}
    for _, source, start, end, coder, _ in got.codings:
        received.setdefault((source, start, end), set()).add(coder)
    assert all(received[k] == ranges[k] for k in shared)


def test_an_unchanged_project_exports_to_the_same_bytes(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(demo_path, read_only=True) as project:
        export_qdpx(project, tmp_path / "a.qdpx")
        later = time.time() + 3600
        monkeypatch.setattr(time, "time", lambda: later)  # exported an hour later
        export_qdpx(project, tmp_path / "b.qdpx")
        monkeypatch.undo()
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    assert zipfile.ZipFile(tmp_path / "a.qdpx").namelist()[0] == "project.qde"
