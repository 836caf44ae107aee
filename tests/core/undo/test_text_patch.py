"""A text correction keeps a compact inverse on the undo stack (the replacements, not the
transcript), and undo and redo still restore text, codings and annotations exactly."""

from __future__ import annotations

import pickle
import random

import pytest
from state_dump import dump_state
from undo_world import CODER
from write_probe import WriteProbe

from workbench.core.changes import Snapshot, TextPatch
from workbench.core.project import Project
from workbench.core.text.replace import Replacement
from workbench.core.text.text_patch import inverse_patch, patch_between


def long_transcript(size: int) -> str:
    rng = random.Random(7)
    words = ["mentor", "Zoom", "we", "talked", "about", "work", "and", "family", "often"]
    turns: list[str] = []
    length = 0
    while length < size:
        speaker = "Interviewer" if len(turns) % 2 == 0 else "P07"
        turns.append(f"{speaker}: " + " ".join(rng.choice(words) for _ in range(60)) + ".")
        length += len(turns[-1]) + 2
    return "\n\n".join(turns)[:size].rstrip() + "\n"


def _source_row(snapshot: Snapshot) -> dict[str, object]:
    (row,) = [r for r in snapshot.rows if r.kind == "source"]
    return dict(row.values)


@pytest.fixture
def big(project: Project) -> tuple[str, str]:
    """A 300k-character transcript with 200 codings and 20 annotations across it."""
    text = long_transcript(300_000)
    source = project.sources.add(name="P07", text=text, coder=CODER).created[-1]
    code = project.codebook.add(name="Zoom talk", coder=CODER).created[0]
    for k in range(200):
        at = text.index("Zoom", k * 1400)
        project.codings.apply(source=source, code=code, start=at - 10, end=at + 30, coder=CODER)
    for k in range(20):
        project.annotations.add(
            source=source, start=k * 14_000 + 5, end=k * 14_000 + 50, text=f"n{k}", coder=CODER
        )
    return source, text


def test_a_one_word_correction_keeps_a_few_bytes_and_undoes_exactly(
    project: Project, big: tuple[str, str], probe: WriteProbe
) -> None:
    source, text = big
    at = text.index("family", 150_000)
    before = dump_state(project.path)
    edit = probe.run(
        project,
        lambda: project.sources.replace_text(
            source=source, replacements=[Replacement(at, at + 6, "families")], coder=CODER
        ),
    )
    after = dump_state(project.path)
    kept = _source_row(edit.undo)["text"]
    assert kept == TextPatch(((at + 5, "ies", "y"),))  # narrowed to what changed
    assert len(pickle.dumps(edit.undo)) < len(text) // 4  # moved spans and turns, no transcript

    undone = probe.run(project, lambda: project.restore(edit.undo, coder=CODER))
    assert dump_state(project.path) == before and project.sources.text(source) == text
    assert _source_row(undone.undo)["text"] == TextPatch(((at + 5, "y", "ies"),))
    probe.run(project, lambda: project.restore(undone.undo, coder=CODER))
    assert dump_state(project.path) == after


def test_corrections_far_apart_keep_one_small_edit_each(
    project: Project, big: tuple[str, str]
) -> None:
    source, text = big
    first, last = text.index("work", 100), text.rindex("work")
    edit = project.sources.replace_text(
        source=source,
        replacements=[Replacement(first, first + 4, "job"), Replacement(last, last + 4, "jobs")],
        coder=CODER,
    )
    kept = _source_row(edit.undo)["text"]
    assert isinstance(kept, TextPatch) and sum(len(c) + len(r) for _, c, r in kept.edits) < 40
    project.restore(edit.undo, coder=CODER)
    assert project.sources.text(source) == text


def test_steps_on_one_text_compose(project: Project, big: tuple[str, str]) -> None:
    """``Snapshot.then`` (a burst of saves) chains the text inverses: back through both."""
    source, text = big
    a = project.sources.replace_text(
        source=source, replacements=[Replacement(0, 11, "Researcher")], coder=CODER
    )
    b = project.sources.replace_text(
        source=source, replacements=[Replacement(5, 9, "ARCH")], coder=CODER
    )
    both = a.undo.then(b.undo)
    project.restore(both, coder=CODER)
    assert project.sources.text(source) == text


def test_a_renamed_source_keeps_no_text_at_all(project: Project, big: tuple[str, str]) -> None:
    source, _ = big
    edit = project.sources.rename(source=source, name="P07b", coder=CODER)
    assert _source_row(edit.undo)["text"] == TextPatch()


@pytest.mark.parametrize(
    ("old", "reps"),
    [
        ("abcdef", [Replacement(1, 2, "XY"), Replacement(4, 4, "-")]),
        ("abc", [Replacement(0, 3, "")]),
        ("", [Replacement(0, 0, "new")]),
    ],
)
def test_patches_lead_back(old: str, reps: list[Replacement]) -> None:
    new, shift = old, 0
    for rep in reps:
        new = new[: rep.start + shift] + rep.new_text + new[rep.end + shift :]
        shift += len(rep.new_text) - (rep.end - rep.start)
    for patch in (inverse_patch(old, reps), patch_between(new, old)):
        assert patch.apply(new) == old and patch.inverse().apply(old) == new
    patch = inverse_patch(old, reps)
    if any(current for _, current, _ in patch.edits):  # a text the edits do not fit
        with pytest.raises(ValueError, match="not what this undo step expects"):
            patch.apply("#" * len(new))
