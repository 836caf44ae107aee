"""Fuzzing every importer against a real project: any input is either imported whole or refused
with a WorkbenchError, and a refusal leaves the project file byte-identical (no partial result).
(tests/core/importers/test_import_fuzz.py fuzzes the parsers alone.)"""

from __future__ import annotations

import importlib.util
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import CODER, digest

from workbench.core.codebook_json import load_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.importers import FORMAT_BY_EXTENSION
from workbench.core.project import Project

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HAS_REFI = importlib.util.find_spec("workbench.core.refi") is not None


def sound(project: Project) -> bool:
    conn = project.sqlite_connection()
    try:
        return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    finally:
        conn.close()


def all_or_nothing(project: Project, count: str, attempt: Any) -> None:
    """Run ``attempt()``: a WorkbenchError must leave the file as it was; success must add."""
    before = digest(project.path)
    counted = getattr(project.info(), count)
    try:
        attempt()
    except WorkbenchError as error:
        assert str(error)
        assert digest(project.path) == before
        return
    assert getattr(project.info(), count) >= counted
    assert sound(project)


def sample_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Interviewer: How did you meet?")
    document.add_paragraph("P01: On Zoom.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("extension", sorted(FORMAT_BY_EXTENSION))
@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes_as_a_source(
    project: Project, tmp_path: Path, extension: str, data: bytes
) -> None:
    path = tmp_path / f"fuzz{extension}"
    path.write_bytes(data)
    all_or_nothing(project, "sources", lambda: project.sources.import_file(path, coder=CODER))


@FUZZ
@given(
    cut=st.integers(min_value=0, max_value=10_000),
    flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=6),
)
def test_damaged_word_documents(
    project: Project, tmp_path: Path, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(sample_docx())
    for where, value in flips:
        data[where % len(data)] = value
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data[: max(1, len(data) - cut)]))
    all_or_nothing(project, "sources", lambda: project.sources.import_file(path, coder=CODER))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "codes",
                    "children",
                    "themes",
                    "categories",
                    "concepts",
                    "id",
                    "parent",
                    "color",
                    "description",
                ]
            )
            | st.text(max_size=4),
            inner,
            max_size=4,
        )
    ),
    max_leaves=25,
)


@FUZZ
@given(value=JSON)
def test_any_json_as_a_codebook(project: Project, tmp_path: Path, value: object) -> None:
    path = tmp_path / "book.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    all_or_nothing(
        project,
        "codes",
        lambda: project.codebook.import_tree(codes=load_codebook(path), coder=CODER),
    )


CELLS = st.text(alphabet=st.sampled_from(list('ab1.,;"\n\r -é')), max_size=6)


@FUZZ
@given(rows=st.lists(st.lists(CELLS, max_size=5), max_size=6), raw=st.binary(max_size=40))
def test_any_table_as_cases(
    project: Project, tmp_path: Path, rows: list[list[str]], raw: bytes
) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes("\n".join(",".join(r) for r in rows).encode() + raw)
    all_or_nothing(project, "cases", lambda: project.cases.import_csv(path, coder=CODER))


@pytest.fixture(scope="module")
def qdpx_sample(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from reliability_helpers import fill

    from workbench.core.refi import export_qdpx

    folder = tmp_path_factory.mktemp("qdpx")
    with Project.create(folder / "p.qwb", name="Exchange", coder=CODER) as project:
        fill(project)
        export_qdpx(project, folder / "p.qdpx")
    return (folder / "p.qdpx").read_bytes()


@pytest.mark.skipif(not HAS_REFI, reason="the REFI-QDA reader is not part of this build")
@FUZZ
@given(
    cut=st.integers(min_value=0, max_value=4000),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=6),
    member=st.sampled_from(["project.qde", None]),
    junk=st.binary(max_size=300),
)
def test_damaged_qdpx_archives(
    tmp_path: Path,
    qdpx_sample: bytes,
    cut: int,
    flips: list[tuple[int, int]],
    member: str | None,
    junk: bytes,
) -> None:
    from workbench.core.refi import import_qdpx

    source = tmp_path / "in.qdpx"
    if member is None:  # damage the archive itself
        data = bytearray(qdpx_sample)
        for where, value in flips:
            data[where % len(data)] = value
        source.write_bytes(bytes(data[: max(1, len(data) - cut)]))
    else:  # a well-formed archive with a damaged project.qde
        with zipfile.ZipFile(io.BytesIO(qdpx_sample)) as old, zipfile.ZipFile(source, "w") as new:
            for info in old.infolist():
                content = old.read(info.filename)
                if info.filename == member:
                    body = bytearray(content[: max(1, len(content) - cut)])
                    for where, value in flips:
                        body[where % len(body)] = value
                    content = bytes(body) + junk
                new.writestr(info, content)
    target = tmp_path / "imported.qwb"
    target.unlink(missing_ok=True)
    before = sorted(p.name for p in tmp_path.iterdir())
    try:
        import_qdpx(source, target, coder=CODER)
    except WorkbenchError as error:
        assert str(error)
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing left behind
        return
    with Project.open(target, read_only=True) as imported:
        assert sound(imported)
