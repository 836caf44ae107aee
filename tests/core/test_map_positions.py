"""Map positions: many nodes in one transaction (a whole layout is one change), only what moved
is written, an unknown code refuses the whole change, and undo/redo bring back each state."""

from __future__ import annotations

import pytest

from workbench.core.errors import NotFoundError
from workbench.core.project import Project

C = "Maya Chen"


def positions(project: Project) -> dict[str, tuple[float, float]]:
    return {p.code_uuid: (p.x, p.y) for p in project.map.positions()}


def test_a_layout_of_many_nodes_is_one_change(project: Project) -> None:
    theme = project.codebook.add(name="Theme", coder=C).created[-1]
    codes = [theme] + [
        project.codebook.add(name=f"Code {i}", parent=theme, coder=C).created[-1]
        for i in range(620)  # more than one IN (...) chunk
    ]
    layout = {code: (float(i), float(i * 2)) for i, code in enumerate(codes)}
    revision = project.revision()
    done = project.map.place(positions=layout, coder=C)
    assert project.revision() == revision + 1
    assert done.kinds == {"map"} and len(done.created) == len(codes)
    assert positions(project) == layout

    moved = {code: (x + 10, y) for code, (x, y) in layout.items()}
    moved[codes[0]] = layout[codes[0]]  # one node stays where it is
    again = project.map.place(positions=moved, coder=C)
    assert len(again.updated) == len(codes) - 1 and not again.created
    assert positions(project) == moved

    back = project.restore(again.undo, coder=C)
    assert positions(project) == layout
    project.restore(back.undo, coder=C)
    assert positions(project) == moved


def test_unchanged_positions_change_nothing(project: Project) -> None:
    code = project.codebook.add(name="A", coder=C).created[-1]
    project.map.place(positions={code: (1.0, 2.0)}, coder=C)
    same = project.map.place(positions={code: (1, 2)}, coder=C)
    assert same.empty


def test_an_unknown_code_refuses_the_whole_change(project: Project) -> None:
    code = project.codebook.add(name="A", coder=C).created[-1]
    with pytest.raises(NotFoundError):
        project.map.place(positions={code: (1.0, 2.0), "no-such-code": (3.0, 4.0)}, coder=C)
    assert positions(project) == {}


def test_undo_of_a_first_layout_removes_its_positions(project: Project) -> None:
    a = project.codebook.add(name="A", coder=C).created[-1]
    b = project.codebook.add(name="B", coder=C).created[-1]
    done = project.map.place(positions={a: (0.0, 0.0), b: (50.0, 0.0)}, coder=C)
    redo = project.restore(done.undo, coder=C)
    assert positions(project) == {}
    project.restore(redo.undo, coder=C)
    assert positions(project) == {a: (0.0, 0.0), b: (50.0, 0.0)}
    assert {p.code_uuid for p in project.map.positions()} == {a, b}
