"""The write probe itself: it passes honest services and catches each way of forgetting undo."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from undo_world import CODER, World
from write_probe import WriteProbe

from workbench.core.changes import Changes
from workbench.core.db.models import Code, Memo
from workbench.core.db.transaction import WriteTx
from workbench.core.project import Project
from workbench.core.services.base import get_row


def test_an_honest_service_passes(project: Project, probe: WriteProbe, world: World) -> None:
    changes = probe.run(
        project, lambda: project.codebook.merge(code=world.slack, into=world.zoom, coder=CODER)
    )
    assert world.slack in changes.deleted


def test_a_forgotten_touch_is_caught(
    project: Project, probe: WriteProbe, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = WriteTx.touch

    def forgetful(self: WriteTx, row: object) -> None:
        if isinstance(row, Code):  # forget exactly one kind of row
            return
        real(self, row)  # type: ignore[arg-type]

    monkeypatch.setattr(WriteTx, "touch", forgetful)
    with pytest.raises(AssertionError, match="not in the undo snapshot") as caught:
        probe.run(project, lambda: project.codebook.rename(code=world.zoom, name="Z", coder=CODER))
    assert f"code {world.zoom}" in str(caught.value)
    assert "not in Changes.updated" in str(caught.value)
    assert "carries version" in str(caught.value)


def _raw_sql_service(project: Project, memo: str) -> Changes:
    """A toy service that writes one row through SQL, around the ORM and ``tx.touch``."""
    with project.write(coder=CODER) as tx:
        row = get_row(tx.session, Memo, memo, "memo")
        tx.touch(row)
        row.text = "edited"
        tx.session.execute(update(Memo).where(Memo.uuid != memo).values(title="Raw"))
    return tx.result


def test_a_raw_sql_write_is_caught(project: Project, probe: WriteProbe, world: World) -> None:
    with pytest.raises(AssertionError) as caught:
        probe.run(project, lambda: _raw_sql_service(project, world.project_memo))
    message = str(caught.value)
    assert world.project_memo not in message  # the touched row is fine
    assert f"memo {world.code_memo} (update): changed, but not in the undo snapshot" in message


def _sql_delete_service(project: Project, memo: str) -> Changes:
    with project.write(coder=CODER) as tx:
        tx.session.execute(text("DELETE FROM memos WHERE uuid = :u"), {"u": memo})
        tx.change("memos")
    return tx.result


def test_a_delete_without_tombstone_is_caught(
    project: Project, probe: WriteProbe, world: World
) -> None:
    with pytest.raises(AssertionError) as caught:
        probe.run(project, lambda: _sql_delete_service(project, world.project_memo))
    message = str(caught.value)
    assert "deleted, but not in the undo snapshot" in message
    assert "without a tombstone" in message


def test_a_row_inserted_behind_the_transaction_is_caught(
    project: Project, probe: WriteProbe, world: World
) -> None:
    def sneaky() -> Changes:
        with project.write(coder=CODER) as tx:
            code = get_row(tx.session, Code, world.zoom, "code")
            tx.session.add(
                Memo(
                    uuid="m-sneaky",
                    text="x",
                    title="",
                    author_id=tx.coder.id,
                    target_kind="code",
                    code_id=code.id,
                    created_at=tx.now,
                    modified_at=tx.now,
                )
            )
        return tx.result

    with pytest.raises(AssertionError) as caught:
        probe.run(project, sneaky)
    assert "memo m-sneaky (insert): written but carries version 0" in str(caught.value)
    assert "not in Changes.created" in str(caught.value)
    with project.read() as s:
        assert s.scalar(select(Memo.text).where(Memo.uuid == "m-sneaky")) == "x"
