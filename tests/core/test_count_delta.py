"""Counts by delta: after any run of coding edits, undos and redos, the code tree's counts
brought up to date by delta equal a fresh full count, and so do the sources' coding counts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

import pytest

from workbench.core.changes import Changes
from workbench.core.project import Project
from workbench.core.services.codebook_tree import flatten
from workbench.core.services.codings import CodingRequest
from workbench.core.services.count_delta import DELTA_LIMIT
from workbench.core.values import CodeNode

CODER = "Maya Chen"
OTHER = "Sam Okafor"
TEXT = "P01: " + "word " * 80


def counts(forest: list[CodeNode]) -> dict[str, tuple[int, ...]]:
    return {
        n.uuid: (
            n.codings,
            n.sources,
            n.cases,
            n.total_codings,
            n.total_sources,
            n.total_cases,
        )
        for n in flatten(forest)
    }


@dataclass
class Study:
    project: Project
    codes: list[str]
    sources: list[str]
    done: list[Changes] = field(default_factory=list)  # the undo stack
    undone: list[Changes] = field(default_factory=list)  # what redo restores


def build(project: Project) -> Study:
    """Two themes, categories (codable too) with concepts under them; sources in zero, one or
    two cases (one linked twice, by speaker)."""
    codes: list[str] = []
    for t in range(2):
        theme = project.codebook.add(name=f"T{t}", coder=CODER).created[0]
        codes.append(theme)
        for c in range(2):
            category = project.codebook.add(name=f"C{c}", parent=theme, coder=CODER).created[0]
            codes.append(category)
            for k in range(3):
                add = project.codebook.add(name=f"K{k}", parent=category, coder=CODER)
                codes.append(add.created[0])
    sources = [
        project.sources.add(name=f"S{n}", text=f"{TEXT}{n}", coder=CODER).created[-1]
        for n in range(6)
    ]
    cases = [project.cases.add(name=f"Case {n}", coder=CODER).created[0] for n in range(3)]
    for case, members in zip(cases, ([0, 1], [1, 2, 3], [4]), strict=True):
        for n in members:
            project.cases.link(case=case, source=sources[n], coder=CODER)
    project.cases.link(case=cases[0], source=sources[0], speaker="P01", coder=CODER)
    return Study(project, codes, sources)


def restore(study: Study, changes: Changes, coder: str) -> Changes:
    """Undo or redo ``changes`` as the GUI's stack does: the other steps then expect the row
    versions this restore left (``Snapshot.moves``), or their undo would be refused."""
    result = study.project.restore(changes.undo, coder=coder)
    moves = changes.undo.moves(result.undo)
    for stack in (study.done, study.undone):
        stack[:] = [replace(c, undo=c.undo.after_restore(moves)) for c in stack]
    return result


def step(study: Study, rng: random.Random) -> Changes | None:
    """One random edit, undo or redo (None when it found nothing to do)."""
    project = study.project
    codings = [c for s in study.sources for c in project.codings.of_source(s)]
    coder = rng.choice([CODER, OTHER])
    roll = rng.random()
    if roll < 0.15 and study.done:
        undo = restore(study, study.done.pop(), coder)
        study.undone.append(undo)
        return undo
    if roll < 0.25 and study.undone:
        redo = restore(study, study.undone.pop(), coder)
        study.done.append(redo)
        return redo
    if roll < 0.55 or not codings:
        requests = []
        for _ in range(rng.choice([1, 1, 1, 3])):
            start = rng.randrange(0, 300)
            requests.append(
                (
                    rng.choice(study.sources),
                    rng.choice(study.codes),
                    start,
                    start + rng.randint(1, 40),
                )
            )
        if len(requests) == 1:
            source, code, start, end = requests[0]
            changes = project.codings.apply(
                source=source, code=code, start=start, end=end, coder=coder
            )
        else:
            changes = project.codings.apply_many([CodingRequest(*r) for r in requests], coder=coder)
    elif roll < 0.75:
        chosen = rng.sample(codings, min(len(codings), rng.choice([1, 1, 2, 4])))
        changes = project.codings.remove(codings=[c.uuid for c in chosen], coder=coder)
    elif roll < 0.9:
        changes = project.codings.change_code(
            coding=rng.choice(codings).uuid, code=rng.choice(study.codes), coder=coder
        )
    else:
        coding = rng.choice(codings)
        start = rng.randrange(0, 300)
        changes = project.codings.set_range(
            coding=coding.uuid, start=start, end=start + rng.randint(1, 40), coder=coder
        )
    if changes.empty:
        return None
    study.done.append(changes)
    study.undone.clear()
    return changes


@pytest.mark.parametrize("seed", range(4))
def test_delta_counts_equal_a_full_count_after_random_edits(project: Project, seed: int) -> None:
    study = build(project)
    rng = random.Random(seed)
    forest = project.codebook.tree()
    source_counts = {s: 0 for s in study.sources}
    pending: list[Changes] = []
    for _ in range(60):
        changes = step(study, rng)
        if changes is not None:
            pending.append(changes)
        if rng.random() < 0.4:
            continue  # several changes counted at once, as a burst is
        delta = project.codebook.counted_after(forest, pending)
        assert delta is not None
        forest = delta
        assert counts(forest) == counts(project.codebook.tree())
        changed = project.sources.counts_after(pending)
        assert changed is not None
        source_counts.update(changed)
        full = project.sources.coding_counts()  # sources without codings left out
        assert source_counts == {s: full.get(s, 0) for s in study.sources}
        pending = []
    assert any(n.total_cases for n in flatten(forest))  # the run did code something


def test_a_move_within_a_source_changes_no_source_count(project: Project) -> None:
    study = build(project)
    codes, source = study.codes, study.sources[0]
    coding = project.codings.apply(source=source, code=codes[2], start=0, end=5, coder=CODER)
    forest = project.codebook.tree()
    moved = project.codings.change_code(coding=coding.created[0], code=codes[3], coder=CODER)
    moves = project.codings.moves([moved])
    assert moves is not None and len(moves.gone) == len(moves.came) == 1
    after = project.codebook.counted_after(forest, [moved])
    assert after is not None
    by_uuid = {n.uuid: n for n in flatten(after)}
    assert (by_uuid[codes[2]].codings, by_uuid[codes[3]].codings) == (0, 1)
    assert by_uuid[codes[1]].total_sources == 1  # their category: still the one source
    assert counts(after) == counts(project.codebook.tree())


def test_codebook_case_and_bulk_changes_ask_for_a_full_count(project: Project) -> None:
    study = build(project)
    renamed = project.codebook.rename(code=study.codes[0], name="Theme", coder=CODER)
    assert project.codings.moves([renamed]) is None
    case = project.cases.add(name="New case", coder=CODER)
    assert project.codings.moves([case]) is None
    many = [
        CodingRequest(study.sources[n % 6], study.codes[2], n % 300, n % 300 + 1 + n // 300)
        for n in range(DELTA_LIMIT + 1)
    ]
    bulk = project.codings.apply_many(many, coder=CODER)
    assert project.codings.moves([bulk]) is None
    memo_only = project.memos.add(title="Note", text="x", coder=CODER)
    assert project.codings.moves([memo_only]) == project.codings.moves([])
