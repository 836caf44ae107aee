"""Row-version conflicts between two clients of one server project: the second of two edits
of the same row, made from what its coder read before the first, is refused with the other's
value and who made it; nothing is overwritten."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from row_edits import EDITS, MINE, THEIRS, RowEdit, stale_edit_is_refused

from workbench.core.errors import ConflictError
from workbench.core.project import Project


@pytest.mark.parametrize("case", EDITS, ids=[e.name for e in EDITS])
def test_an_edit_from_an_older_reading_is_refused(
    server_project: Callable[..., str], case: RowEdit
) -> None:
    location = server_project()
    with Project.open(location) as a, Project.open(location) as b:
        stale_edit_is_refused(a, b, case)


def test_two_clients_renaming_one_code_at_once_one_wins(
    server_project: Callable[..., str],
) -> None:
    """Both read version v and rename at the same moment: exactly one is saved, the other is
    told who won and with what name (the check runs under the project row's lock)."""
    location = server_project()
    with Project.open(location) as setup:
        code = setup.codebook.add(name="Trst", coder=THEIRS).created[-1]
        seen = setup.codebook.get(code).version
    outcomes: dict[str, BaseException | None] = {}
    start = threading.Barrier(2)

    def rename(coder: str) -> None:
        with Project.open(location) as project:
            start.wait()
            try:
                project.codebook.rename(
                    code=code, name=f"Trust ({coder})", coder=coder, expected_version=seen
                )
                outcomes[coder] = None
            except ConflictError as exc:
                outcomes[coder] = exc

    threads = [threading.Thread(target=rename, args=(c,)) for c in (THEIRS, MINE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [c for c, e in outcomes.items() if e is None]
    losers = [e for e in outcomes.values() if isinstance(e, ConflictError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].who == winners[0]
    assert losers[0].theirs == {"name": f"Trust ({winners[0]})"}
    with Project.open(location) as check:
        assert check.codebook.get(code).name == f"Trust ({winners[0]})"
