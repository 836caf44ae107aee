"""The in-app text correction: a retyped selection changes only the characters that differ, so
codings and annotations inside it keep their text; one it cannot place exactly is named."""

from __future__ import annotations

import random

from workbench.core.project import Project
from workbench.core.text.replace import Replacement

C = "Test Coder"


def _words(seed: int, size: int) -> str:
    rng = random.Random(seed)
    words = []
    while sum(len(w) + 1 for w in words) < size:
        words.append("".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randint(2, 8))))
    return " ".join(words)


def _setup(project: Project, text: str) -> tuple[str, str]:
    source = project.sources.add(name="Long", text=text, coder=C).created[-1]
    code = project.codebook.add(name="C", coder=C).created[-1]
    return source, code


def _code(project: Project, source: str, code: str, start: int, end: int) -> str:
    return project.codings.apply(source=source, code=code, start=start, end=end, coder=C).created[
        -1
    ]


def _ranges(project: Project, source: str) -> dict[str, tuple[int, int]]:
    return {c.uuid: (c.start, c.end) for c in project.codings.of_source(source)}


def test_a_retyped_paragraph_keeps_the_codings_inside_it(project: Project) -> None:
    paragraph = _words(1, 3500)
    text = paragraph + "\nNext paragraph.\n"
    source, code = _setup(project, text)
    inside = _code(project, source, code, 40, 60)
    around = _code(project, source, code, 1990, 2010)
    note = project.annotations.add(source=source, start=100, end=120, text="n", coder=C)
    retyped = paragraph[:2000] + "FIX" + paragraph[2004:]
    changes = project.sources.replace_text(
        source=source, replacements=[Replacement(0, len(paragraph), retyped)], coder=C
    )
    new = project.sources.text(source)
    assert new == retyped + "\nNext paragraph.\n"
    ranges = _ranges(project, source)
    assert ranges[inside] == (40, 60) and new[40:60] == text[40:60]
    assert new[slice(*ranges[around])] == text[1990:2000] + "FIX" + text[2004:2010]
    (annotation,) = project.annotations.list(source=source)
    assert (annotation.uuid, annotation.start, annotation.end) == (note.created[-1], 100, 120)
    assert not changes.messages


def test_a_coding_inside_words_deleted_from_the_selection_is_removed(project: Project) -> None:
    paragraph = _words(2, 3500)
    source, code = _setup(project, paragraph + "\n")
    gone = _code(project, source, code, 1100, 1200)
    kept = _code(project, source, code, 40, 60)
    shortened = paragraph[:1000] + paragraph[1400:]
    changes = project.sources.replace_text(
        source=source, replacements=[Replacement(0, len(paragraph), shortened)], coder=C
    )
    assert _ranges(project, source) == {kept: (40, 60)}
    assert gone not in _ranges(project, source)
    assert changes.messages == ("Removed a coded span at 1100-1200: its text was deleted.",)


def test_a_coding_on_exactly_the_selection_covers_what_was_typed(project: Project) -> None:
    text = "Then Jon said hello to Ann.\n"
    source, code = _setup(project, text)
    jon = _code(project, source, code, 5, 8)
    ann = _code(project, source, code, 23, 26)
    project.sources.replace_text(
        source=source,
        replacements=[Replacement(5, 8, "Jonathan"), Replacement(23, 26, "Mrs Ann")],
        coder=C,
    )
    new = project.sources.text(source)
    ranges = _ranges(project, source)
    assert new[slice(*ranges[jon])] == "Jonathan"
    assert new[slice(*ranges[ann])] == "Mrs Ann"


def test_above_the_cost_cap_a_coding_in_the_retyped_block_is_named(project: Project) -> None:
    rng = random.Random(4)
    block = "".join(rng.choice("abcdefgh") for _ in range(12_000))
    retyped = "".join("Z" if i % 500 == 250 else c for i, c in enumerate(block))
    source, code = _setup(project, block + "\n")
    inside = _code(project, source, code, 1000, 1020)
    changes = project.sources.replace_text(
        source=source, replacements=[Replacement(0, len(block), "Intro: " + retyped)], coder=C
    )
    assert _ranges(project, source) == {inside: (1007, 1027)}  # its text was found again
    (message,) = changes.messages
    assert message.startswith("A coded span at 1000-1020 lies in a change too long to compare")
    assert "now covers 1007-1027" in message


def test_codings_shifted_onto_each_others_ranges_and_back(project: Project) -> None:
    """Two codings of one code by one coder, end to end: a correction shifts each onto the
    other's old range, and undo shifts them back (the unique key must not trip midway)."""
    source, code = _setup(project, _words(3, 400) + "\n")
    first = _code(project, source, code, 100, 110)
    second = _code(project, source, code, 110, 120)
    changes = project.sources.replace_text(
        source=source, replacements=[Replacement(0, 0, "0123456789")], coder=C
    )
    assert _ranges(project, source) == {first: (110, 120), second: (120, 130)}
    redo = project.restore(changes.undo, coder=C)
    assert _ranges(project, source) == {first: (100, 110), second: (110, 120)}
    project.restore(redo.undo, coder=C)
    assert _ranges(project, source) == {first: (110, 120), second: (120, 130)}


def test_codings_a_correction_makes_identical_are_kept_once_and_come_back_on_undo(
    project: Project,
) -> None:
    """Deleting the text between the ends of two nested codings of one code and coder gives
    both the same range: the older stays, the other goes (named), and undo brings it back."""
    source, code = _setup(project, "abcdefghij klmnop")
    older = _code(project, source, code, 0, 1)
    _code(project, source, code, 0, 2)
    before = _ranges(project, source)
    changes = project.sources.replace_text(
        source=source, replacements=[Replacement(1, 2, "")], coder=C
    )
    assert _ranges(project, source) == {older: (0, 1)}
    assert any("kept once" in m for m in changes.messages)
    project.restore(changes.undo, coder=C)
    assert _ranges(project, source) == before
