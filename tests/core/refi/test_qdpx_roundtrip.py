"""Export → import → export keeps every source, code, coding, case, variable, set and memo."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from refi_helpers import snapshot

from workbench.core.project import Project
from workbench.core.refi import export_qdpx, import_qdpx

_DATES = re.compile(rb' (?:modifiedDateTime|creationDateTime)="[^"]*"')


def _project_dates_only(qde: bytes) -> bytes:
    """The qde without the dates that legitimately change: the project's own and "modified"."""
    end = qde.index(b">", qde.index(b"<Project"))
    head, rest = qde[:end], qde[end:]
    return _DATES.sub(b"", head) + re.sub(rb' modifiedDateTime="[^"]*"', b"", rest)


def test_demo_round_trip_is_lossless(demo_path: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.qdpx", tmp_path / "second.qdpx"
    with Project.open(demo_path) as project:
        before = snapshot(project)
        export_qdpx(project, first)
    report = import_qdpx(first, tmp_path / "copy.qwb", coder="Maya Chen")
    assert not report.skipped and not report.warnings
    with Project.open(tmp_path / "copy.qwb") as copy:
        assert snapshot(copy) == before
        export_qdpx(copy, second)
    a, b = zipfile.ZipFile(first), zipfile.ZipFile(second)
    assert sorted(a.namelist()) == sorted(b.namelist())
    for name in a.namelist():
        if name == "project.qde":
            assert _project_dates_only(a.read(name)) == _project_dates_only(b.read(name))
        else:
            assert a.read(name) == b.read(name)


def test_import_by_another_coder_keeps_every_coder(demo_path: Path, tmp_path: Path) -> None:
    with Project.open(demo_path) as project:
        export_qdpx(project, tmp_path / "demo.qdpx")
        coders = {(c.uuid, c.name) for c in project.coders.list()}
    report = import_qdpx(tmp_path / "demo.qdpx", tmp_path / "copy.qwb", coder="Ana Lima")
    assert report.counts["coders"] == 3  # the two in the file and the one importing it
    with Project.open(tmp_path / "copy.qwb") as copy:
        names = {(c.uuid, c.name) for c in copy.coders.list()}
    assert coders < names and {n for _, n in names - coders} == {"Ana Lima"}


# -- property: any project survives export → import ---------------------------------------------
CODER_A, CODER_B = "Maya Chen", "Tomás Rivera"
_XML_TEXT = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
    "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff",
)
_NAME_TEXT = st.characters(  # names refuse control characters (C0, DEL, C1)
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
)
_NAME = (
    st.text(_NAME_TEXT, min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda s: bool(s) and "\n" not in s and "\r" not in s)
)
_FREE = st.text(_XML_TEXT, max_size=40)
_BODY = st.lists(
    st.sampled_from([*"abc xyz\n\r\t😀é", "e\u0301", "\r\n", "Ω", "\u200b"]),
    min_size=1,
    max_size=40,
).map("".join)


@st.composite
def projects(draw: st.DrawFn) -> dict[str, object]:
    n_codes = draw(st.integers(1, 6))
    codes = []
    for i in range(n_codes):
        parent = draw(st.none() | st.integers(0, i - 1)) if i else None
        codes.append(
            {
                "name": f"{draw(_NAME)} {i}",
                "parent": parent,
                "color": draw(st.sampled_from(["#aa0000", "#00FF7f", None])),
                "fields": [draw(_FREE) for _ in range(4)],
            }
        )
    texts = [f"{i}: {draw(_BODY)}" for i in range(draw(st.integers(1, 3)))]
    return {
        "codes": codes,
        "category": draw(st.booleans()),  # the first code made a category after the codings
        "texts": texts,
        "codings": draw(
            st.lists(
                st.tuples(
                    st.integers(0, 2),
                    st.integers(0, 5),
                    st.integers(0, 80),
                    st.integers(1, 20),
                    st.booleans(),
                ),
                max_size=8,
            )
        ),
        "notes": draw(
            st.lists(
                st.tuples(
                    st.integers(0, 2),
                    st.integers(0, 80),
                    st.integers(1, 20),
                    _FREE.filter(str.strip),
                ),
                max_size=3,
            )
        ),
        "memo": draw(st.text(min_size=1, max_size=30).filter(str.strip)),
        "title": draw(_FREE),
        "value": draw(st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6, allow_nan=False)),
        "flag": draw(st.booleans()),
        "set_name": draw(_NAME),
        "relation": draw(st.text(_NAME_TEXT, max_size=40).map(str.strip)),
    }


