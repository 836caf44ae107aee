"""Speaker turns in interview transcripts.

A *speaker line* starts with a label and a colon, optionally after leading blanks, a
timestamp (``[00:01:02]``, ``(01:02)`` or a bare ``00:01:02``) and Markdown bold markers::

    Interviewer: How did it start?
    [00:01:02] Anna: Well, ...
    **P07:** I think ...

The label has 1-4 words and at most 40 characters, starts with a letter, and may end
with a parenthesised note (``Moderator (Anna)``). The colon must be followed by a blank or
the end of the line, so times (``10:30``) and addresses (``http://``) never qualify.

Because a line such as ``Note that the following:`` has the same shape, a label is only
accepted when either

* it looks like a speaker label of its own: Interviewer, Interviewee, Moderator,
  Facilitator, Respondent or Participant (optionally with a number, a one-word name or a
  parenthesised note), ``P`` + digits, ``Speaker`` + digits, or the single letters ``I``,
  ``R`` (case-insensitive); or
* the very same label (compared exactly, after collapsing blanks) starts at least two
  lines of the document; or
* the caller lists it in ``known_speakers`` (e.g. voices named by a subtitle file).

A turn runs from the start of its speaker line to the start of the next turn (or the end
of the text), minus the newlines that end it. Text before the first turn belongs to no turn.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MAX_LABEL_CHARS", "SpeakerTurn", "detect_turns", "is_known_label", "speakers"]

MAX_LABEL_CHARS = 40

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_WORD_CHAR = r"[\w.'’&-]"
_NOTE = r"\([^()\n]{1,30}\)"
_SPEAKER_LINE = re.compile(
    rf"^[ \t]*(?:(?:\[{_TIME}\]|\({_TIME}\)|{_TIME})[ \t]+)?(?:\*\*|__)?"
    rf"(?P<label>[^\W\d_]{_WORD_CHAR}*(?:[ \t]+(?:{_WORD_CHAR}+|{_NOTE})){{0,3}})"
    r"[ \t]*(?:\*\*|__)?[:：](?:\*\*|__)?(?=[ \t]|$)",
    re.MULTILINE,
)
_KNOWN_LABEL = re.compile(
    r"(?:(?:interviewer|interviewee|moderator|facilitator|respondent|participant)"
    r"(?:[ ]?#?\d+|[ ][^\W\d_][\w.'’-]*)?"
    r"|p[ ]?\d+|speaker[ _]?\d+|i|r)"
    rf"(?:[ ]{_NOTE})?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SpeakerTurn:
    """One speaker turn: ``text[start:end]`` is the speaker line and what follows it."""

    speaker: str
    start: int
    end: int


def is_known_label(label: str) -> bool:
    """True for labels accepted even when they occur only once (see the module docstring)."""
    return _KNOWN_LABEL.fullmatch(" ".join(label.split())) is not None


def detect_turns(text: str, known_speakers: Iterable[str] = ()) -> list[SpeakerTurn]:
    """Return the speaker turns of ``text`` in document order."""
    candidates: list[tuple[int, str]] = []
    for match in _SPEAKER_LINE.finditer(text):
        label = " ".join(match.group("label").split())
        if len(label) <= MAX_LABEL_CHARS:
            candidates.append((match.start(), label))
    if not candidates:
        return []
    counts = Counter(label for _, label in candidates)
    extra = {" ".join(name.split()) for name in known_speakers}
    accepted = [
        (start, label)
        for start, label in candidates
        if counts[label] >= 2 or label in extra or is_known_label(label)
    ]
    turns: list[SpeakerTurn] = []
    for index, (start, label) in enumerate(accepted):
        end = accepted[index + 1][0] if index + 1 < len(accepted) else len(text)
        while end > start and text[end - 1] == "\n":
            end -= 1
        turns.append(SpeakerTurn(label, start, end))
    return turns


def speakers(turns: Iterable[SpeakerTurn]) -> list[str]:
    """Distinct speakers of ``turns`` in order of first appearance."""
    return list(dict.fromkeys(turn.speaker for turn in turns))
