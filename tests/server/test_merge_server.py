"""The three-way merge with a server project as "ours": the edits that need care while rows move
(names swapped, codes moved, text corrected on both sides, conflicts) come out as on a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench.core.project import Project
from workbench.core.server.snapshot import snapshot
from workbench.core.teamwork.merge import merge_copy, plan_merge
from workbench.core.text.replace import Replacement

TEXT = "We meet every week. Trust grew slowly. Zoom is how we talk.\n"


@dataclass
class Study:
    location: str
    ids: dict[str, str]
    copy: Path  # an offline copy taken before either side changed


@pytest.fixture
def study(server_project: Callable[..., str], tmp_path: Path) -> Study:
    location = server_project()
    with Project.open(location) as p:
        ids = {
            "P01": p.sources.add(name="P01", text=TEXT, coder="ana").created[-1],
            "Trust": p.codebook.add(name="Trust", coder="ana").created[-1],
            "Tools": p.codebook.add(name="Tools", coder="ana").created[-1],
            "Zoom": p.codebook.add(name="Zoom", coder="ana").created[-1],
        }
        p.codings.apply(source=ids["P01"], code=ids["Trust"], start=20, end=38, coder="ana")
        p.codings.apply(source=ids["P01"], code=ids["Zoom"], start=39, end=43, coder="ana")
        ids["memo"] = p.memos.add(text="first thoughts", coder="ana").created[-1]
    return Study(location, ids, snapshot(location, tmp_path / "bo.qwb"))


def test_renames_moves_and_text_corrections_merge_into_a_server_project(study: Study) -> None:
    location, ids, copy_path = study.location, study.ids, study.copy
    with Project.open(copy_path) as copy:
        # Swap two names (parked under a temporary name while they move), move a code.
        copy.codebook.rename(code=ids["Trust"], name="Tmp", coder="bo")
        copy.codebook.rename(code=ids["Tools"], name="Trust", coder="bo")
        copy.codebook.rename(code=ids["Trust"], name="Tools", coder="bo")
        copy.codebook.move(code=ids["Zoom"], parent=ids["Tools"], coder="bo")
        copy.memos.edit(memo=ids["memo"], text="second thoughts", coder="bo")
        # A correction before both codings: they move with the text.
        copy.sources.replace_text(
            source=ids["P01"], replacements=[Replacement(3, 7, "gather")], coder="bo"
        )
    with Project.open(location) as server:
        # Meanwhile on the server: a coding after the corrected words.
        server.codings.apply(source=ids["P01"], code=ids["Tools"], start=44, end=59, coder="ana")
        plan = plan_merge(server, copy_path)
        assert not plan.conflicts
        outcome = merge_copy(server, copy_path, coder="ana")
        assert outcome.backup is None
        names = {n.uuid: n.name for n in server.codebook.all()}
        assert (names[ids["Trust"]], names[ids["Tools"]]) == ("Tools", "Trust")
        assert server.codebook.path(ids["Zoom"]) == "Trust/Zoom"
        text = server.sources.text(ids["P01"])
        assert text == TEXT.replace("meet", "gather")
        spans = [
            (names[c.code_uuid], text[c.start : c.end])
            for c in server.codings.of_source(ids["P01"])
        ]
        assert sorted(spans) == [
            ("Tools", "Trust grew slowly."),  # Trust, renamed Tools in the copy
            ("Trust", "is how we talk."),  # Tools, coded on the server, renamed Trust
            ("Zoom", "Zoom"),
        ]
        assert [m.text for m in server.memos.list()] == ["second thoughts"]
        # Merging again changes nothing.
        assert merge_copy(server, copy_path, coder="ana").report.total_changes == 0


def test_a_conflict_is_settled_by_the_choice_on_a_server(study: Study) -> None:
    location, ids, copy_path = study.location, study.ids, study.copy
    with Project.open(copy_path) as copy:
        copy.codebook.rename(code=ids["Zoom"], name="Video calls", coder="bo")
    with Project.open(location) as server:
        server.codebook.rename(code=ids["Zoom"], name="Zoom meetings", coder="ana")
        plan = plan_merge(server, copy_path)
        assert len(plan.conflicts) == 1
        merge_copy(server, copy_path, coder="ana", prefer="theirs")
        assert server.codebook.name(ids["Zoom"]) == "Video calls"
