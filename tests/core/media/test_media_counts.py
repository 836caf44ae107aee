"""Code counts count media codings like codings: in a full count and by delta."""

from __future__ import annotations

import random
from pathlib import Path

from media_files import write_wav

from workbench.core.changes import Changes
from workbench.core.project import Project
from workbench.core.services.codebook_tree import flatten
from workbench.core.values import CodeNode

CODER = "Maya Chen"


def _counts(forest: list[CodeNode]) -> dict[str, tuple[int, ...]]:
    return {
        n.uuid: (n.codings, n.sources, n.cases, n.total_codings, n.total_sources, n.total_cases)
        for n in flatten(forest)
    }


def test_the_code_tree_counts_media_codings(project: Project, tmp_path: Path) -> None:
    theme = project.codebook.add(name="Tools", coder=CODER).created[0]
    zoom = project.codebook.add(name="Zoom", parent=theme, coder=CODER).created[0]
    text = project.sources.add(name="T", text="P01: Zoom again.\n", coder=CODER).created[-1]
    talk = project.sources.add(name="A", text="P01: Hello there.\n", coder=CODER).created[-1]
    project.media.attach(source_id=talk, path=write_wav(tmp_path / "a.wav", 2.0), coder=CODER)
    case = project.cases.add(name="Alex", coder=CODER).created[0]
    project.cases.link(case=case, source=talk, coder=CODER)
    project.codings.apply(source=text, code=zoom, start=5, end=9, coder=CODER)
    for start in (0, 1000):
        project.media_codings.apply(
            source_id=talk, code_id=zoom, start_ms=start, end_ms=start + 500, coder=CODER
        )
    counts = _counts(project.codebook.tree())
    assert counts[zoom] == (3, 2, 1, 3, 2, 1)
    assert counts[theme] == (0, 0, 0, 3, 2, 1)


def test_counts_by_delta_equal_a_full_count_after_media_codings_come_and_go(
    project: Project, tmp_path: Path
) -> None:
    parent = project.codebook.add(name="Tools", coder=CODER).created[0]
    codes = [
        project.codebook.add(name=f"K{n}", parent=parent, coder=CODER).created[0] for n in range(3)
    ]
    sources = []
    for n in range(3):
        source = project.sources.add(name=f"S{n}", text=f"P01: words {n}\n", coder=CODER)
        sources.append(source.created[-1])
        recording = write_wav(tmp_path / f"S{n}.wav", 3.0, pitch=200 + n)
        project.media.attach(source_id=sources[-1], path=recording, coder=CODER)
    case = project.cases.add(name="Alex", coder=CODER).created[0]
    project.cases.link(case=case, source=sources[0], coder=CODER)
    project.cases.link(case=case, source=sources[1], coder=CODER)
    rng = random.Random(7)
    forest = project.codebook.tree()
    for _ in range(25):
        existing = [c for s in sources for c in project.media_codings.for_source(s)]
        change: Changes
        if existing and rng.random() < 0.4:
            change = project.media_codings.remove(ids=[rng.choice(existing).id], coder=CODER)
        else:
            start = rng.randrange(0, 2500, 100)
            change = project.media_codings.apply(
                source_id=rng.choice(sources),
                code_id=rng.choice(codes),
                start_ms=start,
                end_ms=start + 400,
                coder=CODER,
            )
        counted = project.codebook.counted_after(forest, [change])
        assert counted is not None
        forest = project.codebook.tree()
        assert _counts(counted) == _counts(forest)
        now = sum(len(project.media_codings.for_source(s)) for s in sources)
        assert sum(n.codings for n in flatten(forest)) == now
