"""Three-way merge of a coder's copy: carried changes, each conflict kind, union, idempotency."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import TEXT, Study

from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.teamwork.merge import apply_merge, merge_copy, plan_merge


def spans(project: Project) -> set[tuple[str, str, int, int]]:
    return {(s.code_path, s.coder, s.start, s.end) for s in project.codings.segments()}


def paths(project: Project) -> set[str]:
    return {n.path for n in project.codebook.all()}


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_changes_made_only_in_the_copy_are_carried_over(study: Study) -> None:
    with study.copy() as copy:
        s, e = at("Slack")
        copy.codings.apply(source=study.source, code=study.slack, start=s, end=e, coder="Ben")
        copy.codings.remove(codings=[study.coding], coder="Ben")  # an un-coding
        copy.codebook.rename(code=study.feelings, name="Emotions", coder="Ben")
        copy.codebook.define(code=study.zoom, description="Video calls on Zoom", coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert outcome.report.base == "copy of this project" and not outcome.report.conflicts
    assert spans(study.project) == {("Tools/Slack", "Ben", *at("Slack"))}
    assert "Emotions" in paths(study.project) and "Feelings" not in paths(study.project)
    assert study.project.codebook.get(study.zoom).description == "Video calls on Zoom"
    assert outcome.backup is not None and outcome.backup.exists()
    saved = sqlite3.connect(outcome.backup)
    assert saved.execute("SELECT count(*) FROM codings").fetchone()[0] == 1
    saved.close()


def test_changes_here_are_kept_and_the_copy_does_not_undo_them(study: Study) -> None:
    study.project.codebook.rename(code=study.slack, name="Slack chat", coder="Ana")
    study.project.codings.remove(codings=[study.coding], coder="Ana")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert outcome.report.total_changes == 0 and outcome.changes.empty
    assert "Tools/Slack chat" in paths(study.project) and spans(study.project) == set()


def test_merging_the_same_copy_twice_changes_nothing(study: Study) -> None:
    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ben")
    first = merge_copy(study.project, study.copy_path, coder="Ana")
    assert first.report.added == {"coder": 1, "coding": 1}
    revision = study.project.info().revision
    second = merge_copy(study.project, study.copy_path, coder="Ana")
    assert second.report.total_changes == 0 and second.backup is None
    assert study.project.info().revision == revision
    assert len(study.project.codings.segments()) == 2


def test_code_renamed_differently_in_both_is_a_conflict(study: Study) -> None:
    study.project.codebook.rename(code=study.zoom, name="Zoom calls", coder="Ana")
    with study.copy() as copy:
        copy.codebook.move(code=study.zoom, parent=study.feelings, coder="Ben")
    plan = plan_merge(study.project, study.copy_path)
    (conflict,) = plan.conflicts
    assert conflict.kind == "code_placement"
    assert (conflict.mine, conflict.theirs) == ("Tools/Zoom calls", "Feelings/Zoom")
    assert conflict.choice == "mine"
    apply_merge(study.project, plan, coder="Ana", choices={conflict.key: "theirs"})
    assert "Feelings/Zoom" in paths(study.project)
    assert spans(study.project) == {("Feelings/Zoom", "Ana", *at("Zoom"))}


def test_definition_edited_in_both_is_a_conflict_and_mine_is_the_default(study: Study) -> None:
    study.project.codebook.define(code=study.zoom, inclusion="Ana's rule", coder="Ana")
    with study.copy() as copy:
        copy.codebook.define(code=study.zoom, inclusion="Ben's rule", coder="Ben")
        copy.codebook.recolor(code=study.slack, color="#123456", coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    (conflict,) = outcome.report.conflicts
    assert conflict.kind == "definition" and "Ben's rule" in conflict.theirs
    assert study.project.codebook.get(study.zoom).inclusion == "Ana's rule"
    assert study.project.codebook.get(study.slack).color == "#123456"


def test_prefer_theirs_takes_the_copy_for_every_conflict(study: Study) -> None:
    study.project.codebook.define(code=study.zoom, inclusion="Ana's rule", coder="Ana")
    with study.copy() as copy:
        copy.codebook.define(code=study.zoom, inclusion="Ben's rule", coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana", prefer="theirs")
    assert [c.choice for c in outcome.report.conflicts] == ["theirs"]
    assert study.project.codebook.get(study.zoom).inclusion == "Ben's rule"


def test_code_deleted_here_but_used_in_the_copy(study: Study) -> None:
    study.project.codebook.delete(code=study.slack, coder="Ana")
    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ben")
    plan = plan_merge(study.project, study.copy_path)
    (conflict,) = plan.conflicts
    assert conflict.kind == "deleted_used" and conflict.label == "code Tools/Slack"
    assert "1 coding" in conflict.theirs and "not merged" in conflict.if_mine
    kept = apply_merge(study.project, plan, coder="Ana")
    assert "Tools/Slack" not in paths(study.project)
    assert kept.report.added == {"coder": 1}
    # The left-out coding is remembered, so merging again does not offer it as new.
    assert merge_copy(study.project, study.copy_path, coder="Ana").report.total_changes == 0


def test_code_deleted_here_restored_when_the_copy_wins(study: Study) -> None:
    study.project.codebook.delete(code=study.slack, coder="Ana")
    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ben")
    merge_copy(study.project, study.copy_path, coder="Ana", prefer="theirs")
    assert spans(study.project) >= {("Tools/Slack", "Ben", 0, 11)}


def test_code_deleted_in_the_copy_but_used_here(study: Study) -> None:
    study.project.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ana")
    with study.copy() as copy:
        copy.codebook.delete(code=study.slack, coder="Ben")
        copy.codebook.delete(code=study.feelings, coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    (conflict,) = outcome.report.conflicts
    assert conflict.kind == "deleted_used" and "1 coding" in conflict.mine
    assert "Tools/Slack" in paths(study.project)  # kept: mine is the default
    assert "Feelings" not in paths(study.project)  # unused there: the deletion is carried
    # The choice is remembered: merging the copy again does not ask again.
    again = merge_copy(study.project, study.copy_path, coder="Ana", prefer="theirs")
    assert again.report.total_changes == 0 and not again.report.conflicts
    assert "Tools/Slack" in paths(study.project)


def test_code_deleted_in_the_copy_and_used_here_deleted_when_the_copy_wins(study: Study) -> None:
    study.project.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ana")
    with study.copy() as copy:
        copy.codebook.delete(code=study.slack, coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana", prefer="theirs")
    assert "Tools/Slack" not in paths(study.project)
    assert outcome.report.deleted == {"code": 1, "coding": 1}


def test_attribute_value_that_differs_is_a_conflict(study: Study) -> None:
    project = study.project
    project.cases.define_attribute(name="sector", type="text", scope="source", coder="Ana")
    project.cases.set_value(
        scope="source", item=study.source, attribute="sector", value="health", coder="Ana"
    )
    # A second copy, made after the attribute exists.
    second = study.copy_path.with_name("copy-cleo.qwb")
    from workbench.core.teamwork.share_copy import share_copy

    share_copy(project, second, coder="Ana")
    project.cases.set_value(
        scope="source", item=study.source, attribute="sector", value="education", coder="Ana"
    )
    with Project.open(second) as copy:
        copy.cases.set_value(
            scope="source", item=study.source, attribute="sector", value="finance", coder="Cleo"
        )
    plan = plan_merge(project, second)
    (conflict,) = plan.conflicts
    assert conflict.kind == "attribute_value"
    assert (conflict.mine, conflict.theirs) == ("education", "finance")
    apply_merge(project, plan, coder="Ana", choices={conflict.key: "theirs"})
    assert project.sources.get(study.source).attributes["sector"] == "finance"


def test_deleted_here_and_edited_in_the_copy(study: Study) -> None:
    memo = study.project.memos.add(
        text="first thoughts", target_kind="code", target=study.zoom, coder="Ana"
    ).created[-1]
    second = study.copy_path.with_name("copy-2.qwb")
    from workbench.core.teamwork.share_copy import share_copy

    share_copy(study.project, second, coder="Ana")
    study.project.memos.delete(memo=memo, coder="Ana")
    with Project.open(second) as copy:
        copy.memos.edit(memo=memo, text="second thoughts", coder="Ben")
    plan = plan_merge(study.project, second)
    (conflict,) = plan.conflicts
    assert conflict.kind == "deleted_edited"
    apply_merge(study.project, plan, coder="Ana", choices={conflict.key: "theirs"})
    assert [m.text for m in study.project.memos.list()] == ["second thoughts"]


def test_text_corrected_in_the_copy_moves_the_codings_made_here(study: Study) -> None:
    from workbench.core.text.replace import Replacement

    s, e = at("Slack")
    study.project.codings.apply(source=study.source, code=study.slack, start=s, end=e, coder="Ana")
    with study.copy() as copy:
        name = TEXT.index("programme")
        copy.sources.replace_text(
            source=study.source,
            replacements=[Replacement(name, name + len("programme"), "mentoring scheme")],
            coder="Ben",
        )
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert not outcome.report.conflicts
    text = study.project.sources.text(study.source)
    assert "mentoring scheme" in text
    by_code = {s.code_path: s.text for s in study.project.codings.segments()}
    assert by_code == {"Tools/Slack": "Slack", "Tools/Zoom": "Zoom"}


def test_text_corrected_in_both_is_a_conflict(study: Study) -> None:
    from workbench.core.text.replace import Replacement

    day = TEXT.index("every day")
    study.project.sources.replace_text(
        source=study.source, replacements=[Replacement(day, day + 9, "daily")], coder="Ana"
    )
    with study.copy() as copy:
        friday = TEXT.index("Friday")
        copy.sources.replace_text(
            source=study.source,
            replacements=[Replacement(friday, friday + 6, "Monday")],
            coder="Ben",
        )
        s, e = at("Slack")
        copy.codings.apply(source=study.source, code=study.slack, start=s, end=e, coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    (conflict,) = outcome.report.conflicts
    assert conflict.kind == "text"
    text = study.project.sources.text(study.source)
    assert "daily" in text and "Friday" in text
    assert {s.text for s in study.project.codings.segments()} == {"Zoom", "Slack"}


def test_a_copy_made_by_other_means_is_merged_as_a_union(study: Study, tmp_path: Path) -> None:
    other_path = tmp_path / "independent.qwb"
    with Project.create(other_path, name="Elsewhere", coder="Dev") as other:
        src = other.sources.add(name="P01 again", text=TEXT, coder="Dev").created[-1]
        tools = other.codebook.add(name="Tools", coder="Dev", color="#ff0000").created[-1]
        zoom = other.codebook.add(name="Zoom", parent=tools, coder="Dev").created[-1]
        s, e = at("Zoom")
        other.codings.apply(source=src, code=zoom, start=s, end=e, coder="Dev")
        other.codebook.add(name="Trust", coder="Dev")
    study.project.codebook.delete(code=study.feelings, coder="Ana")
    outcome = merge_copy(study.project, other_path, coder="Ana")
    report = outcome.report
    assert report.union and "union" in report.notes[0]
    assert report.deleted == {}
    assert report.added == {"coder": 1, "code": 1, "coding": 1}
    assert [c.kind for c in report.conflicts] == [
        "edited_both",
        "edited_both",
    ]  # source name, code colour
    assert len(study.project.sources.list()) == 1  # matched by the text's sha256
    assert spans(study.project) == {
        ("Tools/Zoom", "Ana", *at("Zoom")),
        ("Tools/Zoom", "Dev", *at("Zoom")),
    }
    assert merge_copy(study.project, other_path, coder="Ana").report.total_changes == 0


def test_merging_a_project_into_itself_is_refused(study: Study) -> None:
    with pytest.raises(ValidationError, match="itself"):
        plan_merge(study.project, study.project.path)


def test_a_later_merge_of_the_same_copy_has_no_spurious_conflicts(study: Study) -> None:
    with study.copy() as copy:
        copy.codebook.define(code=study.zoom, description="v1", coder="Ben")
    merge_copy(study.project, study.copy_path, coder="Ana")
    study.project.codebook.define(code=study.slack, description="Ana's", coder="Ana")
    with study.copy() as copy:
        copy.codebook.define(code=study.zoom, description="v2", coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert not outcome.report.conflicts
    assert study.project.codebook.get(study.zoom).description == "v2"
    assert study.project.codebook.get(study.slack).description == "Ana's"


def test_the_merge_is_in_the_audit_log(study: Study) -> None:
    with study.copy() as copy:
        copy.codebook.add(name="Trust", coder="Ben")
    merge_copy(study.project, study.copy_path, coder="Ana")
    with study.project.read() as s:
        from sqlalchemy import select

        from workbench.core.db.models import AuditEntry

        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).one()
        assert entry.coder_name == "Ana" and "2 added" in entry.summary  # Ben and his code


def test_two_copies_of_the_same_project_merge_with_each_other(study: Study) -> None:
    from workbench.core.teamwork.share_copy import share_copy

    second = study.copy_path.with_name("copy-cleo.qwb")
    share_copy(study.project, second, coder="Ana")
    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ben")
        copy.codebook.rename(code=study.feelings, name="Emotions", coder="Ben")
    with Project.open(second) as cleo:
        cleo.codings.remove(codings=[study.coding], coder="Cleo")
        outcome = merge_copy(cleo, study.copy_path, coder="Cleo")
        assert outcome.report.base == "both are copies of the same project"
        assert not outcome.report.conflicts and outcome.report.deleted == {}
        assert spans(cleo) == {("Tools/Slack", "Ben", 0, 11)}
        assert "Emotions" in paths(cleo)


def test_a_file_copied_by_hand_uses_the_shared_audit_history(study: Study, tmp_path: Path) -> None:
    import shutil

    study.project.close()
    by_hand = tmp_path / "by-hand.qwb"
    shutil.copyfile(study.project.path, by_hand)
    with Project.open(by_hand) as copy:
        copy.codings.remove(codings=[study.coding], coder="Ben")
    with Project.open(study.project.path) as project:
        project.codebook.rename(code=study.slack, name="Slack chat", coder="Ana")
        outcome = merge_copy(project, by_hand, coder="Ana")
        assert outcome.report.base == "shared history in the audit logs"
        assert outcome.report.deleted == {"coding": 1} and not outcome.report.conflicts
        assert spans(project) == set() and "Tools/Slack chat" in paths(project)


def test_a_source_imported_in_the_copy_arrives_with_its_codings(study: Study) -> None:
    with study.copy() as copy:
        new = copy.sources.add(
            name="P02", text="P02: I mostly use Slack.\n", coder="Ben", original_name="p02.txt"
        ).created[-1]
        copy.codings.apply(source=new, code=study.slack, start=18, end=23, coder="Ben")
        copy.memos.add(text="short interview", target_kind="source", target=new, coder="Ben")
    merge_copy(study.project, study.copy_path, coder="Ana")
    info = study.project.sources.get(new)
    assert (info.name, info.original_name, info.speakers) == ("P02", "p02.txt", ("P02",))
    assert study.project.sources.text(new) == "P02: I mostly use Slack.\n"
    assert ("Tools/Slack", "Ben", 18, 23) in spans(study.project)
    assert [m.text for m in study.project.memos.list()] == ["short interview"]


def test_a_source_deleted_in_the_copy_but_coded_here(study: Study) -> None:
    study.project.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ana")
    with study.copy() as copy:
        copy.sources.delete(source=study.source, coder="Ben")
    plan = plan_merge(study.project, study.copy_path)
    (conflict,) = plan.conflicts
    assert conflict.kind == "deleted_used" and conflict.label == "source P01"
    apply_merge(study.project, plan, coder="Ana")
    assert len(spans(study.project)) == 2  # kept with the coding the deletion took there
    again = apply_merge(study.project, study.copy_path, coder="Ana", prefer="theirs")
    assert again.report.total_changes == 0 and not again.report.conflicts


def test_a_source_deleted_in_the_copy_and_coded_here_goes_when_the_copy_wins(
    study: Study,
) -> None:
    study.project.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ana")
    with study.copy() as copy:
        copy.sources.delete(source=study.source, coder="Ben")
    apply_merge(study.project, study.copy_path, coder="Ana", prefer="theirs")
    assert study.project.sources.list() == [] and spans(study.project) == set()


def test_a_code_restored_from_the_copy_brings_back_its_codings(study: Study) -> None:
    study.project.codebook.delete(code=study.zoom, coder="Ana", mode="delete_all")
    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.zoom, start=0, end=11, coder="Ben")
    merge_copy(study.project, study.copy_path, coder="Ana", prefer="theirs")
    assert spans(study.project) == {
        ("Tools/Zoom", "Ana", *at("Zoom")),
        ("Tools/Zoom", "Ben", 0, 11),
    }


def test_names_and_places_can_be_swapped_in_one_merge(study: Study) -> None:
    from workbench.core.teamwork.share_copy import share_copy

    root = study.project.codebook.add(name="Slack", coder="Ana").created[-1]
    second = study.copy_path.with_name("copy-swap.qwb")
    share_copy(study.project, second, coder="Ana")
    with Project.open(second) as copy:
        copy.codebook.rename(code=root, name="Chat", coder="Ben")
        copy.codebook.move(code=study.slack, parent=None, coder="Ben")
        copy.codebook.rename(code=study.zoom, name="Video", coder="Ben")
        copy.codebook.rename(code=study.feelings, name="Zoom", coder="Ben")
        copy.codebook.move(code=study.feelings, parent=study.tools, coder="Ben")
    outcome = merge_copy(study.project, second, coder="Ana")
    assert not outcome.report.conflicts
    assert paths(study.project) == {"Chat", "Slack", "Tools", "Tools/Video", "Tools/Zoom"}


def test_a_failing_merge_changes_nothing(study: Study, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from workbench.core.teamwork import merge as merge_module
    from workbench.core.teamwork.merge_write import write_final

    with study.copy() as copy:
        copy.codings.apply(source=study.source, code=study.slack, start=0, end=11, coder="Ben")
        copy.codebook.rename(code=study.feelings, name="Emotions", coder="Ben")

    def half_way(tx: object, planner: object) -> None:
        write_final(tx, planner)  # type: ignore[arg-type]
        raise RuntimeError("disk trouble half-way")

    study.project.close()
    before = hashlib.sha256(study.project.path.read_bytes()).hexdigest()
    with Project.open(study.project.path) as project:
        monkeypatch.setattr(merge_module, "write_final", half_way)
        with pytest.raises(RuntimeError, match="half-way"):
            merge_copy(project, study.copy_path, coder="Ana")
    assert hashlib.sha256(study.project.path.read_bytes()).hexdigest() == before


def test_a_code_made_a_category_in_the_copy_is_one_here(study: Study) -> None:
    with study.copy() as copy:
        copy.codebook.set_codable(code=study.tools, codable=False, coder="Ben")
    outcome = merge_copy(study.project, study.copy_path, coder="Ana")
    assert not outcome.report.conflicts
    assert not study.project.codebook.get(study.tools).codable
    assert study.project.codebook.get(study.zoom).codable
