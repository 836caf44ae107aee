"""Random REFI-QDA documents (repeated GUIDs and names, dangling references, odd values) import
without an unexpected error, and every reference in the result is sound."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from refi_helpers import make_qdpx

from workbench.core.errors import WorkbenchError
from workbench.core.project import Project
from workbench.core.refi import import_qdpx

GUIDS = [f"0a1b2c3d-0000-4000-8000-{i:012x}" for i in range(12)]
_GUID = st.sampled_from([*GUIDS, "{" + GUIDS[0].upper() + "}", "bad-guid"])
_NAME = st.sampled_from(["A", "A", "b", "  c  ", "", "x\ny", "Ω"])
_INT = st.sampled_from(["0", "1", "3", "7", "40", "-1", "x", "99999999999999999999"])
_MEMO = st.sampled_from(["", "memo"])
_CASE_NAME = st.sampled_from(["", 'name="P"', 'name=""'])
_VALUE = st.sampled_from(
    [
        ("TextValue", "t"),
        ("IntegerValue", "4"),
        ("FloatValue", "0.5"),
        ("BooleanValue", "1"),
        ("DateValue", "2024-01-31"),
        ("DateValue", "31/01"),
        ("DateTimeValue", "2024-01-31T10:00:00Z"),
    ]
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    def code(depth: int) -> str:
        kids = "".join(code(depth + 1) for _ in range(draw(st.integers(0, 2 if depth < 2 else 0))))
        color = draw(st.sampled_from(['color="#abc"', 'color="red"', ""]))
        return (
            f'<Code guid="{draw(_GUID)}" name="{draw(_NAME)}" isCodable="true" {color}>'
            f"{kids}</Code>"
        )

    def value() -> str:
        kind, text = draw(_VALUE)
        return (
            f'<VariableValue><VariableRef targetGUID="{draw(_GUID)}"/><{kind}>{text}</{kind}>'
            "</VariableValue>"
        )

    def selection() -> str:
        codings = "".join(
            f'<Coding guid="{draw(_GUID)}" creatingUser="{draw(_GUID)}">'
            f'<CodeRef targetGUID="{draw(_GUID)}"/><NoteRef targetGUID="{draw(_GUID)}"/></Coding>'
            for _ in range(draw(st.integers(0, 2)))
        )
        note = draw(st.sampled_from(["", "<Description>d</Description>"]))
        return (
            f'<PlainTextSelection guid="{draw(_GUID)}" startPosition="{draw(_INT)}" '
            f'endPosition="{draw(_INT)}">{note}{codings}</PlainTextSelection>'
        )

    def selections() -> str:
        return "".join(selection() for _ in range(draw(st.integers(0, 3))))

    types = st.sampled_from(["Text", "Integer", "Float", "Boolean", "Date", "DateTime", "Odd"])
    variables = "".join(
        f'<Variable guid="{draw(_GUID)}" name="{draw(_NAME)}" typeOfVariable="{draw(types)}"/>'
        for _ in range(draw(st.integers(0, 3)))
    )
    cases = "".join(
        f'<Case guid="{draw(_GUID)}" {draw(_CASE_NAME)}>{value()}'
        f'<SourceRef targetGUID="{draw(_GUID)}"/><SelectionRef targetGUID="{draw(_GUID)}"/></Case>'
        for _ in range(draw(st.integers(0, 3)))
    )
    sources = "".join(
        f'<TextSource guid="{draw(_GUID)}" name="{draw(_NAME)}"><PlainTextContent>Some text '
        f"here 😀</PlainTextContent>{selections()}"
        f'<NoteRef targetGUID="{draw(_GUID)}"/>{value()}</TextSource>'
        for _ in range(draw(st.integers(0, 3)))
    )
    notes = "".join(
        f'<Note guid="{draw(_GUID)}" name="{draw(_NAME)}" creatingUser="{draw(_GUID)}">'
        f"<PlainTextContent>{draw(_MEMO)}</PlainTextContent></Note>"
        for _ in range(draw(st.integers(0, 3)))
    )
    links = "".join(
        f'<Link guid="{draw(_GUID)}" originGUID="{draw(_GUID)}" targetGUID="{draw(_GUID)}"/>'
        for _ in range(draw(st.integers(0, 3)))
    )
    sets = "".join(
        f'<Set guid="{draw(_GUID)}" name="{draw(_NAME)}"><MemberCode targetGUID="{draw(_GUID)}"/>'
        f'<MemberSource targetGUID="{draw(_GUID)}"/></Set>'
        for _ in range(draw(st.integers(0, 2)))
    )
    users = "".join(
        f'<User guid="{draw(_GUID)}" name="{draw(_NAME)}"/>' for _ in range(draw(st.integers(0, 3)))
    )
    codes = "".join(code(0) for _ in range(draw(st.integers(1, 3))))
    return (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="R"><Users>{users}</Users>'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook><Variables>{variables}</Variables>"
        f"<Cases>{cases}</Cases><Sources>{sources}</Sources><Notes>{notes}</Notes>"
        f"<Links>{links}</Links><Sets>{sets}</Sets>"
        f'<NoteRef targetGUID="{draw(_GUID)}"/></Project>'
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_random_documents_import_soundly(doc: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        try:
            report = import_qdpx(make_qdpx(base / "in.qdpx", doc), base / "o.qwb", coder="T")
        except WorkbenchError:
            assert not (base / "o.qwb").exists()
            return
        with Project.open(base / "o.qwb", read_only=True) as project:
            info = project.info()
            sources = {s.uuid: s for s in project.sources.list()}
            for coding in project.codings.segments():
                assert 0 <= coding.start < coding.end <= sources[coding.source_uuid].length
            for memo in project.memos.list():
                assert memo.target_kind == "project" or memo.target_uuid is not None
            assert len(project.codebook.all()) == info.codes == report.counts["codes"]
            assert info.codings == report.counts["codings"]
            assert info.memos == report.counts["memos"]
            assert info.annotations == report.counts["annotations"]
            assert info.coders == report.counts["coders"]
