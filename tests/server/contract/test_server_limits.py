"""What PostgreSQL refuses and SQLite takes: a project file keeps it, a server project refuses
the change with a clear message and keeps nothing of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from undo_world import CODER, World

from workbench.core.errors import ServerConnectionError, ServerError, ValidationError
from workbench.core.project import Project


def test_a_nul_character_is_refused_clearly_on_a_server_only(
    project: Project, world: World
) -> None:
    before = project.revision()
    if not project.on_server:  # a file stores it, as it always did
        memo = project.memos.add(text="a\x00b", coder=CODER).created[-1]
        assert {m.uuid: m.text for m in project.memos.list()}[memo] == "a\x00b"
        return
    with pytest.raises(ValidationError, match=r"text of the memo holds the character U\+0000"):
        project.memos.add(text="a\x00b", coder=CODER)
    with pytest.raises(ValidationError, match=r"text of the source 'P09' .* character 3"):
        project.sources.add(name="P09", text="ab\x00c", coder=CODER)
    with pytest.raises(ValidationError, match="description of the code 'Zoom'"):
        project.codebook.define(code=world.zoom, description="\x00", coder=CODER)
    assert project.revision() == before


def test_the_drivers_own_nul_error_is_no_connection_problem(
    server_project: Callable[..., str],
) -> None:
    """A write that bypasses the ORM's check (raw SQL) is refused by the driver itself."""
    with Project.open(server_project()) as project:
        with (
            pytest.raises(ServerError, match=r"cannot store the character U\+0000") as caught,
            project.write(coder=CODER) as tx,
        ):
            tx.session.execute(text("UPDATE project SET description = :d"), {"d": "a\x00"})
        assert not isinstance(caught.value, ServerConnectionError)
        assert project.info().description == ""
