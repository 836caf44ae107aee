"""Autosave bursts in the core: successive saves of one burst share one audit entry, and their
undo snapshots combine into one that restores the state before the burst."""

from __future__ import annotations

from sqlalchemy import select

from workbench.core.changes import Snapshot
from workbench.core.db.models import AuditEntry
from workbench.core.project import Project

CODER = "Maya Chen"


def _audit(project: Project) -> list[tuple[str, dict[str, object], int]]:
    """(action, details, revision) of every audit entry, oldest first."""
    with project.read() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(e.action, dict(e.details), e.revision) for e in rows]


def test_saves_of_one_burst_share_one_audit_entry(project: Project) -> None:
    memo = project.memos.add(text="", title="Plan", coder=CODER).created[0]
    before = len(_audit(project))
    for text in ("Fi", "First dra", "First draft."):
        project.memos.edit(memo=memo, text=text, coder=CODER, burst="b1")
    entries = _audit(project)[before:]
    assert len(entries) == 1
    action, details, revision = entries[0]
    assert action == "edit" and details["burst"] == "b1"
    assert revision == project.revision()


def test_a_new_burst_or_another_change_starts_a_new_entry(project: Project) -> None:
    code = project.codebook.add(name="Flexibility", coder=CODER).created[0]
    before = len(_audit(project))
    project.codebook.define(code=code, description="Working", coder=CODER, burst="b1")
    project.codebook.define(code=code, description="Working when", coder=CODER, burst="b1")
    project.codebook.add(name="Other", coder=CODER)  # another command ends the burst
    project.codebook.define(code=code, description="Working when and", coder=CODER, burst="b1")
    project.codebook.define(code=code, description="When and where", coder=CODER, burst="b2")
    actions = [(action, details.get("burst")) for action, details, _ in _audit(project)[before:]]
    assert actions == [("define", "b1"), ("create", None), ("define", "b1"), ("define", "b2")]


def test_edits_without_a_burst_are_each_logged(project: Project) -> None:
    memo = project.memos.add(text="a", coder=CODER).created[0]
    before = len(_audit(project))
    project.memos.edit(memo=memo, text="ab", coder=CODER)
    project.memos.edit(memo=memo, text="abc", coder=CODER)
    assert len(_audit(project)[before:]) == 2


def test_combined_snapshots_undo_the_whole_burst(project: Project) -> None:
    memo = project.memos.add(text="Start", coder=CODER).created[0]
    first = project.memos.edit(memo=memo, text="Start, then", coder=CODER, burst="b")
    second = project.memos.edit(memo=memo, text="Start, then more", coder=CODER, burst="b")
    combined = first.undo.then(second.undo)
    assert len(combined.rows) == 1
    redo = project.restore(combined, coder=CODER)
    assert project.memos.list()[0].text == "Start"
    project.restore(redo.undo, coder=CODER)
    assert project.memos.list()[0].text == "Start, then more"


def test_combined_snapshot_deletes_rows_created_by_either_step() -> None:
    from workbench.core.changes import RowSnapshot

    a = RowSnapshot("memo", "m1", {"text": "old"})
    later = RowSnapshot("memo", "m1", {"text": "newer"})
    created = RowSnapshot("attribute_value", "v1", {"value": "x"})
    first = Snapshot(rows=(a,), created=(("attribute_value", "v1"),))
    second = Snapshot(rows=(later, created), created=(("memo", "m2"),))
    both = first.then(second)
    assert both.rows == (a,)
    assert both.created == (("attribute_value", "v1"), ("memo", "m2"))
