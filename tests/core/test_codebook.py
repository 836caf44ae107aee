"""Codebook services: names, moves, merges, splits, deletes, undo, and tree invariants."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.project import Project

C = "Maya Chen"


def add(project: Project, name: str, parent: str | None = None) -> str:
    return project.codebook.add(name=name, parent=parent, coder=C).created[-1]


def test_sibling_names_are_unique_but_not_globally(project: Project) -> None:
    a = add(project, "Challenges")
    b = add(project, "Benefits")
    add(project, "Time", a)
    add(project, "Time", b)
    with pytest.raises(ValidationError, match="already a code named 'Time' under 'Challenges'"):
        add(project, "Time", a)
    with pytest.raises(ValidationError, match="at the top level"):
        add(project, "Benefits")
    assert project.codebook.find("Benefits/Time") != project.codebook.find("Challenges/Time")


def test_paths_escape_slashes(project: Project) -> None:
    theme = add(project, "Tools")
    add(project, "Email/Chat", theme)
    assert project.codebook.find("Tools/Email\\/Chat")
    assert [n.path for n in project.codebook.all()] == ["Tools", "Tools/Email\\/Chat"]
    with pytest.raises(NotFoundError, match="No code 'Email'"):
        project.codebook.find("Tools/Email/Chat")


def test_depth_counts_names_not_escaped_slashes(project: Project) -> None:
    """A name ending in a backslash (escaped ``\\``) before a ``/`` is still one level: the
    tree and the reports' snapshot, which share CodeNode, agree on every depth."""
    theme = add(project, "Tools\\")
    child = add(project, "Chat/Email", theme)
    add(project, "Mail\\", child)
    assert [n.depth for n in project.codebook.all()] == [0, 1, 2]
    from workbench.core.reports import load_report_data

    assert [c.depth for c in load_report_data(project).codes] == [0, 1, 2]


def test_move_refuses_cycles_and_reorders(project: Project) -> None:
    a = add(project, "A")
    b = add(project, "B", a)
    c = add(project, "C", b)
    with pytest.raises(ValidationError, match="under itself"):
        project.codebook.move(code=a, parent=c, coder=C)
    with pytest.raises(ValidationError, match="under itself"):
        project.codebook.move(code=a, parent=a, coder=C)
    project.codebook.move(code=c, parent=None, coder=C, position=0)
    assert [n.name for n in project.codebook.tree()] == ["C", "A"]


def test_tree_counts_own_and_rolled_up(project: Project, source: str) -> None:
    theme = add(project, "Theme")
    concept = add(project, "Concept", theme)
    project.codings.apply(source=source, code=concept, start=0, end=10, coder=C)
    project.codings.apply(source=source, code=concept, start=0, end=10, coder="Tomás Rivera")
    project.codings.apply(source=source, code=theme, start=20, end=30, coder=C)
    case = project.cases.add(name="P01", coder=C).created[-1]
    project.cases.link(case=case, source=source, coder=C)
    root = project.codebook.tree()[0]
    assert (root.codings, root.total_codings, root.total_sources, root.total_cases) == (1, 3, 1, 1)
    assert (root.children[0].codings, root.children[0].sources) == (2, 1)


def test_counts_stay_right_between_builds(project: Project, source: str) -> None:
    """The tree keeps parsed source lists between builds; every change must still show."""
    theme = add(project, "Theme")
    concept = add(project, "Concept", theme)

    def counts() -> tuple[int, int, int, int]:
        node = project.codebook.tree()[0].children[0]
        return node.codings, node.sources, node.cases, project.codebook.tree()[0].total_cases

    project.codings.apply(source=source, code=concept, start=0, end=10, coder=C)
    assert counts() == (1, 1, 0, 0)
    other = project.sources.add(name="P02", text="Another interview text.", coder=C).created[-1]
    project.codings.apply(source=other, code=concept, start=0, end=7, coder=C)
    assert counts() == (2, 2, 0, 0)
    case = project.cases.add(name="P02", coder=C).created[-1]
    project.cases.link(case=case, source=other, coder=C)
    assert counts() == (2, 2, 1, 1)
    changes = project.cases.link(
        case=project.cases.add(name="P01", coder=C).created[-1], source=source, coder=C
    )
    assert counts() == (2, 2, 2, 2)
    project.restore(changes.undo, coder=C)
    assert counts() == (2, 2, 1, 1)


def test_merge_moves_codings_collapses_duplicates_and_undoes(project: Project, source: str) -> None:
    a = add(project, "Zoom")
    b = add(project, "Video calls")
    child = add(project, "Breakout rooms", a)
    for code in (a, b):
        project.codings.apply(source=source, code=code, start=5, end=15, coder=C)
    project.codings.apply(source=source, code=a, start=40, end=50, coder=C)
    project.memos.add(text="About Zoom", target_kind="code", target=a, coder=C)
    before = {s.coding_uuid for s in project.codings.segments()}
    changes = project.codebook.merge(code=a, into=b, coder=C)
    tree = project.codebook.tree()
    assert [n.name for n in tree] == ["Video calls"]
    assert tree[0].codings == 2 and tree[0].children[0].uuid == child
    assert project.memos.list(target_kind="code", target=b)[0].text == "About Zoom"
    project.restore(changes.undo, coder=C)
    assert sorted(n.name for n in project.codebook.tree()) == ["Video calls", "Zoom"]
    assert {s.coding_uuid for s in project.codings.segments()} == before
    assert project.codebook.get(a).children[0].uuid == child
    assert project.memos.list(target_kind="code", target=a)[0].text == "About Zoom"


