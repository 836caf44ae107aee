"""Auto-coding requests: a whole source, or every turn of one speaker.

These build ``CodingRequest`` lists; apply them with ``project.codings.apply_many`` so the whole
auto-coding is one transaction (and one undo step in the GUI).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.errors import ValidationError
from workbench.core.services.codings import CodingRequest
from workbench.core.text.speakers import SpeakerTurn

if TYPE_CHECKING:
    from workbench.core.project import Project


def source_turns(project: Project, source: str) -> list[SpeakerTurn]:
    """The speaker turns recorded for a source at import (or after a text correction)."""
    length = project.sources.get(source).length
    turns: list[SpeakerTurn] = []
    for entry in project.sources.metadata(source).get("turns", []) or []:
        speaker, start, end = str(entry[0]), int(entry[1]), int(entry[2])
        if 0 <= start < end <= length:
            turns.append(SpeakerTurn(speaker, start, end))
    return sorted(turns, key=lambda t: t.start)


def whole_source(project: Project, *, source: str, code: str) -> list[CodingRequest]:
    """One request covering the source's text without its outer white space."""
    text = project.sources.text(source)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if start >= end:
        name = project.sources.get(source).name
        raise ValidationError(f"Source {name!r} has no text to code.")
    return [CodingRequest(source, code, start, end)]


def speaker_turns(
    project: Project, *, source: str, speaker: str, code: str, include_label: bool = False
) -> list[CodingRequest]:
    """One request per turn of ``speaker``; by default the "Name:" label is left out."""
    text = project.sources.text(source)
    requests: list[CodingRequest] = []
    for turn in source_turns(project, source):
        if turn.speaker != speaker:
            continue
        start = turn.start if include_label else _after_label(text, turn)
        end = turn.end
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            requests.append(CodingRequest(source, code, start, end))
    if not requests:
        name = project.sources.get(source).name
        raise ValidationError(f"{speaker!r} has no turns in source {name!r}.")
    return requests


def _after_label(text: str, turn: SpeakerTurn) -> int:
    """The first non-blank character after the turn's "Speaker:" label."""
    line_end = text.find("\n", turn.start, turn.end)
    line = text[turn.start : line_end if line_end >= 0 else turn.end]
    colon = max(line.find(":"), line.find("："))
    position = turn.start + colon + 1 if colon >= 0 else turn.start
    while position < turn.end and text[position].isspace():
        position += 1
    return position
