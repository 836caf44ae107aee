"""Undo stays per user on a server: undoing my coding never takes away a colleague's later
work; it is refused with a message while a colleague's edit sits on the row."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workbench.core.errors import UndoRefusedError
from workbench.core.project import Project

TEXT = "P07: I met my mentor through a friend at work, and we still talk."


def _setup(location: str) -> tuple[str, str]:
    with Project.open(location) as setup:
        source = setup.sources.add(name="P07", text=TEXT, coder="Ana").created[-1]
        code = setup.codebook.add(name="Trust", coder="Ana").created[-1]
    return source, code


def test_my_undo_is_refused_once_a_colleague_edited_my_coding(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    source, code = _setup(location)
    with Project.open(location) as a, Project.open(location) as b:
        mine = a.codings.apply(source=source, code=code, start=0, end=10, coder="Ana")
        coding = mine.created[-1]
        b.codings.set_range(coding=coding, start=5, end=20, coder="Tomás")
        revision = a.revision()
        with pytest.raises(UndoRefusedError, match="changed after this step.*Tomás"):
            a.restore(mine.undo, coder="Ana")
        assert a.revision() == revision  # nothing written
        [kept] = b.codings.of_source(source)
        assert (kept.uuid, kept.start, kept.end) == (coding, 5, 20)  # Tomás's work stays


def test_my_undo_removes_only_my_coding(server_project: Callable[..., str]) -> None:
    location = server_project()
    source, code = _setup(location)
    with Project.open(location) as a, Project.open(location) as b:
        mine = a.codings.apply(source=source, code=code, start=0, end=10, coder="Ana")
        theirs = b.codings.apply(source=source, code=code, start=20, end=40, coder="Tomás")
        a.restore(mine.undo, coder="Ana")
        left = b.codings.of_source(source)
        assert [(c.uuid, c.coder, c.start, c.end) for c in left] == [
            (theirs.created[-1], "Tomás", 20, 40)
        ]
