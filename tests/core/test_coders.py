"""Coders: a person's record is made when they say who they are, and work done under another
name (the login name, before they chose one) can be given to them as one undoable step."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workbench.core.db.models import AuditEntry, Coding
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.project import Project

LEAD = "Maya Chen"


def test_ensure_makes_the_record_once_with_the_chosen_colour(project: Project) -> None:
    made = project.coders.ensure(name="  Ana Silva ", color="#AA3300")
    assert (made.name, made.color) == ("Ana Silva", "#aa3300")
    again = project.coders.ensure(name="Ana Silva", color="#000000")
    assert again == made  # an existing coder keeps their colour
    with project.read() as s:
        actions = s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_uuid == made.uuid)
        ).all()
    assert list(actions) == ["create"]
    with pytest.raises(ValidationError):
        project.coders.ensure(name="Bo", color="red")


def test_reassign_gives_every_kind_of_work_and_is_one_undo_step(project: Project) -> None:
    source = project.sources.add(name="S", text="One two three four five six.", coder=LEAD)
    src = source.created[-1]
    code = project.codebook.add(name="A", coder=LEAD).created[-1]
    other = project.codebook.add(name="B", coder=LEAD).created[-1]
    project.coders.ensure(name=LEAD)
    project.codings.apply(source=src, code=code, start=0, end=3, coder=LEAD)
    twin = project.codings.apply(source=src, code=code, start=0, end=3, coder="root").created[-1]
    project.codings.apply(source=src, code=other, start=4, end=7, coder="root")
    project.memos.add(text="on the twin", target_kind="coding", target=twin, coder="root")
    project.annotations.add(source=src, start=8, end=13, text="note", coder="root")
    project.sources.set_done(source=src, coder="root")
    before = project.coders.work_of("root")
    assert (before.codings, before.annotations, before.memos, before.done_marks) == (2, 1, 1, 1)

    changes = project.coders.reassign(old="root", new=LEAD, coder=LEAD)
    assert project.coders.work_of("root").empty
    work = project.coders.work_of(LEAD)
    assert (work.codings, work.annotations, work.memos, work.done_marks) == (2, 1, 1, 1)
    ranges = sorted((c.coder, c.start, c.end) for c in project.codings.of_source(src))
    assert ranges == [(LEAD, 0, 3), (LEAD, 4, 7)]  # the twin is not doubled
    (memo,) = [m for m in project.memos.list() if m.text == "on the twin"]
    with project.read() as s:
        kept = s.scalar(select(Coding.uuid).where(Coding.start == 0))
    assert memo.target_uuid == kept
    assert LEAD in project.sources.get(src).done_by

    project.restore(changes.undo, coder=LEAD)
    assert project.coders.work_of("root") == before
    assert sorted(c.coder for c in project.codings.of_source(src)) == [LEAD, "root", "root"]


def test_reassign_refuses_unknown_or_same_coders(project: Project) -> None:
    project.coders.ensure(name=LEAD)
    with pytest.raises(NotFoundError):
        project.coders.reassign(old="nobody", new=LEAD, coder=LEAD)
    with pytest.raises(ValidationError):
        project.coders.reassign(old=LEAD, new=LEAD, coder=LEAD)


def test_a_changes_coder_name_is_cleaned_like_every_name(project: Project) -> None:
    """``Project.write`` creates its coder through ``WriteTx.add_coder``: the name cleaned (a
    line break becomes a space), and the cleaned name finds that coder again."""
    first = project.codebook.add(name="One", coder="Maya\nChen").created[-1]
    project.codebook.add(name="Two", coder="Maya Chen")
    project.codebook.add(name="Three", coder="Maya\r\nChen")
    assert [c.name for c in project.coders.list()] == ["Maya Chen"]
    with project.read() as s:
        made = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "create")).all()
    assert "Coder 'Maya Chen' added" in made
    assert project.codebook.get(first).name == "One"
