"""Codings: range invariants, duplicates, retrieval, and text corrections that move them."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.project import Project
from workbench.core.services.codings import CodingRequest
from workbench.core.text.replace import Replacement

C = "Maya Chen"


@pytest.fixture
def code(project: Project) -> str:
    return project.codebook.add(name="Video calls", coder=C).created[-1]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=st.integers(-5, 400), end=st.integers(-5, 400))
def test_only_ranges_inside_the_text_are_accepted(
    project: Project, source: str, code: str, start: int, end: int
) -> None:
    length = len(project.sources.text(source))
    if 0 <= start < end <= length:
        project.codings.apply(source=source, code=code, start=start, end=end, coder=C)
        assert any(c.start == start and c.end == end for c in project.codings.of_source(source))
    else:
        with pytest.raises(ValidationError, match="0 ≤ start < end ≤ length"):
            project.codings.apply(source=source, code=code, start=start, end=end, coder=C)


def test_applying_twice_changes_nothing(project: Project, source: str, code: str) -> None:
    first = project.codings.apply(source=source, code=code, start=0, end=11, coder=C)
    second = project.codings.apply(source=source, code=code, start=0, end=11, coder=C)
    assert first.created and not second.created
    other = project.codings.apply(source=source, code=code, start=0, end=11, coder="Tomás Rivera")
    assert other.created
    assert len(project.codings.of_source(source)) == 2


def test_apply_many_is_all_or_nothing(project: Project, source: str, code: str) -> None:
    digest = hashlib.sha256(project.path.read_bytes()).hexdigest()
    with pytest.raises(ValidationError):
        project.codings.apply_many(
            [CodingRequest(source, code, 0, 5), CodingRequest(source, code, 5, 10**6)], coder=C
        )
    assert hashlib.sha256(project.path.read_bytes()).hexdigest() == digest
    with pytest.raises(NotFoundError, match="No code"):
        project.codings.apply(source=source, code="nope", start=0, end=1, coder=C)


def test_segments_and_ordering(project: Project, source: str, code: str) -> None:
    text = project.sources.text(source)
    zoom = text.index("Zoom 😀")
    project.codings.apply(source=source, code=code, start=zoom, end=zoom + 6, coder=C)
    project.codings.apply(source=source, code=code, start=0, end=11, coder="Tomás Rivera")
    infos = project.codings.of_source(source)
    assert [i.start for i in infos] == [0, zoom]
    segs = project.codings.segments(code=code, coder=C, context=4)
    assert len(segs) == 1 and segs[0].text == "Zoom 😀" and segs[0].before == " on "
    assert segs[0].code_path == "Video calls"


def test_remove_and_adjust(project: Project, source: str, code: str) -> None:
    uuid = project.codings.apply(source=source, code=code, start=0, end=11, coder=C).created[-1]
    project.codings.set_range(coding=uuid, start=2, end=8, coder=C)
    assert (
        project.codings.of_source(source)[0].start,
        project.codings.of_source(source)[0].end,
    ) == (2, 8)
    changes = project.codings.remove(codings=[uuid], coder=C)
    assert project.codings.of_source(source) == []
    project.restore(changes.undo, coder=C)
    assert [c.uuid for c in project.codings.of_source(source)] == [uuid]


def test_correcting_a_word_moves_codings_with_the_text(
    project: Project, source: str, code: str
) -> None:
    text = project.sources.text(source)
    slack = text.index("Slack")
    friday = text.index("Friday")
    zoom = text.index("Zoom")
    around = project.codings.apply(
        source=source, code=code, start=zoom - 3, end=zoom + 4, coder=C
    ).created[-1]
    after = project.codings.apply(
        source=source, code=code, start=friday, end=friday + 6, coder=C
    ).created[-1]
    inside = project.codings.apply(
        source=source, code=code, start=slack, end=slack + 5, coder=C
    ).created[-1]
    annotation = project.annotations.add(
        source=source, start=friday, end=friday + 6, text="Weekly", coder=C
    ).created[-1]
    token_before = project.text_token()
    changes = project.sources.replace_text(
        source=source,
        replacements=[
            Replacement(zoom, zoom + 4, "Zoom Workplace"),
            Replacement(slack - 4, slack + 6, ""),
        ],
        coder=C,
    )
    new_text = project.sources.text(source)
    spans = {c.uuid: (c.start, c.end) for c in project.codings.of_source(source)}
    assert new_text[slice(*spans[around])] == "on Zoom Workplace"
    assert new_text[slice(*spans[after])] == "Friday"
    assert inside not in spans and inside in changes.deleted
    assert any("Removed a coded span" in m for m in changes.messages)
    assert [
        new_text[a.start : a.end]
        for a in project.annotations.list(source=source)
        if a.uuid == annotation
    ] == ["Friday"]
    assert project.text_token() != token_before
    info = project.sources.get(source)
    assert info.length == len(new_text) and info.speakers == ("Interviewer", "P01")
    project.restore(changes.undo, coder=C)
    assert project.sources.text(source) == text
    assert {c.uuid for c in project.codings.of_source(source)} == {around, after, inside}


def test_text_replacements_must_fit(project: Project, source: str) -> None:
    with pytest.raises(ValidationError, match="P01"):
        project.sources.replace_text(
            source=source, replacements=[Replacement(5, 10**6, "x")], coder=C
        )
