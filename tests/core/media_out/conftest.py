"""Fixtures of the media-out tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from recorded_study import Recorded, record_interview

from workbench.core.project import Project


@pytest.fixture
def recorded(project: Project, project_path: Path) -> Recorded:
    """The test project with a recorded interview (see ``recorded_study``)."""
    return record_interview(project, project_path)
