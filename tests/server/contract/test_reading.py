"""What the project reads back — code counts, segments, reports, agreement, search, the CLI's
JSON, the REFI-QDA export, ``changes_since`` — on both backends.

Each output is compared with the same output of the same world in a project file (uuids named
by the world's fields, times left out), and key figures are checked outright.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from test_qdpx_export import official_schema
from undo_world import CODER, World, build_world

from workbench.cli import output
from workbench.core.project import Project
from workbench.core.refi import export_qdpx
from workbench.core.reports import (
    SegmentFilter,
    attribute_matrix,
    code_cooccurrence,
    code_frequencies,
    load_report_data,
    retrieve,
    stored_scope,
    table_json,
    word_frequencies,
    write_csv,
    write_retrieval_xlsx,
)
from workbench.core.teamwork.agreement import agreement
from workbench.core.teamwork.agreement_export import write_agreement

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _outputs(project: Project, world: World, folder: Path) -> dict[str, Any]:
    """Everything read back, with uuids replaced by the world's field names."""
    names = {uuid: field for field, uuid in dataclasses.asdict(world).items()}
    names.update({c.uuid: f"coder {c.name}" for c in project.coders.list()})
    data = load_report_data(project)
    scope = stored_scope(project)
    everything = SegmentFilter()
    segments = retrieve(project, everything, coders=scope)
    report = agreement(project, coders=["Ana", "Ben"], only_done=False)
    raw = {
        "codes": [output.code_json(n) for n in project.codebook.tree()],
        "sources": [output.source_json(s) for s in project.sources.list()],
        "cases": [output.case_json(c) for c in project.cases.list()],
        "memos": [output.memo_json(m) for m in project.memos.list()]
        + [output.annotation_json(a) for a in project.annotations.list()],
        "segments": [
            (s.source, s.start, s.end, s.code_path, s.coder, s.text)
            for s in project.codings.segments(code=world.tools, include_children=True)
        ],
        "frequencies": table_json(code_frequencies(data, everything, coders=scope)),
        "cooccurrence": table_json(code_cooccurrence(data, everything, coders=scope)),
        "matrix": table_json(attribute_matrix(data, "Age", everything, coders=scope)),
        "words": table_json(word_frequencies(project, everything, data=data)),
        "retrieval": [(s.code_uuid, s.passage, s.text, s.coder) for s in segments],
        "frequencies.csv": write_csv(
            code_frequencies(data, everything, coders=scope), folder / "frequencies.csv"
        ).read_text(encoding="utf-8-sig"),
        "agreement": report.to_json(),
        "agreement.csv": write_agreement(report, folder / "agreement.csv").read_text(
            encoding="utf-8-sig"
        ),
        "search": [
            (h.item, h.part, h.start, h.end, h.speaker, h.cases)
            for h in project.search.search("mentor OR Slack").hits
        ],
    }
    write_retrieval_xlsx(segments, folder / "segments.xlsx")
    text = repr(raw)
    text = _UUID.sub(lambda m: names.get(m.group(), "<other uuid>"), text)
    return {"outputs": _TIME.sub("<time>", text)}


def test_reads_match_a_project_file(project: Project, world: World, tmp_path: Path) -> None:
    (tmp_path / "file").mkdir()
    (tmp_path / "here").mkdir()
    with Project.create(tmp_path / "file" / "reference.qwb", name="Study") as reference:
        expected = _outputs(reference, build_world(reference), tmp_path / "file")
    assert _outputs(project, world, tmp_path / "here") == expected


def test_code_counts_segments_and_report_figures(
    project: Project, world: World, tmp_path: Path
) -> None:
    forest, counts = project.codebook.tree(), {}
    while forest:
        node = forest.pop()
        counts[node.name] = (node.codings, node.sources, node.cases)
        forest.extend(node.children)
    assert counts["Tools"] == (2, 1, 0) and counts["Zoom"] == (1, 1, 1)
    with_children = project.codings.segments(code=world.tools, include_children=True)
    assert [(s.source, s.start, s.end, s.coder) for s in with_children] == [
        ("P01", 59, 63, CODER),
        ("P01", 164, 169, CODER),
        ("P02", 32, 37, "Ana"),
        ("P02", 32, 67, "Ben"),
    ]
    table = code_frequencies(
        load_report_data(project), SegmentFilter(), coders=stored_scope(project)
    )
    rows = list(
        csv.reader(write_csv(table, tmp_path / "f.csv").read_text("utf-8-sig").splitlines())
    )
    assert rows[1] == ["Tools", "Tools", "3", "4", "2", "1"]
    report = agreement(project, coders=["Ana", "Ben"], only_done=False)
    assert report.overall.units == 1.0


def test_search_follows_changes(project: Project, world: World) -> None:
    assert [h.label for h in project.search.search("WhatsApp").hits] == ["P02"]
    project.sources.add(name="P09", text="P09: Signal and WhatsApp, mostly.\n", coder=CODER)
    project.sources.rename(source=world.s2, name="Bea", coder=CODER)
    hits = project.search.search("WhatsApp").hits
    assert sorted(h.label for h in hits) == ["Bea", "P09"]
    assert [h.speaker for h in project.search.search("Signal").hits] == ["P09"]


def test_refi_export_is_valid(project: Project, world: World, tmp_path: Path) -> None:
    schema = official_schema("Project-mrt2019.xsd")  # skips without ../shared
    report = export_qdpx(project, tmp_path / "study.qdpx")
    assert report.counts["codings"] == 5 and report.counts["relations"] == 1
    with zipfile.ZipFile(tmp_path / "study.qdpx") as archive:
        root = etree.fromstring(archive.read("project.qde"))
    assert schema.validate(root.getroottree()), schema.error_log


def test_changes_since(project: Project, world: World) -> None:
    seen = project.revision()
    coded = project.codings.apply(source=world.s2, code=world.zoom, start=0, end=11, coder="Ana")
    deleted = project.memos.delete(memo=world.code_memo, coder=CODER)
    caught_up = project.changes_since(seen)
    assert {"codings", "memos"} <= caught_up.kinds
    assert coded.created[-1] in caught_up.updated  # new or changed: the rows to read again
    assert world.code_memo in caught_up.deleted
    assert project.changes_since(deleted.revision).kinds == frozenset()
