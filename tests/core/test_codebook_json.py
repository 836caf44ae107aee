"""Codebook JSON import: every accepted shape, and every bad one refused with a message."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from workbench.core.codebook_json import load_codebook
from workbench.core.errors import ValidationError
from workbench.core.project import Project

C = "Maya Chen"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed-study" / "codebook.json"


def write(tmp_path: Path, data: object, name: str = "book.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_themes_shape_with_definitions(project: Project, tmp_path: Path) -> None:
    book = {
        "themes": [
            {
                "name": "T",
                "color": "#112233",
                "description": "d",
                "categories": [
                    {"name": "C", "concepts": ["x", {"name": "y", "inclusion": "when y"}]}
                ],
            }
        ]
    }
    project.codebook.import_tree(codes=load_codebook(write(tmp_path, book)), coder=C)
    paths = [n.path for n in project.codebook.all()]
    assert paths == ["T", "T/C", "T/C/x", "T/C/y"]
    assert project.codebook.get(project.codebook.find("T/C/y")).inclusion == "when y"
    # Importing again adds nothing.
    changes = project.codebook.import_tree(codes=load_codebook(write(tmp_path, book)), coder=C)
    assert changes.created == ()


def test_sub_codes_without_a_colour_get_shades_of_their_parent(
    project: Project, tmp_path: Path
) -> None:
    import colorsys

    children = [{"name": f"c{i}", "concepts": [f"x{i}"]} for i in range(6)]
    book = {"themes": [{"name": "T", "color": "#3366cc", "categories": children}]}
    project.codebook.import_tree(codes=load_codebook(write(tmp_path, book)), coder=C)
    colors = {n.path: n.color for n in project.codebook.all()}
    family = [colors[f"T/c{i}"] for i in range(6)] + [colors[f"T/c{i}/x{i}"] for i in range(6)]

    def hls(color: str) -> tuple[float, float, float]:
        return colorsys.rgb_to_hls(*(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)))

    theme_hue = hls("#3366cc")[0]
    assert all(abs(hls(c)[0] - theme_hue) < 0.02 for c in family)  # one family of hues
    assert len(set(colors[f"T/c{i}"] for i in range(6))) == 6  # siblings differ
    assert all(0.25 <= hls(c)[1] <= 0.85 for c in family)  # readable, never white or black
    assert colors["T/c0"] != "#3366cc"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed-study is not present on this machine")
def test_the_seed_study_codebook(project: Project) -> None:
    project.codebook.import_tree(codes=load_codebook(SEED), coder=C)
    nodes = project.codebook.all()
    assert [sum(1 for n in nodes if n.depth == d) for d in range(3)] == [5, 16, 48]


def test_round_trip_of_codes_json(project: Project, tmp_path: Path) -> None:
    from workbench.cli.output import code_json

    theme = project.codebook.add(name="Tools/Apps", coder=C, description="about tools").created[-1]
    project.codebook.add(name="Slack", parent=theme, coder=C)
    exported = [code_json(n) for n in project.codebook.tree()]
    specs = load_codebook(write(tmp_path, exported))
    assert specs[0].name == "Tools/Apps" and specs[0].children[0].name == "Slack"
    assert specs[0].description == "about tools"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "codes": [
                    {"id": "a", "parent": "b", "name": "A"},
                    {"id": "b", "parent": "a", "name": "B"},
                ]
            },
            "cycle: A → B → A",
        ),
        ({"codes": [{"id": "a", "parent": "zz", "name": "A"}]}, "parent 'zz' that is missing"),
        (
            {"codes": [{"name": "A", "children": [{"name": "x"}, {"name": "x"}]}]},
            "two sub-codes named 'x'",
        ),
        ({"codes": [{"name": ""}]}, "has no name"),
        ({"codes": [{"name": "A", "color": "red"}]}, "invalid colour"),
        ({"something": 1}, 'expected a "themes" or a "codes" list'),
        ([1, 2], "every code must be"),
    ],
)
def test_bad_codebooks(project: Project, tmp_path: Path, data: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        load_codebook(write(tmp_path, data))
    assert str(info.value).startswith("book.json: ")


def test_ten_thousand_levels_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"codes": [' + '{"name": "x", "children": [' * 10_000 + "]}" * 10_000 + "]}")
    with pytest.raises(ValidationError, match="nested (far )?too deeply"):
        load_codebook(path)


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_text("{themes: oops")
    with pytest.raises(ValidationError, match=r"book.json: not valid JSON \(line 1"):
        load_codebook(path)
    path.write_bytes(b"\xff\xfe\x00\x01binary")
    with pytest.raises(ValidationError, match="not a text file"):
        load_codebook(path)


def test_a_bad_codebook_leaves_the_project_unchanged(project: Project, tmp_path: Path) -> None:
    before = hashlib.sha256(project.path.read_bytes()).hexdigest()
    with pytest.raises(ValidationError):
        project.codebook.import_tree(
            codes=load_codebook(write(tmp_path, {"codes": [{"name": "A", "color": "bad"}]})),
            coder=C,
        )
    assert hashlib.sha256(project.path.read_bytes()).hexdigest() == before
