"""Auto-coding a whole source or every turn of one speaker, as one transaction."""

from __future__ import annotations

import pytest

from workbench.core.errors import ValidationError
from workbench.core.project import Project
from workbench.core.services import autocode
from workbench.core.services.codebook import CodeSpec

CODER = "Maya Chen"


@pytest.fixture
def code(project: Project) -> str:
    project.codebook.import_tree(codes=[CodeSpec(name="Mentoring")], coder=CODER)
    return project.codebook.find("Mentoring")


def test_every_turn_of_a_speaker_without_the_label(
    project: Project, source: str, code: str
) -> None:
    requests = autocode.speaker_turns(project, source=source, speaker="P01", code=code)
    changes = project.codings.apply_many(requests, coder=CODER)
    assert len(changes.created) == 2
    codings = project.codings.of_source(source)
    texts = [project.sources.text(source, c.start, c.end) for c in codings]
    assert texts == [
        "We met on Zoom 😀 after the programme matched us. It felt awkward at first.",
        "Now we use Slack every day and a video call each Friday.",
    ]


def test_label_included_on_request(project: Project, source: str, code: str) -> None:
    requests = autocode.speaker_turns(
        project, source=source, speaker="Interviewer", code=code, include_label=True
    )
    texts = [project.sources.text(source, r.start, r.end) for r in requests]
    assert texts == ["Interviewer: How did you meet your mentor?", "Interviewer: And now?"]


def test_whole_source_leaves_out_outer_white_space(
    project: Project, source: str, code: str
) -> None:
    [request] = autocode.whole_source(project, source=source, code=code)
    text = project.sources.text(source)
    assert (request.start, request.end) == (0, len(text.rstrip()))


def test_unknown_speaker_is_a_clear_error(project: Project, source: str, code: str) -> None:
    with pytest.raises(ValidationError, match="'P99' has no turns in source 'P01'"):
        autocode.speaker_turns(project, source=source, speaker="P99", code=code)
