"""The small study the search tests share: turns, a focus group, cases, codings, memos."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.project import Project

CODER = "Maya Chen"

P01 = (
    "Interviewer: How did you meet your mentor?\n\n"
    "P01: We met on Zoom 😀 after the programme matched us. Mentoring felt awkward at first, "
    "e.g. on Zoom.Slack calls.\n\n"
    "Interviewer: And now?\n\n"
    "P01: Now we use Slack every day and a video call each Friday. The café was naïve.\n"
)
P02 = (
    "Interviewer: Tell me about your mentors.\n\n"
    "P02: My mentor helps with confidence and with my career. We never use Zoom.\n"
)
GROUP = (
    "Moderator: Welcome, everyone.\n\n"
    "Anna: I found my mentor through work. The video call was short.\n\n"
    "Ben: Mine was a call on Zoom, a video call too.\n\n"
    "Anna: Thanks.\n\n"
    "Ben: Bye.\n"
)


@dataclass(frozen=True)
class Study:
    project: Project
    p01: str
    p02: str
    group: str
    code: str  # "Tools/Video" on "Zoom" in P01 (both occurrences) and in P02
    memo: str
    definition: str  # code "Trust" whose description mentions confidence
