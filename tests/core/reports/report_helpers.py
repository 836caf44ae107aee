"""Shared values of the report tests: the coders and the small study's shape."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.project import Project

LEAD, SECOND = "Maya Chen", "Tomás Rivera"


@dataclass(frozen=True)
class Study:
    """A small study whose counts are worked out by hand in the tests."""

    project: Project
    codes: dict[str, str]
    sources: dict[str, str]
    cases: dict[str, str]
    codings: dict[str, str]


# Offsets are found with str.index so the texts can be read as written.
TEXT_A = (
    "Interviewer: How do you keep in touch?\n"
    "Ann: We talk on Zoom every week. Zoom works well.\n"
    "Interviewer: And email?\n"
    "Ann: Email is slow, so I prefer Zoom calls.\n"
)
TEXT_B = (
    "Interviewer: Tell me about your mentor.\n"
    "Bob: Slack messages all day, then a Zoom call on Friday.\n"
    "Interviewer: Thanks.\n"
    "Bob: You're welcome.\n"
)


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)
