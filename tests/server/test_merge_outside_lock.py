"""A merge into a server project plans outside the write lock: another coder's write goes on
while the merge reads both projects, and a change committed meanwhile makes the merge plan
again, so that it comes out as a merge planned after that change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import test_merge_server
from test_merge_server import TEXT, Study

from workbench.core.progress import Progress
from workbench.core.project import Project
from workbench.core.teamwork.merge import apply_merge, plan_merge
from workbench.core.teamwork.merge_report import MergeOutcome, MergePlan

WAIT = 5.0  # seconds the merge's planning waits for the other coder's write (lock_timeout: 10 s)
READING = "Reading both projects"  # the first step of every planning of the merge

study = test_merge_server.study  # the study of test_merge_server: a server project and a copy of it


@dataclass
class MergeRun:
    """A merge into the server whose planning, at its "Comparing" step, waits (at most
    ``WAIT``) for another coder's write (``during``, in another thread with its own connection)
    to commit, then runs ``after`` (in the merge's thread)."""

    location: str
    during: Callable[[Project], object] | None = None
    after: Callable[[], object] | None = None
    labels: list[str] = field(default_factory=list)

    def merge(self, copy: Path, *, coder: str = "ana") -> MergeOutcome:
        committed = threading.Event()
        errors: list[BaseException] = []

        def other_coder() -> None:
            try:
                with Project.open(self.location) as p:
                    assert self.during is not None
                    self.during(p)
                committed.set()
            except BaseException as exc:  # handed to the merge's thread
                errors.append(exc)

        thread = threading.Thread(target=other_coder, daemon=True)

        def report(done: int, total: int, label: str) -> None:
            self.labels.append(label)
            if label != "Comparing" or self.during is None or thread.ident is not None:
                return
            thread.start()
            if not committed.wait(WAIT):
                raise AssertionError(
                    errors[0] if errors else "the other coder's write waited for the merge"
                )
            if self.after is not None:
                self.after()

        try:
            with Project.open(self.location) as server:
                return apply_merge(server, copy, coder=coder, progress=Progress(report))
        finally:
            if thread.ident is not None:
                thread.join(30)

    @property
    def plannings(self) -> int:
        return self.labels.count(READING)


def test_another_coders_write_commits_while_the_merge_plans(study: Study) -> None:
    ids = study.ids
    with Project.open(study.copy) as copy:
        family = copy.codebook.add(name="Family", coder="bo").created[-1]
        copy.codings.apply(source=ids["P01"], code=family, start=0, end=19, coder="bo")

    def code_tools(p: Project) -> None:
        p.codings.apply(source=ids["P01"], code=ids["Tools"], start=44, end=59, coder="cy")

    run = MergeRun(study.location, during=code_tools)
    outcome = run.merge(study.copy)
    assert run.plannings == 2  # the coding committed meanwhile: planned again under the lock
    assert outcome.report.added == {"coder": 1, "code": 1, "coding": 1}  # bo, Family, its coding
    with Project.open(study.location) as server:
        names = {c.uuid: c.name for c in server.codebook.all()}
        spans = sorted(
            (names[c.code_uuid], TEXT[c.start : c.end])
            for c in server.codings.of_source(ids["P01"])
        )
        assert spans == [
            ("Family", "We meet every week."),
            ("Tools", "is how we talk."),
            ("Trust", "Trust grew slowly."),
            ("Zoom", "Zoom"),
        ]
        # Merging again changes nothing.
        again = apply_merge(server, study.copy, coder="ana")
        assert again.report.total_changes == 0


def test_a_change_committed_while_planning_makes_the_merge_plan_again(study: Study) -> None:
    ids = study.ids
    with Project.open(study.copy) as copy:
        copy.codebook.rename(code=ids["Tools"], name="Software", coder="bo")
        copy.codebook.rename(code=ids["Trust"], name="Confidence", coder="bo")

    def delete_tools(p: Project) -> None:
        p.codebook.delete(code=ids["Tools"], coder="cy")

    expected: list[MergePlan] = []

    def plan_after_the_delete() -> None:
        with Project.open(study.location) as server:
            expected.append(plan_merge(server, study.copy))

    run = MergeRun(study.location, during=delete_tools, after=plan_after_the_delete)
    outcome = run.merge(study.copy)
    assert run.plannings == 2
    (plan,) = expected
    assert [c.kind for c in plan.conflicts] == ["deleted_edited"]
    assert outcome.report == plan.report
    with Project.open(study.location) as server:
        names = {c.uuid: c.name for c in server.codebook.all()}
    assert names == {ids["Trust"]: "Confidence", ids["Zoom"]: "Zoom"}


def test_a_plan_nothing_overtook_is_applied_as_planned(study: Study) -> None:
    ids = study.ids
    with Project.open(study.copy) as copy:
        copy.codebook.rename(code=ids["Zoom"], name="Video calls", coder="bo")
    run = MergeRun(study.location)
    outcome = run.merge(study.copy)
    assert run.plannings == 1
    assert outcome.report.changed == {"code": 1}
    with Project.open(study.location) as server:
        assert server.codebook.name(ids["Zoom"]) == "Video calls"


def test_a_coders_first_change_being_the_merge_plans_again(study: Study) -> None:
    # The write adds the merging coder's row before anything else; the copy holds a coder of
    # that name, which the plan made before that row existed would add a second time.
    with Project.open(study.copy) as copy:
        copy.codebook.add(name="Family", coder="dee")
    run = MergeRun(study.location)
    run.merge(study.copy, coder="dee")
    assert run.plannings == 2
    with Project.open(study.location) as server:
        assert "Family" in {c.name for c in server.codebook.all()}
        assert [c.name for c in server.coders.list()].count("dee") == 1
