"""The storage contract: the same tests on a project file and on a server project.

``backend`` is parametrized ``sqlite`` / ``postgres``; ``project`` is an open project of that
backend (a file in ``tmp_path``, or an empty project in a new database of the test server), and
``world`` fills it with the undo tests' small, realistic project (tests/core/undo/undo_world.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# The core tests' helpers (the undo world and its cases, the REFI-QDA helpers), reused as is.
_CORE = Path(__file__).resolve().parents[2] / "core"
for _folder in (_CORE / "undo", _CORE / "refi", _CORE):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from undo_world import CODER, World, build_world  # noqa: E402

from workbench.core.project import Project  # noqa: E402

__all__ = ["CODER"]


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a new, empty project of ``backend`` lives."""
    if backend == "sqlite":
        path = tmp_path / "project.qwb"
        Project.create(path, name="Study", coder=CODER).close()
        return str(path)
    server_project: Callable[..., str] = request.getfixturevalue("server_project")
    return server_project("Study")


@pytest.fixture
def project(location: str) -> Iterator[Project]:
    with Project.open(location) as opened:
        yield opened


@pytest.fixture
def world(project: Project) -> World:
    return build_world(project)
