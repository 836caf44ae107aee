"""On a project file, text leases are always granted and nobody else is present: one program
writes a file at a time (its lock file sees to that)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.core.project import Project
from workbench.core.text.replace import Replacement


def test_a_file_grants_every_lease_and_has_no_presence(project: Project, source: str) -> None:
    lease = project.leases.take(source=source, coder="Tomás")
    assert lease.coder == "Tomás" and lease.expires_at > lease.taken_at
    assert project.leases.take(source=source, coder="Ana").coder == "Ana"
    assert project.leases.holder(source) is None
    project.sources.replace_text(source=source, replacements=[Replacement(0, 1, "i")], coder="Ana")
    project.leases.release(source=source, coder="Tomás")
    project.presence.announce(source, coder="Ana")
    assert project.presence.list() == []


def test_the_cli_shows_nobody_on_a_file(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["presence", str(project_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
