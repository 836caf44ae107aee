"""Merge properties on random edits of both copies: idempotent, nothing silently lost,
choices honoured, one-sided changes carried."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.teamwork.merge import merge_copy
from workbench.core.teamwork.share_copy import share_copy

TEXT = "We met on Zoom. Now we use Slack every day and a video call on Fridays.\n"
RANGES = [(0, 6), (10, 14), (3, 20), (26, 31), (40, 70)]
NAMES = ["Tools", "Zoom", "Slack", "Feelings", "Trust"]

op = st.one_of(
    st.tuples(st.just("code"), st.integers(0, 3), st.sampled_from(RANGES)),
    st.tuples(st.just("uncode"), st.integers(0, 20), st.just(None)),
    st.tuples(st.just("rename"), st.integers(0, 3), st.sampled_from(NAMES)),
    st.tuples(st.just("define"), st.integers(0, 3), st.sampled_from(["a", "b", "c"])),
    st.tuples(st.just("delete"), st.integers(0, 3), st.just(None)),
    st.tuples(st.just("move"), st.integers(0, 3), st.integers(-1, 3)),
)


def run_ops(project: Project, ops: list[tuple[str, int, object]], coder: str) -> None:
    source = project.sources.list()[0].uuid
    for kind, index, arg in ops:
        codes = [n.uuid for n in project.codebook.all()]
        if not codes:
            return
        code = codes[index % len(codes)]
        try:
            if kind == "code":
                assert isinstance(arg, tuple)
                project.codings.apply(
                    source=source, code=code, start=arg[0], end=arg[1], coder=coder
                )
            elif kind == "uncode":
                codings = project.codings.of_source(source)
                if codings:
                    project.codings.remove(
                        codings=[codings[index % len(codings)].uuid], coder=coder
                    )
            elif kind == "rename":
                project.codebook.rename(code=code, name=str(arg), coder=coder)
            elif kind == "define":
                project.codebook.define(code=code, description=f"{coder} {arg}", coder=coder)
            elif kind == "delete":
                project.codebook.delete(code=code, coder=coder, mode="delete_all")
            elif kind == "move":
                assert isinstance(arg, int)
                parent = None if arg < 0 else codes[arg % len(codes)]
                project.codebook.move(code=code, parent=parent, coder=coder)
        except ValidationError:
            pass  # a clash or a loop the service refuses: no change


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    mine_ops=st.lists(op, max_size=6),
    theirs_ops=st.lists(op, max_size=6),
    prefer=st.sampled_from(["mine", "theirs"]),
)
def test_random_edits_merge_soundly(
    _empty_template: Path,
    mine_ops: list[tuple[str, int, object]],
    theirs_ops: list[tuple[str, int, object]],
    prefer: str,
) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "main.qwb"
        shutil.copyfile(_empty_template, path)
        with Project.open(path) as project:
            source = project.sources.add(name="S", text=TEXT, coder="Ana").created[-1]
            tools = project.codebook.add(name="Tools", coder="Ana").created[-1]
            zoom = project.codebook.add(name="Zoom", parent=tools, coder="Ana").created[-1]
            project.codebook.add(name="Feelings", coder="Ana")
            project.codings.apply(source=source, code=zoom, start=10, end=14, coder="Ana")
            share_copy(project, folder / "copy.qwb", coder="Ana")
            base_codings = {c.uuid for c in project.codings.of_source(source)}
            run_ops(project, mine_ops, "Ana")
            with Project.open(folder / "copy.qwb") as copy:
                run_ops(copy, theirs_ops, "Ben")
                theirs_codings = {
                    c.uuid: (copy.codebook.path(c.code_uuid), c.start, c.end)
                    for c in copy.codings.of_source(source)
                }
                theirs_defs = {n.uuid: n.description for n in copy.codebook.all()}
            mine_defs = {n.uuid: n.description for n in project.codebook.all()}
            outcome = merge_copy(
                project,
                folder / "copy.qwb",
                coder="Ana",
                prefer=prefer,  # type: ignore[arg-type]
            )
            report = outcome.report
            merged = {c.uuid for c in project.codings.of_source(source)}
            merged_keys = {
                (c.code_uuid, c.coder, c.start, c.end) for c in project.codings.of_source(source)
            }
            defs = {n.uuid: n.description for n in project.codebook.all()}
            # Nothing silently lost: each coding Ben added is merged, or duplicates one here,
            # or a listed conflict about its code explains its absence.
            explained = [
                c
                for c in report.conflicts
                if c.kind in ("deleted_used", "deleted_edited") and c.choice == "mine"
            ]
            for uuid in set(theirs_codings) - base_codings:
                if uuid in merged:
                    continue
                assert explained, (uuid, theirs_codings[uuid], report)
                assert any("not merged" in c.if_mine for c in explained)
            # Choices honoured, and changes made on one side only carried over.
            for conflict in report.conflicts:
                assert conflict.choice == prefer
                if conflict.kind == "definition" and conflict.uuid in defs:
                    want = theirs_defs if prefer == "theirs" else mine_defs
                    assert defs[conflict.uuid] == want[conflict.uuid]
            in_conflict = {c.uuid for c in report.conflicts}
            for uuid, description in theirs_defs.items():
                if uuid in in_conflict or uuid not in defs:
                    continue
                if mine_defs.get(uuid, "") == "" and description:
                    assert defs[uuid] == description
            assert len(merged_keys) == len(merged)
            # Idempotent: merging the same copy again changes nothing.
            again = merge_copy(
                project,
                folder / "copy.qwb",
                coder="Ana",
                prefer=prefer,  # type: ignore[arg-type]
            )
            assert again.report.total_changes == 0, again.report
            assert not again.report.conflicts
    finally:
        shutil.rmtree(folder, ignore_errors=True)
