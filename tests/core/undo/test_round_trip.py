"""Every public write method: state → edit → undo → the same state → redo → the edited state.

The methods are found by introspection (public methods of the services ``Project`` holds and of
``Project``, and public core functions taking a ``project``, that return ``Changes`` or open a
write transaction); ``test_every_write_method_has_a_case`` fails for a new one until it gets a
case in ``CASES`` or a reason in ``NOT_UNDOABLE``. Each step (the edit, the undo, the redo) runs
under the write probe, so a forgotten ``tx.touch`` anywhere fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest
from media_files import write_wav
from state_dump import dump_state, kept_coders, state_diff
from undo_world import CODER, World
from write_probe import WriteProbe

import workbench.core
from workbench.core.changes import Changes
from workbench.core.codebook_json import CodeSpec
from workbench.core.db.models import Tracked
from workbench.core.db.transaction import WriteTx
from workbench.core.project import Project
from workbench.core.services.base import Service
from workbench.core.services.codings import CodingRequest
from workbench.core.services.media_import import import_recording
from workbench.core.teamwork.consensus import disagreements, resolve
from workbench.core.text.replace import Replacement

Call = Callable[[], Changes]
Factory = Callable[[Project, World, Path], Call]

# Writers that do not undo through Project.restore, and why.
NOT_UNDOABLE: dict[str, str] = {
    "Project.restore": "it is the undo (and redo) itself, run by every case below",
    "Project.rename": "the project's name is not a tracked row; no undoable command renames it",
    "store_scope": "a project setting, not a tracked row: the GUI undoes it by storing the "
    "previous scope again (gui/operations/report_scope.py)",
    "CoderService.ensure": "creates a coder, which stays when a change is undone (who did "
    "what must stay known); returns the coder, not Changes",
    "apply_merge": "a merge clears the undo stack; it is undone as a whole from the backup "
    "it writes first (teamwork/merge_undo.py)",
    "import_qdc": "an import clears the undo stack (REFI codebook exchange)",
    "Project.changes_since": "reads only: the Changes of rows already committed (catching up)",
    "Project.remote_changes": "reads only: what others committed, as changes_since (a feed)",
}


def _replace_text(p: Project, w: World, _: Path) -> Call:
    # "Zoom" → "Zoom call" inside P01 moves the codings and the annotation after it.
    return lambda: p.sources.replace_text(
        source=w.s1, replacements=[Replacement(63, 63, " call")], coder=CODER
    )


def _import_file(p: Project, _: World, tmp: Path) -> Call:
    path = tmp / "P03.txt"
    path.write_text("Interviewer: Hello?\n\nP03: Hi.\n", encoding="utf-8")
    return lambda: p.sources.import_file(path, coder=CODER)


def _import_files(p: Project, _: World, tmp: Path) -> Call:
    paths = [tmp / "P03.txt", tmp / "P04.txt"]
    for number, path in enumerate(paths, start=3):
        path.write_text(f"Interviewer: Hello?\n\nP0{number}: Hi.\n", encoding="utf-8")
    return lambda: p.sources.import_files(paths, coder=CODER).changes


def _import_csv(p: Project, _: World, tmp: Path) -> Call:
    path = tmp / "participants.csv"
    path.write_text("case,Age,role\nAlex,35,mentee\nP01,27,mentor\n", encoding="utf-8")
    return lambda: p.cases.import_csv(path, coder=CODER)


def _resolve(p: Project, w: World, _: Path) -> Call:
    (found,) = disagreements(p, coders=["Ana", "Ben"])
    return lambda: resolve(p, found, resolution="keep", keep="Ben", coder=CODER)


def _resolve_into_new_coder(p: Project, w: World, _: Path) -> Call:
    (found,) = disagreements(p, coders=["Ana", "Ben"])
    return lambda: resolve(p, found, resolution="both", coder=CODER, apply_to=["Consensus"])


def _reassign(p: Project, w: World, _: Path) -> Call:
    p.codings.apply(source=w.s1, code=w.zoom, start=59, end=63, coder="Ana")  # a duplicate
    p.sources.set_done(source=w.s1, coder="Ana")
    return lambda: p.coders.reassign(old="Ana", new=CODER, coder=CODER)


def _recorded(p: Project, w: World, tmp: Path) -> Path:
    """P02 with a two-second recording linked (the precondition of the media cases)."""
    recording = write_wav(tmp / "P02.wav")
    p.media.attach(source_id=w.s2, path=recording, coder=CODER)
    return recording


def _attach(p: Project, w: World, tmp: Path) -> Call:
    recording = write_wav(tmp / "P01.wav", 1.5)
    return lambda: p.media.attach(source_id=w.s1, path=recording, embed=True, coder=CODER)


def _relink(p: Project, w: World, tmp: Path) -> Call:
    moved = tmp / "moved" / "P02.wav"
    moved.parent.mkdir()
    _recorded(p, w, tmp).rename(moved)
    return lambda: p.media.relink(source_id=w.s2, path=moved, coder=CODER)


def _detach(p: Project, w: World, tmp: Path) -> Call:
    _recorded(p, w, tmp)
    return lambda: p.media.detach(source_id=w.s2, coder=CODER)


def _media_code(p: Project, w: World, tmp: Path) -> Call:
    _recorded(p, w, tmp)
    return lambda: p.media_codings.apply(
        source_id=w.s2, code_id=w.zoom, start_ms=250, end_ms=1250, coder=CODER
    )


def _import_recording(p: Project, _: World, tmp: Path) -> Call:
    transcript = tmp / "P05.txt"
    transcript.write_text("[00:00:00] P05: Hello.\n[00:00:01] P05: Bye.\n", encoding="utf-8")
    recording = write_wav(tmp / "P05.wav", 1.5)
    return lambda: import_recording(p, recording, transcript=transcript, coder=CODER)


def _media_uncode(p: Project, w: World, tmp: Path) -> Call:
    _recorded(p, w, tmp)
    made = p.media_codings.apply(
        source_id=w.s2, code_id=w.zoom, start_ms=0, end_ms=500, coder="Ana"
    ).created[-1]
    return lambda: p.media_codings.remove(ids=[made], coder=CODER)


# method → {variant: factory}; the factory prepares and returns the call to check.
CASES: dict[str, dict[str, Factory]] = {
    "AnnotationService.add": {
        "": lambda p, w, _: (
            lambda: p.annotations.add(source=w.s2, start=0, end=11, text="Who asks", coder=CODER)
        )
    },
    "AnnotationService.edit": {
        "": lambda p, w, _: lambda: p.annotations.edit(annotation=w.note, text="Ok", coder=CODER)
    },
    "AnnotationService.delete": {
        "": lambda p, w, _: lambda: p.annotations.delete(annotation=w.note, coder=CODER)
    },
    "CaseService.add": {"": lambda p, w, _: lambda: p.cases.add(name="Sam", coder=CODER)},
    "CaseService.rename": {
        "": lambda p, w, _: lambda: p.cases.rename(case=w.case, name="Alexa", coder=CODER)
    },
    "CaseService.delete": {"": lambda p, w, _: lambda: p.cases.delete(case=w.case, coder=CODER)},
    "CaseService.link": {
        "": lambda p, w, _: lambda: p.cases.link(case=w.case, source=w.s2, coder=CODER)
    },
    "CaseService.unlink": {
        "": lambda p, w, _: lambda: p.cases.unlink(case=w.case, source=w.s1, coder=CODER)
    },
    "CaseService.define_attribute": {
        "": lambda p, w, _: (
            lambda: p.cases.define_attribute(
                name="Role", type="choice", choices=["mentor", "mentee"], coder=CODER
            )
        )
    },
    "CaseService.set_value": {
        "change": lambda p, w, _: (
            lambda: p.cases.set_value(
                scope="case", item=w.case, attribute="Age", value=35, coder=CODER
            )
        ),
        "new": lambda p, w, _: (
            lambda: p.cases.set_value(
                scope="source", item=w.s2, attribute="Site", value="York", coder=CODER
            )
        ),
    },
    "CaseService.import_csv": {"": _import_csv},
    "CodebookService.import_tree": {
        "": lambda p, w, _: (
            lambda: p.codebook.import_tree(
                codes=[CodeSpec("Places", children=(CodeSpec("Home"), CodeSpec("Work")))],
                coder=CODER,
            )
        )
    },
    "CodebookService.add": {
        "": lambda p, w, _: lambda: p.codebook.add(name="Teams", parent=w.tools, coder=CODER)
    },
    "CodebookService.rename": {
        "": lambda p, w, _: lambda: p.codebook.rename(code=w.zoom, name="Video", coder=CODER)
    },
    "CodebookService.recolor": {
        "": lambda p, w, _: lambda: p.codebook.recolor(code=w.zoom, color="#123456", coder=CODER)
    },
    "CodebookService.define": {
        "": lambda p, w, _: (
            lambda: p.codebook.define(
                code=w.zoom, description="Video calls", example="We met on Zoom", coder=CODER
            )
        )
    },
    "CodebookService.set_codable": {
        "": lambda p, w, _: (
            lambda: p.codebook.set_codable(code=w.feelings, codable=False, coder=CODER)
        )
    },
    "CodebookService.move": {
        "": lambda p, w, _: (
            lambda: p.codebook.move(code=w.zoom, parent=w.feelings, position=0, coder=CODER)
        )
    },
    "CodebookService.merge": {
        "": lambda p, w, _: lambda: p.codebook.merge(code=w.slack, into=w.zoom, coder=CODER),
        "into parent": lambda p, w, _: (
            lambda: p.codebook.merge(code=w.tools, into=w.feelings, coder=CODER)
        ),
        "with media codings": lambda p, w, tmp: (
            _media_code(p, w, tmp)(),
            lambda: p.codebook.merge(code=w.zoom, into=w.slack, coder=CODER),
        )[-1],
    },
    "CodebookService.split": {
        "": lambda p, w, _: (
            lambda: p.codebook.split(
                code=w.zoom, codings=[w.c_zoom], name="Zoom early", coder=CODER
            )
        )
    },
    "CodebookService.delete": {
        "refuse": lambda p, w, _: lambda: p.codebook.delete(code=w.unused, coder=CODER),
        "move_up": lambda p, w, _: (
            lambda: p.codebook.delete(code=w.zoom, mode="move_up", coder=CODER)
        ),
        "delete_all": lambda p, w, _: (
            lambda: p.codebook.delete(code=w.tools, mode="delete_all", coder=CODER)
        ),
        "delete_all with media codings": lambda p, w, tmp: (
            _media_code(p, w, tmp)(),
            lambda: p.codebook.delete(code=w.tools, mode="delete_all", coder=CODER),
        )[-1],
    },
    "CoderService.reassign": {
        "": _reassign,
        "with media codings": lambda p, w, tmp: (
            _media_uncode(p, w, tmp),  # Ana's media coding
            p.media_codings.apply(
                source_id=w.s2, code_id=w.zoom, start_ms=0, end_ms=500, coder=CODER
            ),  # the same as Maya's: a duplicate once Ana's work is hers
            p.media_codings.apply(
                source_id=w.s2, code_id=w.zoom, start_ms=0, end_ms=900, coder="Ana"
            ),
            lambda: p.coders.reassign(old="Ana", new=CODER, coder=CODER),
        )[-1],
    },
    "CoderService.recolor": {
        "": lambda p, w, _: (
            lambda: p.coders.recolor(coder=p.coders.find("Ana").uuid, color="#abcdef", by=CODER)
        )
    },
    "CodingService.apply": {
        "": lambda p, w, _: (
            lambda: p.codings.apply(source=w.s2, code=w.slack, start=47, end=67, coder=CODER)
        )
    },
    "CodingService.apply_many": {
        "": lambda p, w, _: (
            lambda: p.codings.apply_many(
                [CodingRequest(w.s1, w.slack, 0, 11), CodingRequest(w.s2, w.zoom, 32, 37)],
                coder=CODER,
            )
        )
    },
    "CodingService.remove": {
        "": lambda p, w, _: lambda: p.codings.remove(codings=[w.c_zoom, w.c_ben], coder=CODER)
    },
    "CodingService.change_code": {
        "": lambda p, w, _: (
            lambda: p.codings.change_code(coding=w.c_zoom, code=w.slack, coder=CODER)
        )
    },
    "CodingService.set_range": {
        "": lambda p, w, _: (
            lambda: p.codings.set_range(coding=w.c_awkward, start=98, end=113, coder=CODER)
        )
    },
    "MapService.relate": {
        "": lambda p, w, _: (
            lambda: p.map.relate(from_code=w.zoom, to_code=w.awkward, label="causes", coder=CODER)
        )
    },
    "MapService.relabel": {
        "": lambda p, w, _: lambda: p.map.relabel(relation=w.relation, label="vs", coder=CODER)
    },
    "MapService.unrelate": {
        "": lambda p, w, _: lambda: p.map.unrelate(relation=w.relation, coder=CODER)
    },
    "MapService.place": {
        "": lambda p, w, _: (
            lambda: p.map.place(positions={w.zoom: (0.0, 0.0), w.feelings: (5.0, 5.0)}, coder=CODER)
        )
    },
    "MemoService.add": {
        "": lambda p, w, _: (
            lambda: p.memos.add(text="Ask again", target_kind="case", target=w.case, coder=CODER)
        )
    },
    "MemoService.edit": {
        "": lambda p, w, _: (
            lambda: p.memos.edit(
                memo=w.project_memo, text="Overall plan", title="Plan B", coder=CODER
            )
        )
    },
    "MemoService.delete": {
        "": lambda p, w, _: lambda: p.memos.delete(memo=w.code_memo, coder=CODER)
    },
    "SetService.create": {
        "": lambda p, w, _: (
            lambda: p.sets.create(name="All", kind="source", members=[w.s1, w.s2], coder=CODER)
        )
    },
    "SetService.add_members": {
        "": lambda p, w, _: (
            lambda: p.sets.add_members(set=w.code_set, members=[w.awkward], coder=CODER)
        )
    },
    "SetService.remove_members": {
        "": lambda p, w, _: (
            lambda: p.sets.remove_members(set=w.code_set, members=[w.zoom], coder=CODER)
        )
    },
    "SetService.delete": {"": lambda p, w, _: lambda: p.sets.delete(set=w.code_set, coder=CODER)},
    "SourceService.add": {
        "": lambda p, w, _: lambda: p.sources.add(name="P04", text="P04: Yes.\n", coder=CODER)
    },
    "SourceService.import_file": {"": _import_file},
    "SourceService.import_files": {"": _import_files},
    "SourceService.rename": {
        "": lambda p, w, _: lambda: p.sources.rename(source=w.s1, name="Alex 1", coder=CODER)
    },
    "SourceService.replace_text": {"": _replace_text},
    "SourceService.set_done": {
        "unmark": lambda p, w, _: lambda: p.sources.set_done(source=w.s1, done=False, coder=CODER),
        "new mark": lambda p, w, _: lambda: p.sources.set_done(source=w.s2, coder=CODER),
    },
    "resolve": {"keep": _resolve, "new coder": _resolve_into_new_coder},
    "MediaService.attach": {
        "": _attach,
        "to stamped text": lambda p, w, tmp: (
            p.sources.add(name="P06", text="[00:00:01] P06: Hi.\n", coder=CODER),
            lambda: p.media.attach(
                source_id=p.sources.find("P06"), path=write_wav(tmp / "P06.wav"), coder=CODER
            ),
        )[-1],
    },
    "MediaService.relink": {"": _relink},
    "MediaService.detach": {"": _detach},
    "MediaCodingService.apply": {"": _media_code},
    "MediaCodingService.remove": {"": _media_uncode},
    "import_recording": {"": _import_recording},
    "SourceService.delete": {
        "": lambda p, w, _: lambda: p.sources.delete(source=w.s1, coder=CODER),
        "with recording": lambda p, w, tmp: (
            _media_code(p, w, tmp)(),
            lambda: p.sources.delete(source=w.s2, coder=CODER),
        )[-1],
    },
}


def write_methods() -> set[str]:
    """Every public write entry point of the core, by introspection."""
    from workbench.core.backups.service import BackupService

    found: set[str] = set()
    for info in pkgutil.walk_packages(workbench.core.__path__, "workbench.core."):
        module = importlib.import_module(info.name)
        for name, member in vars(module).items():
            if (
                inspect.isfunction(member)
                and member.__module__ == module.__name__
                and not name.startswith("_")
                and next(iter(inspect.signature(member).parameters), "") == "project"
                and _writes(member)
            ):
                found.add(name)
    for cls in {Project, BackupService, *Service.__subclasses__()}:  # all imported by now
        for name, member in vars(cls).items():
            if not name.startswith("_") and inspect.isfunction(member) and _writes(member):
                found.add(f"{cls.__name__}.{name}")
    return found


def _writes(function: Callable[..., object]) -> bool:
    returns = str(inspect.signature(function).return_annotation)
    return "Changes" in returns or ".write(coder" in inspect.getsource(function)


def test_every_write_method_has_a_case() -> None:
    found = write_methods()
    missing = sorted(found - set(CASES) - set(NOT_UNDOABLE))
    assert not missing, f"write methods without an undo round-trip case: {missing}"
    assert not set(CASES) & set(NOT_UNDOABLE)
    stale = sorted((set(CASES) | set(NOT_UNDOABLE)) - found)
    assert not stale, f"cases for methods that no longer exist or no longer write: {stale}"


EACH_CASE = pytest.mark.parametrize(
    ("method", "variant"),
    [(method, variant) for method, variants in CASES.items() for variant in variants],
    ids=lambda v: v or "-",
)


@EACH_CASE
def test_edit_undo_redo_round_trip(
    method: str,
    variant: str,
    project: Project,
    world: World,
    probe: WriteProbe,
    tmp_path: Path,
) -> None:
    call = CASES[method][variant](project, world, tmp_path)
    before = dump_state(project.path)
    edited = probe.run(project, call)
    after = dump_state(project.path)
    assert after != before, "the case changes nothing: it checks nothing"
    undone = probe.run(project, lambda: project.restore(edited.undo, coder=CODER))
    now = kept_coders(dump_state(project.path), before)
    assert now == before, f"undo did not restore the state:\n{state_diff(before, now)}"
    probe.run(project, lambda: project.restore(undone.undo, coder=CODER))
    now = dump_state(project.path)
    assert now == after, f"redo did not restore the edit:\n{state_diff(after, now)}"


@EACH_CASE
def test_a_forgotten_touch_in_any_method_fails_the_probe(
    method: str,
    variant: str,
    project: Project,
    world: World,
    probe: WriteProbe,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every ``tx.touch`` of the first row each method changes is skipped: the probe fails
    (unless the method then deletes that row, which ``tx.delete`` records on its own)."""
    call = CASES[method][variant](project, world, tmp_path)
    forgotten: list[str] = []
    touch = WriteTx.touch

    def forgetful(tx: WriteTx, row: Tracked) -> None:
        if row.uuid not in tx.created and (not forgotten or forgotten == [row.uuid]):
            forgotten[:] = [row.uuid]
            return
        touch(tx, row)

    monkeypatch.setattr(WriteTx, "touch", forgetful)
    try:
        changes = probe.run(project, call)
    except AssertionError as exc:
        assert forgotten and f" {forgotten[0]} (" in str(exc)
    else:
        assert not forgotten or forgotten[0] in changes.deleted
