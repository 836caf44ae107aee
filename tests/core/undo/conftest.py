"""Fixtures for the undo checks: the write probe (triggers) over a copy of a small, realistic
project built once per session (``undo_world.build_world``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from undo_world import World, build_world
from write_probe import WriteProbe

from workbench.core.project import Project


@pytest.fixture(scope="session")
def _world_template(
    _empty_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("world") / "world.qwb"
    shutil.copyfile(_empty_template, path)
    with Project.open(path) as project:
        world = build_world(project)
    return path, world


@pytest.fixture
def project_path(_world_template: tuple[Path, World], tmp_path: Path) -> Path:
    """A copy of the world project (overrides the empty one of tests/core)."""
    path = tmp_path / "project.qwb"
    shutil.copyfile(_world_template[0], path)
    return path


@pytest.fixture
def world(_world_template: tuple[Path, World]) -> World:
    return _world_template[1]


@pytest.fixture
def probe(project: Project, project_path: Path) -> WriteProbe:
    """Triggers logging every tracked row written to ``project`` (installed after it opened)."""
    return WriteProbe(project_path)
