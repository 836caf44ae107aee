"""Fixtures for the REFI-QDA tests: the demo project, built once per session and copied."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.core.demo import build_demo


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.qwb")


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.qwb"
    shutil.copyfile(_demo_template, path)
    return path
