"""Every file in …/shared/refi-qda/samples imports with exactly the counts it holds, and its
report lists exactly what was not carried over.

The numbers come from reading each sample's project.qde by hand (element by element): e.g.
ATLAS.ti's TestProject has 6 TextSources and 2 PDF representations whose text files are not in
the archive, 9 codings in them, 2 selections with a Description (annotations), 1 picture, 1
audio and 2 video sources (imported without their recordings, which are not in the archive, and
without their transcripts, whose text files are not either), 4 PDF areas with 4 codings, 2
picture and 1 video codings, 3 transcripts, 23 set members that are sources (5 of them the
recordings), and a note linked to a video selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from refi_helpers import SHARED

from workbench.core.project import Project
from workbench.core.refi import import_qdpx

COUNTS = ("sources", "codes", "codings", "memos", "cases", "annotations", "coders", "sets")
EXPECTED: dict[str, tuple[dict[str, int], tuple[str, ...]]] = {
    "TestProject.qdpx": (
        {"sources": 3, "codes": 14, "codings": 0, "memos": 2, "cases": 0, "annotations": 0}
        | {"coders": 4, "sets": 16},
        (
            "sources whose text file is missing from the archive (×8)",
            "codings in sources that were not imported (×9)",
            "annotations in sources that were not imported (×2)",
            "transcripts whose text file is missing from the archive (×2)",
            "set members that were not imported (×18)",
            "picture sources (the workbench holds text only)",
            "selections in picture sources",
            "codings of selections in picture sources (×2)",
            "area selections in PDFs (×4)",
            "codings of area selections in PDFs (×4)",
            "transcripts of video sources after the first",
            "graphs (network views)",
        ),
    ),
    "blank-atlas-project.qdpx": (
        {"sources": 0, "codes": 0, "codings": 0, "memos": 0, "cases": 0, "annotations": 0}
        | {"coders": 3, "sets": 0},
        (),
    ),
    "nvivo_project.qdpx": (
        {"sources": 2, "codes": 262, "codings": 0, "memos": 0, "cases": 0, "annotations": 0}
        | {"coders": 3, "sets": 0},
        (),
    ),
    "target-atlas-project.qdpx": (
        {"sources": 0, "codes": 3, "codings": 0, "memos": 0, "cases": 0, "annotations": 0}
        | {"coders": 3, "sets": 0},
        (),
    ),
}
SAMPLES = SHARED / "samples"


def test_the_corpus_is_exactly_the_files_expected() -> None:
    if not SAMPLES.is_dir():
        pytest.skip(f"…/shared/refi-qda/samples not present at {SAMPLES}")
    assert sorted(p.name for p in SAMPLES.glob("*.qdpx")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_imports_with_exact_counts_and_report(name: str, tmp_path: Path) -> None:
    sample = SAMPLES / name
    if not sample.exists():
        pytest.skip(f"…/shared/refi-qda/samples not present: {sample} is needed")
    counts, skipped = EXPECTED[name]
    report = import_qdpx(sample, tmp_path / "imported.qwb", coder="Tester")
    assert {k: report.counts[k] for k in COUNTS} == counts
    assert report.skipped == skipped
    with Project.open(tmp_path / "imported.qwb", read_only=True) as project:
        info = project.info()
        stored = {
            "sources": info.sources,
            "codes": info.codes,
            "codings": info.codings,
            "memos": info.memos,
            "cases": len(project.cases.list()),
            "annotations": len(project.annotations.list()),
            "coders": info.coders,
        }
    assert stored == {k: counts[k] for k in stored}