def test_split_moves_chosen_segments_to_a_new_child(project: Project, source: str) -> None:
    code = add(project, "Tools")
    keep = project.codings.apply(source=source, code=code, start=0, end=5, coder=C).created[-1]
    move = project.codings.apply(source=source, code=code, start=10, end=20, coder=C).created[-1]
    changes = project.codebook.split(code=code, codings=[move], name="Slack", coder=C)
    new = changes.created[0]
    assert [s.coding_uuid for s in project.codings.segments(code=new)] == [move]
    assert [s.coding_uuid for s in project.codings.segments(code=code)] == [keep]
    project.restore(changes.undo, coder=C)
    assert len(project.codings.segments(code=code)) == 2
    assert [n.name for n in project.codebook.all()] == ["Tools"]


def test_delete_requires_an_explicit_choice(project: Project, source: str) -> None:
    theme = add(project, "Theme")
    cat = add(project, "Category", theme)
    concept = add(project, "Concept", cat)
    project.codings.apply(source=source, code=cat, start=0, end=5, coder=C)
    project.codings.apply(source=source, code=concept, start=5, end=9, coder=C)
    digest = hashlib.sha256(project.path.read_bytes()).hexdigest()
    with pytest.raises(ValidationError, match="1 sub-code.*1 coded segment"):
        project.codebook.delete(code=cat, coder=C)
    assert hashlib.sha256(project.path.read_bytes()).hexdigest() == digest
    project.codebook.delete(code=cat, coder=C, mode="move_up")
    theme_node = project.codebook.tree()[0]
    assert [c.name for c in theme_node.children] == ["Concept"]
    assert theme_node.codings == 1  # the category's segment moved up to the theme
    with pytest.raises(ValidationError, match="is a theme"):
        project.codebook.delete(code=theme, coder=C, mode="move_up")
    changes = project.codebook.delete(code=theme, coder=C, mode="delete_all")
    assert project.codebook.tree() == [] and project.codings.segments() == []
    project.restore(changes.undo, coder=C)
    assert [n.path for n in project.codebook.all()] == ["Theme", "Theme/Concept"]
    assert len(project.codings.segments()) == 2


def test_definitions_and_colours(project: Project) -> None:
    code = add(project, "Flexibility")
    project.codebook.define(
        code=code, description="Bending the arrangement", example='"We moved it"', coder=C
    )
    project.codebook.recolor(code=code, color="#AABBCC", coder=C)
    node = project.codebook.get(code)
    assert (node.description, node.example, node.color) == (
        "Bending the arrangement",
        '"We moved it"',
        "#aabbcc",
    )
    with pytest.raises(ValidationError, match="#RRGGBB"):
        project.codebook.recolor(code=code, color="teal", coder=C)


def test_new_codes_get_distinct_colours(project: Project) -> None:
    for i in range(20):
        add(project, f"Code {i}")
    colours = [n.color for n in project.codebook.tree()]
    assert len(set(colours)) == 20


operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "delete", "merge"]), st.integers(0, 30), st.integers(0, 30)
    ),
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_random_edits_keep_the_tree_a_tree(
    project: Project, ops: list[tuple[str, int, int]]
) -> None:
    for node in project.codebook.tree():
        project.codebook.delete(code=node.uuid, coder=C, mode="delete_all")
    for op, i, j in ops:
        codes = [n.uuid for n in project.codebook.all()]
        pick = codes[i % len(codes)] if codes else None
        other = codes[j % len(codes)] if codes else None
        try:
            if op == "add" or pick is None:
                add(project, f"c{i % 4}", None if j % 3 == 0 else pick)
            elif op == "move":
                project.codebook.move(code=pick, parent=None if j % 5 == 0 else other, coder=C)
            elif op == "delete":
                project.codebook.delete(code=pick, coder=C, mode="delete_all")
            elif op == "merge" and other is not None:
                project.codebook.merge(code=pick, into=other, coder=C)
        except ValidationError:
            pass
        nodes = project.codebook.all()
        # Every code is reachable from a theme exactly once: there is no cycle.
        assert len({n.uuid for n in nodes}) == len(nodes) == project.info().codes
        for parent in [None, *nodes]:
            kids = project.codebook.tree() if parent is None else list(parent.children)
            names = [k.name for k in kids]
            assert len(names) == len(set(names))


def test_merging_a_code_into_its_parent_where_a_sub_code_has_its_name(project: Project) -> None:
    # Found by the random edits above: A > c1 > c1 > c2, then c1 merged into A.
    a = add(project, "A")
    outer = add(project, "c1", a)
    inner = add(project, "c1", outer)
    leaf = add(project, "c2", inner)
    changes = project.codebook.merge(code=outer, into=a, coder=C)
    assert [n.path for n in project.codebook.all()] == ["A", "A/c1", "A/c1/c2"]
    assert project.codebook.find("A/c1") == inner and project.codebook.find("A/c1/c2") == leaf
    project.restore(changes.undo, coder=C)
    assert [n.path for n in project.codebook.all()] == ["A", "A/c1", "A/c1/c1", "A/c1/c1/c2"]
