"""Version-checked undo: a step is undone only while its rows are as it left them."""

from __future__ import annotations

import pytest
from state_dump import dump_state
from undo_world import CODER, World

from workbench.core.errors import UndoRefusedError, WorkbenchError
from workbench.core.project import Project


def _refused(project: Project, snapshot: object, match: str) -> None:
    before, revision = dump_state(project.path), project.revision()
    with pytest.raises(UndoRefusedError, match=match) as caught:
        project.restore(snapshot, coder=CODER)  # type: ignore[arg-type]
    assert isinstance(caught.value, WorkbenchError)
    assert str(caught.value).endswith("undo refused, nothing was changed.")
    assert dump_state(project.path) == before and project.revision() == revision


def test_undo_refuses_a_row_changed_since_by_someone_else(project: Project, world: World) -> None:
    step = project.codebook.rename(code=world.zoom, name="Video", coder=CODER)
    project.codebook.recolor(code=world.zoom, color="#101010", coder="Ben")
    _refused(project, step.undo, r"^The code 'Video' was changed after this step \(by Ben at ")


def test_undo_refuses_a_row_deleted_since(project: Project, world: World) -> None:
    step = project.memos.edit(memo=world.project_memo, text="New plan", coder=CODER)
    project.memos.delete(memo=world.project_memo, coder="Ben")
    _refused(project, step.undo, r"^The memo 'Plan' was deleted after this step \(by Ben at ")


def test_undo_refuses_a_created_row_changed_since(project: Project, world: World) -> None:
    step = project.codebook.add(name="Teams", parent=world.tools, coder=CODER)
    project.codebook.rename(code=step.created[0], name="MS Teams", coder="Ben")
    _refused(project, step.undo, "The code 'MS Teams' was changed after this step")


def test_undo_of_a_delete_refuses_a_row_brought_back_since(project: Project, world: World) -> None:
    step = project.memos.delete(memo=world.code_memo, coder=CODER)
    project.restore(step.undo, coder="Ben")  # Ben's own undo brings it back
    _refused(project, step.undo, "The memo was changed after this step")


def test_a_redo_is_refused_too(project: Project, world: World) -> None:
    step = project.codings.set_range(coding=world.c_awkward, start=98, end=110, coder=CODER)
    undone = project.restore(step.undo, coder=CODER)
    project.codings.set_range(coding=world.c_awkward, start=100, end=105, coder="Ben")
    _refused(project, undone.undo, r"The coding was changed after this step \(by Ben")


def test_steps_undone_in_turn_follow_each_other(project: Project, world: World) -> None:
    """Undoing a later step rewrites rows an earlier step expects; ``after_restore`` keeps the
    earlier step's expectation in line (what the GUI's undo stack does)."""
    first = project.codebook.rename(code=world.zoom, name="Video", coder=CODER).undo
    second = project.codebook.rename(code=world.zoom, name="Video call", coder=CODER).undo
    start = dump_state(project.path)
    redo_second = project.restore(second, coder=CODER).undo
    _refused(project, first, "The code 'Video' was changed after this step")  # not followed
    first = first.after_restore(second.moves(redo_second))
    redo_first = project.restore(first, coder=CODER).undo
    assert project.codebook.name(world.zoom) == "Zoom"
    assert redo_second.after_restore(first.moves(redo_first)) == redo_second  # "Video" is gone
    undo_first = project.restore(redo_first, coder=CODER).undo
    redo_second = redo_second.after_restore(redo_first.moves(undo_first))
    project.restore(redo_second, coder=CODER)
    assert dump_state(project.path) == start


def test_a_burst_is_checked_against_its_last_save(project: Project, world: World) -> None:
    a = project.memos.edit(memo=world.project_memo, text="O", coder=CODER, burst="b")
    b = project.memos.edit(memo=world.project_memo, text="Ov", coder=CODER, burst="b")
    both = a.undo.then(b.undo)
    assert both.expects[world.project_memo] == project.revision()
    project.restore(both, coder=CODER)
    assert [m.text for m in project.memos.list() if m.uuid == world.project_memo] == ["Overall"]


def test_after_restore_moves_only_rows_put_back_to_the_expected_version() -> None:
    from workbench.core.changes import RowSnapshot, Snapshot

    restored = Snapshot(
        rows=(RowSnapshot("code", "a", {"version": 5}), RowSnapshot("code", "b", {"version": 4})),
        expects={"a": 6, "b": 6},
    )
    result = Snapshot(rows=restored.rows, expects={"a": 9, "b": 9})
    moves = restored.moves(result)
    assert moves == {"a": (5, 9), "b": (4, 9)}
    one = Snapshot(expects={"a": 5})  # fewer expectations than moves
    many = Snapshot(expects={"a": 5, "b": 3, "c": 5})  # more
    assert one.after_restore(moves).expects == {"a": 9}
    assert many.after_restore(moves).expects == {"a": 9, "b": 3, "c": 5}
    assert Snapshot(expects={"b": 3}).after_restore(moves).expects == {"b": 3}
