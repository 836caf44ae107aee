"""Conformance on a small project holding what the demo lacks: memos on a coding, an annotation
and a case, two coders on one range with two codes each, and text outside the BMP."""

from __future__ import annotations

import uuid as uuidlib
import zipfile
from pathlib import Path

import qualcoder_rules
import standard_reader
from lxml import etree

from workbench.core.project import Project
from workbench.core.refi import export_qdpx

A, B = "Maya Chen", "Tomás Rivera"
TEXT = "We met on Zoom 😀 every week, and 🎉 later on Slack."
# The namespace of the selections' GUIDs: part of the file format, since the GUIDs must stay the
# same from one export to the next.
SELECTIONS = uuidlib.UUID("9b3c61e2-5d0f-4a43-9a55-2f0f1f7e4c11")


def _project(path: Path) -> dict[str, str]:
    ids: dict[str, str] = {}
    with Project.create(path, name="Targets", coder=A) as p:
        ids["code"] = p.codebook.add(name="Tools", coder=A).created[0]
        ids["other"] = p.codebook.add(name="Habits", coder=A).created[0]
        ids["source"] = p.sources.add(name="P01", text=TEXT, coder=A).created[-1]
        for coder in (A, B):
            for code in (ids["code"], ids["other"]):
                p.codings.apply(source=ids["source"], code=code, start=10, end=16, coder=coder)
        ids["coding"] = next(c.uuid for c in p.codings.of_source(ids["source"]) if c.coder == B)
        ids["annotation"] = p.annotations.add(
            source=ids["source"], start=33, end=35, text="Emoji 🎉 here", coder=B
        ).created[0]
        ids["case"] = p.cases.add(name="Case 1", coder=A).created[0]
        p.cases.link(case=ids["case"], source=ids["source"], coder=A)
        for kind in ("coding", "annotation", "case", "source", "code"):
            p.memos.add(text=f"On the {kind}", target_kind=kind, target=ids[kind], coder=B)  # type: ignore[arg-type]
        p.memos.add(text="Untitled, on the project", coder=A)
    return ids


def test_every_memo_lands_on_its_target(tmp_path: Path) -> None:
    ids = _project(tmp_path / "t.qwb")
    with Project.open(tmp_path / "t.qwb", read_only=True) as project:
        export_qdpx(project, tmp_path / "t.qdpx")
    doc = standard_reader.read(tmp_path / "t.qdpx")
    memos = {n.text: n.targets for n in doc.notes.values() if not n.ranges}
    assert memos == {
        "On the coding": [("coding", ids["coding"])],
        "On the annotation": [("note", ids["annotation"])],
        "On the case": [("case", ids["case"])],
        "On the source": [("source", ids["source"])],
        "On the code": [("code", ids["code"])],
        "Untitled, on the project": [("project", None)],
    }
    [(note, source, rng)] = doc.annotations()
    assert (note.guid, source, rng, note.text) == (
        ids["annotation"],
        ids["source"],
        (33, 35),
        "Emoji 🎉 here",
    )
    assert doc.texts[ids["source"]][33:35] == "🎉 "  # code points, not UTF-16 units


def test_two_coders_on_one_range_get_one_selection_each(tmp_path: Path) -> None:
    ids = _project(tmp_path / "t.qwb")
    with Project.open(tmp_path / "t.qwb", read_only=True) as project:
        export_qdpx(project, tmp_path / "t.qdpx")
        users = {c.name: c.uuid for c in project.coders.list()}
    root = etree.fromstring(zipfile.ZipFile(tmp_path / "t.qdpx").read("project.qde"))
    ns = {"q": root.nsmap[None]}
    selections = root.findall("q:Sources/q:TextSource/q:PlainTextSelection", ns)
    assert sorted(
        (s.get("guid"), s.get("creatingUser"), len(s.findall("q:Coding", ns))) for s in selections
    ) == sorted(
        (str(uuidlib.uuid5(SELECTIONS, f"{ids['source']}/10/16/{users[who]}")), users[who], 2)
        for who in (A, B)
    )
    for sel in selections:  # the Coding names its coder too
        assert {c.get("creatingUser") for c in sel.findall("q:Coding", ns)} == {
            sel.get("creatingUser")
        }
    got = qualcoder_rules.receive(tmp_path / "t.qdpx")
    assert sorted((c[0], c[4], c[5]) for c in got.codings) == sorted(
        (code, who, "Zoom 😀") for code in (ids["code"], ids["other"]) for who in (A, B)
    )
    assert len(got.journals) == 6 and got.annotations == [("P01", 33, 35, "Emoji 🎉 here", B)]
