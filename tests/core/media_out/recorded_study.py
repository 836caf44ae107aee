"""A recorded interview in a project: a VTT transcript (cues), its WAV attached, two codes,
a text coding and media codings by two coders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from av_files import make_wav

from workbench.core.project import Project

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.500
<v Ann>Hello and welcome to the study.

00:00:01.500 --> 00:00:03.000
<v Ben>Thanks, glad to be here.

00:00:03.000 --> 00:00:04.000
<v Ann>Let us begin.
"""


@dataclass
class Recorded:
    project: Project
    source: str
    recording: Path
    joy: str
    doubt: str


def record_interview(project: Project, project_path: Path) -> Recorded:
    folder = project_path.parent / "interviews"
    folder.mkdir()
    (folder / "P01.vtt").write_text(VTT, encoding="utf-8")
    project.sources.import_file(folder / "P01.vtt", coder="Ann")
    source = project.sources.list()[0].uuid
    recording = make_wav(folder / "P01.wav", seconds=4.0)
    project.media.attach(source_id=source, path=recording, coder="Ann")
    joy = project.codebook.add(name="Joy", coder="Ann").created[-1]
    doubt = project.codebook.add(name="Doubt", coder="Ann").created[-1]
    project.coders.ensure(name="Ben")
    for coder, code, start, end in (
        ("Ann", joy, 0, 1500),
        ("Ann", doubt, 2500, 3600),
        ("Ben", joy, 200, 1200),
        ("Ben", doubt, 1500, 2200),
    ):
        project.media_codings.apply(
            source_id=source, code_id=code, start_ms=start, end_ms=end, coder=coder
        )
    text = project.sources.text(source)
    start = text.index("glad")
    project.codings.apply(source=source, code=joy, start=start, end=start + 4, coder="Ann")
    return Recorded(project, source, recording, joy, doubt)


@pytest.fixture(name="recorded")
def recorded_fixture(project: Project, project_path: Path) -> Recorded:
    """The test project with a recorded interview; import this name into a test module (a
    conftest here would shadow the teamwork tests' ``from conftest import …``)."""
    return record_interview(project, project_path)
