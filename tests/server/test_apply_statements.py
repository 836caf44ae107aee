"""What one coding costs a coder on a server: the statements ``codings.apply`` sends. Each is
a round trip, under row-level security: the count is pinned so that it cannot grow back
unnoticed (a deterministic stand-in for the apply's latency target)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from roles_team import make_team
from sqlalchemy import event, text

from workbench.core.project import Project
from workbench.core.services.codings import CodingRequest


@contextmanager
def statements(project: Project) -> Iterator[list[str]]:
    """Every statement ``project`` sends to its server in the block, in order."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    engine = project._engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


STATEMENTS = 5  # 12 before they were folded together
"""Lock + revision + coder; source + code + already applied?; the audit entry; the coding;
the change feed + NOTIFY. (Besides: the pool's ping, BEGIN and COMMIT.)"""


def test_a_coders_apply_sends_few_statements(server_project: Callable[..., str]) -> None:
    team = make_team(server_project())
    with team.open("ana") as project:
        before = project.revision()
        with statements(project) as sent:
            changes = project.codings.apply(
                source=team.source, code=team.code, start=20, end=30, coder="ana"
            )
        with statements(project) as again:
            repeated = project.codings.apply(
                source=team.source, code=team.code, start=20, end=30, coder="ana"
            )
        with project.read() as s:
            feed = s.execute(
                text("SELECT kind, uuid FROM changes WHERE revision = :r"), {"r": changes.revision}
            ).all()
            by = s.scalar(
                text(
                    "SELECT k.name FROM change_revisions r JOIN coders k ON k.uuid = r.coder_uuid"
                    " WHERE r.revision = :r"
                ),
                {"r": changes.revision},
            )
            stamp = s.execute(text("SELECT modified_by, modified_at FROM project")).one()
            coder_uuid = s.scalar(text("SELECT uuid FROM coders WHERE name = 'ana'"))
    assert len(sent) == STATEMENTS, "\n".join(sent)
    assert len(again) <= STATEMENTS
    # The write did what it did before it was folded into fewer statements.
    coding = changes.created[-1]
    assert changes.revision == before + 1
    assert changes.rows_of("coding")[0].values["coder"] == "ana"
    assert feed == [("coding", coding)] and by == "ana"
    assert repeated.created == () and repeated.revision == before + 2
    assert stamp.modified_by == coder_uuid


def test_the_feed_records_every_row_of_a_big_write_and_a_removal(
    server_project: Callable[..., str],
) -> None:
    team = make_team(server_project())
    with team.open("ana") as project:
        many = [CodingRequest(team.source, team.code, i, i + 1) for i in range(10, 40)]
        many += [CodingRequest(team.source, team.code, i, i + 2) for i in range(0, 40)]
        applied = project.codings.apply_many(many, coder="ana")
        removed = project.codings.remove(codings=[applied.created[0]], coder="ana")
        with project.read() as s:
            rows = s.execute(
                text("SELECT revision, kind, uuid FROM changes WHERE revision >= :r"),
                {"r": applied.revision},
            ).all()
    assert len(applied.created) == 70
    assert sorted(rows) == sorted(
        [(applied.revision, "coding", u) for u in applied.created]
        + [(removed.revision, "coding", applied.created[0])]
    )
