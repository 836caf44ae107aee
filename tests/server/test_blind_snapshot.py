"""A blind coder's offline copy holds only their own codings and annotations, and merges back
(by an owner) without deleting anyone else's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from roles_team import make_team

from workbench.core.project import Project
from workbench.core.server import members
from workbench.core.server.snapshot import snapshot
from workbench.core.teamwork.merge import merge_copy


def test_a_blind_coders_snapshot_merges_back_without_deleting_others_work(
    server_project: Callable[..., str], tmp_path: Path
) -> None:
    team = make_team(server_project())
    with team.open("olga") as project:
        members.set_blind(project, True)
    copy = snapshot(team.url("ben"), tmp_path / "ben.qwb")
    with Project.open(copy) as offline:
        assert {c.uuid for c in offline.codings.of_source(team.source)} == {team.codings["ben"]}
        assert {a.uuid for a in offline.annotations.list()} == {team.annotations["ben"]}
        added = offline.codings.apply(
            source=team.source, code=team.code, start=30, end=35, coder="ben"
        ).created[-1]
    with team.open("olga") as owner:
        outcome = merge_copy(owner, copy, coder="olga")
        assert outcome.report.base == "copy of this project"
        assert outcome.report.added == {"coding": 1} and not outcome.report.deleted
        assert {c.uuid for c in owner.codings.of_source(team.source)} == {
            team.codings["ana"],
            team.codings["ben"],
            added,
        }
        assert len(owner.annotations.list()) == 2
