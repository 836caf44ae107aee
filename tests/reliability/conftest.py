"""Reliability fixtures: a small project with content, built once and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_helpers import CODER, fill

from workbench.core.project import Project


@pytest.fixture(scope="session")
def _filled_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reliability") / "template.qwb"
    with Project.create(path, name="Mentoring study", coder=CODER) as project:
        fill(project)
    return path


@pytest.fixture
def project_path(_filled_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "study.qwb"
    shutil.copyfile(_filled_template, path)
    return path


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    with Project.open(project_path) as opened:
        yield opened
