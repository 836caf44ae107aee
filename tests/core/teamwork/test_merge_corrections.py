"""Merging a copy whose text was corrected: codings on unchanged text keep exactly their
characters, codings in deleted text are reported lost, codings that cannot be moved exactly are
conflicts — none is stretched (issue 12, item 2)."""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from corrections import Case, cases, long_text
from hypothesis import HealthCheck, given, settings

from workbench.core.project import Project
from workbench.core.teamwork.merge import merge_copy, plan_merge
from workbench.core.teamwork.share_copy import share_copy
from workbench.core.text.replace import Replacement


class Setup:
    """A project with one source and codings on it, and a coder's copy of it."""

    def __init__(self, folder: Path, template: Path, text: str, spans: Sequence[tuple[int, int]]):
        self.path = folder / "project.qwb"
        shutil.copyfile(template, self.path)
        self.copy_path = folder / "copy.qwb"
        self.project = Project.open(self.path)
        self.source = self.project.sources.add(name="Long", text=text, coder="Ana").created[-1]
        self.code = self.project.codebook.add(name="C", coder="Ana").created[-1]
        self.codings: dict[str, tuple[int, int]] = {}
        for start, end in dict.fromkeys(spans):
            self.codings[self.code_range(start, end, self.project)] = (start, end)
        share_copy(self.project, self.copy_path, coder="Ana")

    def code_range(self, start: int, end: int, project: Project, coder: str = "Ana") -> str:
        changes = project.codings.apply(
            source=self.source, code=self.code, start=start, end=end, coder=coder
        )
        return changes.created[-1]

    def correct(self, project: Project, edits: Sequence[Replacement], coder: str) -> None:
        project.sources.replace_text(source=self.source, replacements=edits, coder=coder)

    def ranges(self) -> dict[str, tuple[int, int]]:
        return {c.uuid: (c.start, c.end) for c in self.project.codings.of_source(self.source)}

    def close(self) -> None:
        self.project.close()


def test_a_few_characters_corrected_in_a_long_paragraph(
    _empty_template: Path, tmp_path: Path
) -> None:
    """The report: coding 40-60 became 29-3083, "changed: 1 coding", no conflict."""
    text = long_text(11, 3)
    assert text.index("\n") > 3000
    setup = Setup(tmp_path, _empty_template, text, [(40, 60), (1990, 2010)])
    try:
        with Project.open(setup.copy_path) as copy:
            setup.correct(copy, [Replacement(2000, 2003, "fixed")], "Ben")
        outcome = merge_copy(setup.project, setup.copy_path, coder="Ana")
        report = outcome.report
        assert not report.conflicts
        # Only the coding around the correction changed (it covers "fixed" now); 40-60 did not.
        assert report.changed.get("coding") == 1 and "coding" not in report.deleted
        merged = setup.project.sources.text(setup.source)
        assert merged == text[:2000] + "fixed" + text[2003:]
        ranges = setup.ranges()
        first, second = setup.codings
        assert ranges[first] == (40, 60)
        assert merged[40:60] == text[40:60]
        assert merged[slice(*ranges[second])] == text[1990:2000] + "fixed" + text[2003:2010]
    finally:
        setup.close()


def test_the_other_copys_coding_lands_exactly_on_text_corrected_here(
    _empty_template: Path, tmp_path: Path
) -> None:
    text = long_text(12, 2)
    setup = Setup(tmp_path, _empty_template, text, [])
    try:
        with Project.open(setup.copy_path) as copy:
            theirs = setup.code_range(40, 60, copy, coder="Ben")
        setup.correct(
            setup.project, [Replacement(10, 12, "ABC"), Replacement(2500, 2500, "Z")], "Ana"
        )
        report = merge_copy(setup.project, setup.copy_path, coder="Ana").report
        assert not report.conflicts and report.added.get("coding") == 1
        merged = setup.project.sources.text(setup.source)
        assert setup.ranges()[theirs] == (41, 61)
        assert merged[41:61] == text[40:60]
    finally:
        setup.close()


def test_a_coding_in_deleted_text_is_reported_lost(_empty_template: Path, tmp_path: Path) -> None:
    text = long_text(13, 2)
    setup = Setup(tmp_path, _empty_template, text, [(1100, 1200), (40, 60), (3000, 3010)])
    try:
        with Project.open(setup.copy_path) as copy:
            setup.correct(copy, [Replacement(1000, 1400, "")], "Ben")
        plan = plan_merge(setup.project, setup.copy_path)
        assert plan.report.deleted == {"coding": 1}
        assert any("corrected away" in note for note in plan.report.notes)
        merge_copy(setup.project, setup.copy_path, coder="Ana")
        gone, first, last = setup.codings
        ranges = setup.ranges()
        assert gone not in ranges
        assert ranges[first] == (40, 60) and ranges[last] == (2600, 2610)
    finally:
        setup.close()


