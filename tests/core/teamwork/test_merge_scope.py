"""A merge that reads only the rows its copy's changes touch decides exactly as one that reads
this project whole: a copy whose changes touch rows deleted here, move codes and delete
sources, and random edits of both copies, merged with either choice, against the same merge
with every row read first."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import TEXT, Study
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_merge_properties import TEXT as PROPERTY_TEXT
from test_merge_properties import op, run_ops

from workbench.core.project import Project
from workbench.core.teamwork import merge_reader
from workbench.core.teamwork.merge import merge_copy
from workbench.core.teamwork.merge_report import Choice
from workbench.core.teamwork.rows import ORDER
from workbench.core.teamwork.share_copy import share_copy

MORE = "P02: The mentor sent notes every week and we read them together on Friday.\n"
Edit = tuple[str, int, object]
CHOICE = st.sampled_from(["mine", "theirs"])


def _state(project: Project) -> dict[str, object]:
    return {
        "sources": sorted(s.name for s in project.sources.list()),
        "codes": sorted(n.path for n in project.codebook.all()),
        "codings": sorted(
            (s.source, s.code_path, s.coder, s.start, s.end) for s in project.codings.segments()
        ),
        "memos": sorted(m.text for m in project.memos.list()),
    }


def _scenario(study: Study, tmp_path: Path) -> tuple[Path, Path]:
    """This project and a copy of it after both changed; returns (project file, copy file)."""
    here = study.project
    p02 = here.sources.add(name="P02", text=MORE, coder="Ana").created[-1]
    p03 = here.sources.add(name="P03", text=MORE + "x", coder="Ana").created[-1]
    for source in (p02, p03):
        here.codings.apply(source=source, code=study.slack, start=0, end=3, coder="Ana")
    copy_path = tmp_path / "copy-cy.qwb"
    share_copy(here, copy_path, coder="Ana")
    with Project.open(copy_path) as copy:
        copy.sources.delete(source=p02, coder="Cy")  # with its coding
        copy.codebook.move(code=study.zoom, parent=study.feelings, coder="Cy")
        copy.codings.apply(source=p03, code=study.zoom, start=5, end=11, coder="Cy")
        copy.codings.apply(source=study.source, code=study.feelings, start=0, end=11, coder="Cy")
        copy.memos.add(target_kind="source", target=p03, text="P03 is short", coder="Cy")
    here.sources.delete(source=p03, coder="Ana")  # what the copy coded is gone here
    here.codings.apply(source=p02, code=study.zoom, start=5, end=11, coder="Ana")
    at = TEXT.index("Slack")
    here.codings.apply(source=study.source, code=study.zoom, start=at, end=at + 5, coder="Ana")
    return here.path, copy_path


def _merged(project_file: Path, copy: Path, prefer: Choice) -> tuple[dict[str, object], object]:
    with Project.open(project_file) as project:
        outcome = merge_copy(project, copy, coder="Ana", prefer=prefer)
        report = outcome.report
        summary = (
            report.added,
            report.changed,
            report.deleted,
            sorted((c.key, c.kind, c.label) for c in report.conflicts),
            report.notes,
        )
        return _state(project), summary


@pytest.mark.parametrize("prefer", ["mine", "theirs"])
def test_reading_only_touched_rows_decides_as_reading_everything(
    study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefer: Choice
) -> None:
    project_file, copy = _scenario(study, tmp_path)
    study.project.close()
    whole = tmp_path / "whole.qwb"
    shutil.copyfile(project_file, whole)

    state, summary = _merged(project_file, copy, prefer)
    monkeypatch.setattr(merge_reader, "WHOLE_KINDS", ORDER)  # every row read up front
    assert (state, summary) == _merged(whole, copy, prefer)

    conflicts = {kind for _, kind, _ in summary[3]}  # type: ignore[index]
    assert "deleted_used" in conflicts  # P03 (deleted here) and P02 (deleted there) are used
    assert "Feelings/Zoom" in state["codes"]  # type: ignore[operator]
    feelings = ("P01", "Feelings", "Cy", 0, 11)
    assert feelings in state["codings"]  # type: ignore[operator]
    if prefer == "mine":
        assert state["sources"] == ["P01", "P02"]
        assert ("P02", "Feelings/Zoom", "Ana", 5, 11) in state["codings"]  # type: ignore[operator]
    else:
        assert state["sources"] == ["P01", "P03"]
        assert ("P03", "Feelings/Zoom", "Cy", 5, 11) in state["codings"]  # type: ignore[operator]
        assert state["memos"] == ["P03 is short"]


def _edited_pair(
    template: Path, folder: Path, mine_ops: list[Edit], theirs_ops: list[Edit]
) -> tuple[Path, Path]:
    """A project with two coded sources and a copy of it, both then edited; their paths."""
    path, copy = folder / "main.qwb", folder / "copy.qwb"
    shutil.copyfile(template, path)
    with Project.open(path) as project:
        codes = [project.codebook.add(name=n, coder="Ana").created[-1] for n in ("A", "B")]
        for name, text in (("S", PROPERTY_TEXT), ("T", MORE)):
            source = project.sources.add(name=name, text=text, coder="Ana").created[-1]
            for code, (start, end) in zip(codes, ((10, 14), (26, 31)), strict=True):
                project.codings.apply(source=source, code=code, start=start, end=end, coder="Ana")
        share_copy(project, copy, coder="Ana")
        run_ops(project, mine_ops, "Ana")
    with Project.open(copy) as theirs:
        run_ops(theirs, theirs_ops, "Ben")
    return path, copy


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=st.tuples(st.lists(op, max_size=6), st.lists(op, max_size=6)), prefer=CHOICE)
def test_random_edits_merge_as_with_every_row_read(
    _empty_template: Path, edits: tuple[list[Edit], list[Edit]], prefer: Choice
) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path, copy = _edited_pair(_empty_template, folder, *edits)
        shutil.copyfile(path, folder / "whole.qwb")
        touched = _merged(path, copy, prefer)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(merge_reader, "WHOLE_KINDS", ORDER)
            assert touched == _merged(folder / "whole.qwb", copy, prefer)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
