"""A merge reads the rows of this project its copy's changes touch, never a whole table of the
rows that grow with the data (codings, annotations, memos): every statement it runs on this
project's file that names one of them is checked with SQLite's EXPLAIN QUERY PLAN for a scan.
Its backup, copied while the merge is planned, is kept only when the merge writes."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest
from conftest import TEXT, Study
from sqlalchemy import Engine, event

from workbench.core.paths import backup_dir
from workbench.core.teamwork.merge import merge_copy

_GROWING = ("codings", "annotations", "memos")
_SCAN = re.compile(r"\bSCAN (TABLE )?(codings|annotations|memos)\b")


class Plans:
    """The query plans of the statements run on one file that name a growing table."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.plans: list[tuple[str, list[str]]] = []

    def __call__(
        self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        raw: sqlite3.Connection = cursor.connection
        files = {row[2] for row in raw.execute("PRAGMA database_list")}
        if self.path not in files or many or not any(t in statement for t in _GROWING):
            return
        rows = raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters or ()).fetchall()
        self.plans.append((statement, [str(row[-1]) for row in rows]))

    def scans(self) -> list[tuple[str, list[str]]]:
        return [(s, p) for s, p in self.plans if any(_SCAN.search(line) for line in p)]


@pytest.fixture
def plans(study: Study) -> Iterator[Plans]:
    watcher = Plans(str(study.project.path.resolve()))
    event.listen(Engine, "before_cursor_execute", watcher)
    try:
        yield watcher
    finally:
        event.remove(Engine, "before_cursor_execute", watcher)


def test_a_merge_scans_no_growing_table_of_this_project(study: Study, plans: Plans) -> None:
    start = TEXT.index("Slack")
    with study.copy() as copy:
        copy.codings.apply(
            source=study.source, code=study.slack, start=start, end=start + 5, coder="Ben"
        )
        copy.codings.remove(codings=[study.coding], coder="Ben")
        copy.codebook.move(code=study.zoom, parent=study.feelings, coder="Ben")
        copy.memos.add(target_kind="code", target=study.slack, text="Slack is new", coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert outcome.report.total_changes >= 4
    assert plans.plans, "the merge ran no statement on codings here: the hook saw nothing"
    assert plans.scans() == []


def test_the_backup_written_beside_the_planning_is_kept_only_when_used(study: Study) -> None:
    folder = backup_dir(study.project.info().uuid)
    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ben")
    first = merge_copy(study.project, study.copy_path, coder="Ana")
    assert first.backup is not None and first.backup.parent == folder
    with closing(sqlite3.connect(first.backup)) as saved:  # the project before the merge
        assert saved.execute("SELECT count(*) FROM codings").fetchone()[0] == 1
    again = merge_copy(study.project, study.copy_path, coder="Ana")  # nothing to do
    assert again.backup is None
    assert sorted(p.name for p in folder.glob("*before-merge*")) == [first.backup.name]
