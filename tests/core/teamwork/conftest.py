"""Teamwork fixtures: a small coded project and a coder's copy of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench.core.project import Project
from workbench.core.teamwork.share_copy import share_copy

TEXT = (
    "Interviewer: How did you meet your mentor?\n"
    "P01: We met on Zoom after the programme matched us.\n"
    "Interviewer: And now?\n"
    "P01: Now we use Slack every day and a video call each Friday.\n"
)


@dataclass
class Study:
    project: Project
    copy_path: Path
    source: str
    tools: str
    zoom: str
    slack: str
    feelings: str
    coding: str

    def copy(self) -> Project:
        return Project.open(self.copy_path)


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Iterator[Study]:
    source = project.sources.add(name="P01", text=TEXT, coder="Ana").created[-1]
    tools = project.codebook.add(name="Tools", coder="Ana").created[-1]
    zoom = project.codebook.add(name="Zoom", parent=tools, coder="Ana").created[-1]
    slack = project.codebook.add(name="Slack", parent=tools, coder="Ana").created[-1]
    feelings = project.codebook.add(name="Feelings", coder="Ana").created[-1]
    start = TEXT.index("Zoom")
    coding = project.codings.apply(
        source=source, code=zoom, start=start, end=start + 4, coder="Ana"
    ).created[-1]
    copy_path = tmp_path / "copy-ben.qwb"
    share_copy(project, copy_path, coder="Ana")
    yield Study(project, copy_path, source, tools, zoom, slack, feelings, coding)
