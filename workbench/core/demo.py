"""Builds the demo project: the digital-mentorship interview study (synthetic transcripts).

The codebook (5 themes, 16 categories, 48 concepts) and the participants' demographics are facts
of the study; the definitions, the transcripts, the codings and the memos were written for the
workbench and are marked synthetic.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from workbench.core.codebook_json import load_codebook
from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.services.codings import CodingRequest
from workbench.core.text.normalize import normalize_text
from workbench.resources import resource_path

CODERS = {"A": "Maya Chen", "B": "Tomás Rivera"}
DEMO_FILE_NAME = "Digital mentorship (demo).qwb"


def demo_dir() -> Path:
    return resource_path("demo")


def build_demo(path: Path, *, source_dir: Path | None = None) -> Path:
    """Write the demo project to ``path`` (which must not exist yet) and return the path."""
    root = source_dir or demo_dir()
    book = json.loads((root / "codebook.json").read_text(encoding="utf-8"))
    lead = CODERS["A"]
    project = Project.create(path, name=book["name"], description=book["description"], coder=lead)
    try:
        project.coders.ensure(name=CODERS["B"])
        project.codebook.import_tree(codes=load_codebook(root / "codebook.json"), coder=lead)
        for transcript in sorted((root / "transcripts").glob("P*.txt")):
            _add_transcript(project, transcript, lead)
        _source_attributes(project, root / "interviews.csv", lead)
        project.cases.import_csv(root / "participants.csv", coder=lead)
        for codings in sorted((root / "codings").glob("P*.json")):
            _codings(project, json.loads(codings.read_text(encoding="utf-8")))
        _memos(project, json.loads((root / "memos.json").read_text(encoding="utf-8")))
        for source in project.sources.list():
            for coder in CODERS.values():
                project.sources.set_done(source=source.uuid, coder=coder)
    except BaseException:
        project.close()
        path.unlink(missing_ok=True)
        raise
    project.close()
    return path


def _add_transcript(project: Project, path: Path, coder: str) -> None:
    """A transcript whose heading is kept out of its text, so it is neither coded nor counted as
    words: its "synthetic" line becomes the source's notice, shown above the transcript (the
    participant's facts are case and source attributes already)."""
    heading, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    synthetic = [line.strip() for line in heading.splitlines() if "SYNTHETIC" in line]
    project.sources.add(
        name=path.stem,
        text=body,
        coder=coder,
        original_name=path.name,
        original_format="txt",
        metadata={"notice": " ".join(synthetic)},
    )


def _source_attributes(project: Project, table: Path, coder: str) -> None:
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    modes = sorted({row["interview_mode"] for row in rows})
    project.cases.define_attribute(name="interview_date", type="date", scope="source", coder=coder)
    project.cases.define_attribute(
        name="interview_mode", type="choice", scope="source", choices=modes, coder=coder
    )
    for row in rows:
        source = project.sources.find(row["source"])
        for attribute in ("interview_date", "interview_mode"):
            project.cases.set_value(
                scope="source", item=source, attribute=attribute, value=row[attribute], coder=coder
            )


def _locate(text: str, quote: str, source: str) -> tuple[int, int]:
    needle = normalize_text(quote).text
    start = text.find(needle)
    if start < 0 or text.find(needle, start + 1) >= 0:
        raise ValidationError(f"demo data: the quote {quote[:40]!r}… must occur once in {source}.")
    return start, start + len(needle)


def _codings(project: Project, data: dict[str, Any]) -> None:
    source = project.sources.find(data["source"])
    text = project.sources.text(source)
    by_coder: dict[str, list[CodingRequest]] = {key: [] for key in CODERS}
    for entry in data["codings"]:
        start, end = _locate(text, entry["quote"], data["source"])
        code = project.codebook.find(entry["code"])
        for key in entry["coders"]:
            by_coder[key].append(CodingRequest(source, code, start, end))
    for key, requests in by_coder.items():
        if requests:
            project.codings.apply_many(requests, coder=CODERS[key])
    for note in data.get("annotations", []):
        start, end = _locate(text, note["quote"], data["source"])
        project.annotations.add(
            source=source, start=start, end=end, text=note["text"], coder=CODERS[note["coder"]]
        )


def _memos(project: Project, memos: list[dict[str, Any]]) -> None:
    for memo in memos:
        kind, _, name = memo["target"].partition(":")
        if kind not in ("project", "code", "source"):
            raise ValidationError(f"demo data: a memo cannot target {kind!r}.")
        target = None
        if kind == "code":
            target = project.codebook.find(name)
        elif kind == "source":
            target = project.sources.find(name)
        project.memos.add(
            text=memo["text"],
            title=memo.get("title", ""),
            target_kind=kind,
            target=target,
            coder=CODERS[memo["author"]],
        )


def demo_working_copy() -> Path:
    """The user's own copy of the demo (built on first use), so the bundled data stays pristine."""
    from workbench.core.paths import user_data_dir

    path = user_data_dir() / "demo" / DEMO_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        building = path.with_name("building-" + path.name)
        building.unlink(missing_ok=True)
        build_demo(building)
        building.replace(path)
    return path