def _retyped_block() -> tuple[str, str, int]:
    """A text with a 12,000-letter block and the block retyped with a change every 500
    letters: comparing it character by character is over the cost cap."""
    rng = random.Random(5)
    block = "".join(rng.choice("abcdefgh") for _ in range(12_000))
    retyped = "".join("Z" if i % 500 == 250 else c for i, c in enumerate(block))
    head = "Before the block.\n"
    return head + block + "\nAfter.\n", head + retyped + "\nAfter.\n", len(head)


def test_above_the_cost_cap_my_codings_in_the_block_are_conflicts(
    _empty_template: Path, tmp_path: Path
) -> None:
    old, new, head = _retyped_block()
    spans = [(0, 6), (head + 1000, head + 1020), (head + 740, head + 760)]
    setup = Setup(tmp_path, _empty_template, old, spans)
    try:
        with Project.open(setup.copy_path) as copy:
            setup.correct(
                copy, [Replacement(head, head + 12_000, new[head : head + 12_000])], "Ben"
            )
        plan = plan_merge(setup.project, setup.copy_path)
        kept, inside, straddling = setup.codings
        conflicts = {c.uuid: c for c in plan.conflicts}
        assert set(conflicts) == {inside, straddling}
        assert {c.kind for c in conflicts.values()} == {"span_text"}
        assert "check it" in conflicts[inside].if_mine and conflicts[inside].if_theirs == "removed"
        choices = {conflicts[straddling].key: "theirs"}  # remove it; keep the other (default)
        merge_copy(setup.project, setup.copy_path, coder="Ana", choices=choices)
        ranges = setup.ranges()
        assert ranges == {kept: (0, 6), inside: (head + 1000, head + 1020)}
        assert setup.project.sources.text(setup.source) == new
    finally:
        setup.close()


def test_above_the_cost_cap_the_other_copys_codings_in_the_block_are_conflicts(
    _empty_template: Path, tmp_path: Path
) -> None:
    old, new, head = _retyped_block()
    setup = Setup(tmp_path, _empty_template, old, [])
    try:
        with Project.open(setup.copy_path) as copy:
            theirs = setup.code_range(head + 1000, head + 1020, copy, coder="Ben")
        setup.correct(
            setup.project, [Replacement(head, head + 12_000, new[head : head + 12_000])], "Ana"
        )
        (conflict,) = plan_merge(setup.project, setup.copy_path).conflicts
        assert (conflict.kind, conflict.uuid, conflict.if_mine) == (
            "span_text",
            theirs,
            "not merged",
        )
        report = merge_copy(setup.project, setup.copy_path, coder="Ana").report
        assert "coding" not in report.added and setup.ranges() == {}
        merge_copy(setup.project, setup.copy_path, coder="Ana", choices={conflict.key: "theirs"})
    finally:
        setup.close()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=cases())
def test_random_corrections_keep_untouched_codings_exactly(
    _empty_template: Path, case: Case
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        setup = Setup(Path(folder), _empty_template, case.old, case.spans)
        try:
            with Project.open(setup.copy_path) as copy:
                setup.correct(copy, case.edits, "Ben")
            outcome = merge_copy(setup.project, setup.copy_path, coder="Ana")
            assert setup.project.sources.text(setup.source) == case.new
            conflicted = {c.uuid for c in outcome.report.conflicts}
            ranges = setup.ranges()
            for uuid, span in setup.codings.items():
                if not case.touching(span):
                    assert ranges[uuid] == case.expected(span)
                    assert case.new[slice(*ranges[uuid])] == case.old[slice(*span)]
                elif uuid in ranges and uuid not in conflicted:
                    lo, hi = case.bounds(span)
                    assert lo <= ranges[uuid][0] < ranges[uuid][1] <= hi  # never stretched
            assert not conflicted  # every block is under the cost cap here
        finally:
            setup.close()


def test_codings_shifting_onto_each_others_old_ranges(
    _empty_template: Path, tmp_path: Path
) -> None:
    """Two codings of one code by one coder, end to end: shifted by a correction, each lands on
    the other's old range (the unique key must not trip in the middle of the update)."""
    text = long_text(14, 2)
    setup = Setup(tmp_path, _empty_template, text, [(100, 110), (110, 120)])
    try:
        with Project.open(setup.copy_path) as copy:
            setup.correct(copy, [Replacement(0, 0, "0123456789")], "Ben")
        merge_copy(setup.project, setup.copy_path, coder="Ana")
        first, second = setup.codings
        assert setup.ranges() == {first: (110, 120), second: (120, 130)}
        # the same through the in-app correction
        setup.correct(setup.project, [Replacement(0, 10, "")], "Ana")
        assert setup.ranges() == {first: (100, 110), second: (110, 120)}
    finally:
        setup.close()
