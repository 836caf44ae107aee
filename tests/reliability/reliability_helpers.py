"""Shared by the reliability tests: a small filled project and a file digest."""

from __future__ import annotations

import hashlib
from pathlib import Path

from workbench.core.project import Project

CODER = "Maya Chen"
TEXT = (
    "Interviewer: How did you meet your mentor?\n\n"
    "P01: We met on Zoom after the programme matched us. It felt awkward at first.\n\n"
    "Interviewer: And now?\n\n"
    "P01: Now we use Slack every day and a video call each Friday.\n"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(project: Project) -> None:
    """Two sources, a small code tree and a few codings."""
    source = project.sources.add(name="P01", text=TEXT, coder=CODER).created[-1]
    project.sources.add(name="P02", text=TEXT.replace("P01", "P02"), coder=CODER)
    tools = project.codebook.add(name="Tools", coder=CODER).created[-1]
    zoom = project.codebook.add(name="Zoom", parent=tools, coder=CODER).created[-1]
    start = TEXT.index("Zoom")
    project.codings.apply(source=source, code=zoom, start=start, end=start + 4, coder=CODER)
    start = TEXT.index("Slack")
    project.codings.apply(source=source, code=tools, start=start, end=start + 5, coder=CODER)
