"""Merging a coder's copy into this project: preview (``plan_merge``) and apply (``apply_merge``).

The merge is three-way against the base both copies started from (see ``merge_base``), runs in
one transaction after a backup copy of this project is written, records the new base so that
merging the same copy again changes nothing, and never drops anything silently: every row it
does not take is either a conflict resolved by a choice or counted in the report's notes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from workbench.core.changes import Changes
from workbench.core.db import row_copy, sqlite_file
from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.db.transaction import WriteTx
from workbench.core.errors import ValidationError
from workbench.core.paths import backup_dir
from workbench.core.progress import NO_PROGRESS, Progress
from workbench.core.server.members import require_owner_while_blind
from workbench.core.teamwork.merge_base import CommonBase, find_base, needs_history
from workbench.core.teamwork.merge_plan import MergePlanner
from workbench.core.teamwork.merge_reader import ProjectReader, read_touched, small_caches
from workbench.core.teamwork.merge_report import (
    Choice,
    MergeOutcome,
    MergePlan,
    MergeReport,
)
from workbench.core.teamwork.merge_write import (
    differs,
    record_base,
    tombstone_skipped,
    write_final,
)
from workbench.core.teamwork.rows import (
    ORDER,
    load_all,
    load_changed,
    load_created_at,
    load_header,
    load_source_bulk,
)
from workbench.core.text.wording import counted

if TYPE_CHECKING:
    from workbench.core.project import Project

# Notes on what the merge did: the counted noun, then the rest, whose {were}, {exist}, {they}
# agree with the count.
_NOTES = {
    "theirs_span_lost": (
        "coded span",
        "of the other copy lay in text corrected away here; not merged",
    ),
    "mine_span_lost": ("coded span", "here lay in text the other copy corrected away; removed"),
    "union_not_restored": (
        "item",
        "deleted in this project {exist} in the other copy; with no common base {they} {were} "
        "not restored",
    ),
    "union_not_deleted": ("item", "deleted in the other copy {were} kept here (no common base)"),
    "union_restored_for_use": (
        "item",
        "deleted here {were} restored because the other copy uses {them} (no common base)",
    ),
    "cascade": (
        "item",
        "that only pointed at items the other copy deleted {were} deleted too",
    ),
    "code_loop": (
        "code move",
        "from the other copy {were} not made: {they} would put a code below itself",
    ),
    "renamed": (
        "item",
        "from the other copy {were} renamed with a number to avoid a name clash",
    ),
    "duplicate": (
        "item",
        "from the other copy duplicated one here and {were} merged into {it_them}",
    ),
}


def _note(key: str, n: int) -> str:
    noun, rest = _NOTES[key]
    one = n == 1
    words = {
        "were": "was" if one else "were",
        "exist": "exists" if one else "exist",
        "they": "it" if one else "they",
        "them": "it" if one else "them",
        "it_them": "it",
    }
    return f"{counted(n, noun)} {rest.format(**words)}"


class _NothingToDo(Exception):
    pass


def plan_merge(
    project: Project, other: Path | str, *, progress: Progress = NO_PROGRESS
) -> MergePlan:
    """Preview merging the copy at ``other`` into ``project`` (nothing is written).

    Show ``plan.report`` (counts, conflicts with their default choice "mine", notes)."""
    other = _check_other(project, other)
    with project.read() as mine_s:
        planner, base = _plan_copy(mine_s, other, {}, "mine", _Steps(progress, 2))
    report = _report(planner, base, other)
    progress.step(2, 2, "")
    return MergePlan(other, report, planner.mine.revision, planner.theirs.revision)


def apply_merge(
    project: Project,
    plan: MergePlan | Path | str,
    *,
    coder: str,
    choices: Mapping[str, Choice] | None = None,
    prefer: Choice = "mine",
    progress: Progress = NO_PROGRESS,
) -> MergeOutcome:
    """Merge the copy (a plan from ``plan_merge``, or its path) into ``project``.

    ``choices`` maps conflict keys to "mine"/"theirs"; conflicts not in it take ``prefer``. A
    backup of the project is written first; everything commits in one transaction, so a
    cancel (``Cancelled`` from ``progress``) leaves the project as it was.

    On a server the merge is planned in a read snapshot before the write, so other coders'
    writes go on while it reads both projects; the write (which locks the project row) applies
    that plan only if nothing was committed since its snapshot, and otherwise plans again under
    the lock (a second plan outside could be overtaken again on a busy server; under the lock
    it is correct, only slower). A file has one writer program: it plans inside its write, as
    the backup is copied meanwhile."""
    steps = _Steps(progress, 4)
    other = plan.other if isinstance(plan, MergePlan) else _check_other(project, plan)
    wanted = dict(choices or {})
    ahead: _Planned | None = None
    if project.on_server:
        with project.read() as mine_s:
            ahead = _plan_copy(mine_s, other, wanted, prefer, steps)

    result: dict[str, object] = {}
    try:
        # The backup is copied while the copy is checked and the merge planned.
        with project.write(coder=coder) as tx, _backup_beside(project, tx) as backed_up:
            if ahead is not None and _current(tx, ahead[0]):
                planner, base = ahead
            else:
                if ahead is not None:  # committed meanwhile: planning again, from the start
                    steps = _Steps(progress, 4)
                planner, base = _plan_copy(tx.session, other, wanted, prefer, steps)
            report = _report(planner, base, other)
            result["report"] = report
            if report.total_changes == 0 and not _base_outdated(tx, planner):
                raise _NothingToDo
            if report.total_changes:
                steps.next("Backing up the project" if not project.on_server else "Merging")
                result["backup"] = backed_up()
                steps.next("Writing the merged rows")
                write_final(tx, planner)
                tombstone_skipped(tx, planner)
                _audit(tx, report, other)
            record_base(tx, planner)
            progress.step(4, 4, "")  # a cancel up to here rolls everything back
    except _NothingToDo:
        return MergeOutcome(_as(result["report"]), Changes(frozenset()), None)
    backup = result.get("backup")
    return MergeOutcome(
        _as(result["report"]),
        tx.result,
        backup if isinstance(backup, Path) else None,
        tx.revision if report.total_changes else None,
    )


def merge_copy(
    project: Project,
    other: Path | str,
    *,
    coder: str,
    prefer: Choice = "mine",
    choices: Mapping[str, Choice] | None = None,
    progress: Progress = NO_PROGRESS,
) -> MergeOutcome:
    """Plan and apply in one step (for scripts): conflicts take ``choices`` or ``prefer``."""
    return apply_merge(
        project, Path(other), coder=coder, choices=choices, prefer=prefer, progress=progress
    )


@contextmanager
def open_copy(path: Path) -> Iterator[Project]:
    """Open a coder's copy read-only; a copy in an older file format is upgraded in a temporary
    copy (the coder's file itself is never changed by a merge)."""
    from workbench.core.project import Project

    if sqlite_file.read_header(path).user_version >= SCHEMA_VERSION:
        with Project.open(path, read_only=True) as opened:
            yield opened
        return
    with tempfile.TemporaryDirectory(prefix="workbench-merge-") as folder:
        upgraded = Path(folder) / path.name
        shutil.copyfile(path, upgraded)
        with Project.open(upgraded) as opened:
            yield opened


# -- internals ----------------------------------------------------------------------------------
def _as(value: object) -> MergeReport:
    assert isinstance(value, MergeReport)
    return value


def _check_other(project: Project, other: Path | str) -> Path:
    require_owner_while_blind(project, "merging a copy")
    path = Path(other)
    if not project.on_server and path.resolve() == project.path.resolve():
        raise ValidationError("A project cannot be merged into itself; choose a coder's copy.")
    return path


class _Steps:
    """The merge's stages as monotonic steps of one ``total``."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def next(self, label: str) -> None:
        self.progress.step(self.done, self.total, label)
        self.done += 1


_Planned = tuple[MergePlanner, CommonBase | None]


def _plan_copy(
    mine_s: Session,
    other: Path,
    choices: Mapping[str, Choice],
    default: Choice,
    steps: _Steps,
) -> _Planned:
    """Plan merging the copy at ``other`` into the project read in ``mine_s``; the plan holds
    only values, no rows bound to either session."""
    with (
        open_copy(other) as theirs_project,
        theirs_project.read() as theirs_s,
        small_caches(mine_s, theirs_s),
    ):
        planner, base = _plan(mine_s, theirs_s, choices, default, steps)
    planner.close()
    return planner, base


def _current(tx: WriteTx, planner: MergePlanner) -> bool:
    """True if this write sees the project as the plan's snapshot saw it: nothing committed
    since (revisions follow commit order under the row lock) and nothing written yet in it
    (a coder's first change adds the coder's row)."""
    return tx.info.revision - 1 == planner.mine.revision and not tx.created


def _plan(
    mine_s: Session,
    theirs_s: Session,
    choices: Mapping[str, Choice],
    default: Choice,
    steps: _Steps,
) -> _Planned:
    steps.next("Reading both projects")
    mine = load_header(mine_s)
    theirs = load_header(theirs_s)
    if needs_history(mine, theirs):
        mine.audit = load_header(mine_s, with_audit=True).audit
        theirs.audit = load_header(theirs_s, with_audit=True).audit
    base = find_base(mine, theirs)
    reader = ProjectReader(mine_s, mine)
    reader.load_whole()
    if base is None:
        load_all(theirs_s, theirs)
    else:
        # Only what changed there since the base, what it shares with rows deleted here, and
        # what either side recorded as diverged.
        include = set(base.theirs_diverged) | set(base.mine_diverged) | set(mine.tombstones)
        # Sources changed here (a corrected text): the other copy's codings on them are mapped
        # from its text, which needs its source row.
        reader.load_changed("source", base.mine_revision)
        include |= {
            u for u, row in mine.rows["source"].items() if base.mine_changed(u, row.version)
        }
        load_changed(theirs_s, theirs, base.theirs_revision, include)
    read_touched(reader, theirs, base)

    def bulk(side: str, uuid: str) -> dict[str, object]:
        return load_source_bulk(mine_s if side == "mine" else theirs_s, uuid)

    steps.next("Comparing")
    planner = MergePlanner(
        mine,
        theirs,
        base,
        choices=choices,
        default=default,
        bulk=bulk,
        reader=reader,
        theirs_reader=ProjectReader(theirs_s, theirs),
    )
    planner.run()
    planner.created_at = load_created_at(theirs_s, planner.inserted)
    return planner, base


def _report(planner: MergePlanner, base: CommonBase | None, other: Path) -> MergeReport:
    added: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    deleted: Counter[str] = Counter()
    for kind in ORDER:
        mine = planner.mine.rows[kind]
        final = planner.final[kind]
        for uuid in planner.changed_rows(kind):
            if uuid not in mine:
                added[kind] += 1
            elif differs(planner, kind, uuid):
                changed[kind] += 1
        deleted[kind] += sum(1 for uuid in planner.removed if uuid in mine and uuid not in final)
    notes = []
    if base is None:
        notes.append(
            "The two files share no known starting point (the copy was not made with 'Save a "
            "copy for a coder'), so this merge is a union: it adds what is missing and deletes "
            "nothing; items both files changed are listed as conflicts."
        )
    for key, n in planner.notes.items():
        if n and key in _NOTES:
            notes.append(_note(key, n))
    return MergeReport(
        other_path=str(other),
        other_name=planner.theirs.name,
        base=None if base is None else base.how,
        added={k: v for k, v in added.items() if v},
        changed={k: v for k, v in changed.items() if v},
        deleted={k: v for k, v in deleted.items() if v},
        conflicts=planner.book.conflicts(),
        notes=tuple(notes),
    )


def _base_outdated(tx: WriteTx, planner: MergePlanner) -> bool:
    return row_copy.base_revision(tx, planner.theirs.file_id) != planner.theirs.revision


@contextmanager
def _backup_beside(project: Project, tx: WriteTx) -> Iterator[Callable[[], Path | None]]:
    """Copy the project as it is before the merge on a thread while the copy is checked and
    the merge planned (the write transaction keeps other writers out and has not touched the
    file yet); the caller calls the function given to wait for the copy and keep it. A copy
    not kept (nothing to merge, or the merge failed before it was needed) is deleted.

    On a server there is no copy (None): the merge is one server transaction, which commits
    whole or not at all, and the server's backups are PostgreSQL's (``pg_dump``)."""
    if project.on_server:
        yield lambda: None
        return
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir(tx.info.uuid) / f"{project.path.stem}-before-merge-{stamp}.qwb"
    kept: list[Path] = []

    def copy() -> Path:
        conn = project.sqlite_connection()
        try:
            sqlite_file.copy_file(conn, project.path, target)
        finally:
            conn.close()
        return target

    def keep() -> Path:
        kept.append(copying.result())
        return target

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="merge-backup") as pool:
        copying = pool.submit(copy)
        try:
            yield keep
        finally:
            if not kept and copying.exception() is None:
                target.unlink(missing_ok=True)


def _audit(tx: WriteTx, report: MergeReport, other: Path) -> None:
    summary = (
        f"Merged {report.other_name!r} ({other.name}): "
        f"{sum(report.added.values())} added, {sum(report.changed.values())} changed, "
        f"{sum(report.deleted.values())} deleted, {counted(len(report.conflicts), 'conflict')}"
        + ("; union, no common base" if report.union else "")
    )
    tx.audit(
        "merge",
        "project",
        tx.info.uuid,
        summary,
        other=str(other),
        base=report.base,
        added=dict(report.added),
        changed=dict(report.changed),
        deleted=dict(report.deleted),
        conflicts=[{"key": c.key, "label": c.label, "choice": c.choice} for c in report.conflicts],
        notes=list(report.notes),
    )
