"""Core fixtures: an empty project built once per session and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.core.project import Project

CODER = "Maya Chen"


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.qwb"
    Project.create(path, name="Test project", coder=CODER).close()
    return path


@pytest.fixture
def project_path(_empty_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "project.qwb"
    shutil.copyfile(_empty_template, path)
    return path


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    with Project.open(project_path) as opened:
        yield opened


@pytest.fixture
def source(project: Project) -> str:
    """A small two-speaker source; returns its uuid."""
    text = (
        "Interviewer: How did you meet your mentor?\n\n"
        "P01: We met on Zoom 😀 after the programme matched us. It felt awkward at first.\n\n"
        "Interviewer: And now?\n\n"
        "P01: Now we use Slack every day and a video call each Friday.\n"
    )
    return project.sources.add(name="P01", text=text, coder=CODER).created[-1]