def _build(project: Project, spec: dict[str, object]) -> None:
    codes: list[str] = []
    for code in spec["codes"]:
        d, i, e, x = code["fields"]
        codes.append(
            project.codebook.add(
                name=code["name"],
                parent=codes[code["parent"]] if code["parent"] is not None else None,
                color=code["color"],
                description=d,
                inclusion=i,
                exclusion=e,
                example=x,
                coder=CODER_A,
            ).created[0]
        )
    sources = [
        project.sources.add(name=f"S{i}", text=t, coder=CODER_A).created[-1]
        for i, t in enumerate(spec["texts"])
    ]
    lengths = [project.sources.get(s).length for s in sources]
    for src, code, start, size, other in spec["codings"]:
        s = sources[src % len(sources)]
        lo = start % lengths[src % len(sources)]
        hi = min(lengths[src % len(sources)], lo + size)
        if lo < hi:
            project.codings.apply(
                source=s,
                code=codes[code % len(codes)],
                start=lo,
                end=hi,
                coder=CODER_B if other else CODER_A,
            )
    if spec["category"]:  # after the codings: a category cannot be applied
        project.codebook.set_codable(code=codes[0], codable=False, coder=CODER_A)
    for src, start, size, text in spec["notes"]:
        s = sources[src % len(sources)]
        lo = start % lengths[src % len(sources)]
        hi = min(lengths[src % len(sources)], lo + size)
        if lo < hi:
            project.annotations.add(source=s, start=lo, end=hi, text=text, coder=CODER_B)
    case = project.cases.add(name="P01", description="first", coder=CODER_A).created[0]
    project.cases.link(case=case, source=sources[0], coder=CODER_A)
    for name, kind, choices in [
        ("n", "number", ()),
        ("ok", "boolean", ()),
        ("mode", "choice", ("a", "b")),
        ("when", "date", ()),
    ]:
        project.cases.define_attribute(name=name, type=kind, choices=choices, coder=CODER_A)
    project.cases.define_attribute(name="n", type="text", scope="source", coder=CODER_A)
    project.cases.set_value(
        scope="case",
        item=case,
        attribute="n",
        value=spec["value"],
        coder=CODER_A,
    )
    project.cases.set_value(
        scope="case",
        item=case,
        attribute="ok",
        value=spec["flag"],
        coder=CODER_A,
    )
    project.cases.set_value(scope="case", item=case, attribute="mode", value="b", coder=CODER_A)
    project.cases.set_value(
        scope="case", item=case, attribute="when", value="2024-02-29", coder=CODER_A
    )
    project.cases.set_value(
        scope="source", item=sources[-1], attribute="n", value=" x ", coder=CODER_A
    )
    memo = str(spec["memo"]) + "\x01 control"
    project.memos.add(text=memo, title=str(spec["title"]), coder=CODER_B)
    project.memos.add(text="on a case", target_kind="case", target=case, coder=CODER_A)
    project.memos.add(text="on a code", target_kind="code", target=codes[0], coder=CODER_A)
    project.memos.add(text="on a source", target_kind="source", target=sources[0], coder=CODER_B)
    codings = project.codings.of_source(sources[0])
    if codings:
        project.memos.add(
            text="on a coding", target_kind="coding", target=codings[0].uuid, coder=CODER_B
        )
    notes = project.annotations.list()
    if notes:
        project.memos.add(
            text="on a note", target_kind="annotation", target=notes[0].uuid, coder=CODER_A
        )
    project.sets.create(name=str(spec["set_name"]), kind="code", members=codes[:2], coder=CODER_A)
    project.sets.create(name=str(spec["set_name"]), kind="source", members=sources, coder=CODER_A)
    project.sets.create(name="empty", kind="code", coder=CODER_A)
    if len(codes) > 1:
        project.map.relate(
            from_code=codes[0], to_code=codes[1], label=str(spec["relation"]), coder=CODER_A
        )


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=projects())
def test_export_import_is_lossless(spec: dict[str, object], project_path: Path) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        shutil.copyfile(project_path, base / "p.qwb")
        with Project.open(base / "p.qwb") as project:
            _build(project, spec)
            before = snapshot(project)
            export_qdpx(project, base / "p.qdpx")
        report = import_qdpx(base / "p.qdpx", base / "q.qwb", coder=CODER_A)
        assert not report.skipped
        with Project.open(base / "q.qwb") as copy:
            after = snapshot(copy)
    assert after == before
