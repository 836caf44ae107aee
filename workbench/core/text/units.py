"""Units of text around a position: paragraph, sentence, speaker turn (code points; no Qt).

A paragraph is one line of the stored text (text is stored with ``\\n`` line ends, one
paragraph per line). Sentences end at ``.``, ``!``, ``?`` or ``…`` followed by a blank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

__all__ = [
    "Unit",
    "expand",
    "label_end",
    "paragraph_at",
    "sentence_at",
    "trim",
    "turn_at",
]

Unit = Literal["hit", "sentence", "paragraph", "turn"]
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_LABEL = re.compile(r"[^\n:：]{1,60}[:：]")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without blanks at its edges (unchanged if it is all blank)."""
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else (start, end)


def paragraph_at(text: str, position: int) -> tuple[int, int]:
    """The line holding ``position`` (without its line end)."""
    position = min(max(position, 0), len(text))
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def sentence_at(text: str, position: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around ``position`` inside the paragraph ``[lo, hi)``, trimmed."""
    position = min(max(position, lo), max(lo, hi - 1))
    start, end = lo, hi
    for match in _SENTENCE_END.finditer(text, lo, hi):
        if match.end() <= position:
            start = match.end()
        else:
            end = match.end()
            break
    return trim(text, start, end)


def label_end(text: str, turn_start: int) -> int:
    """Where the speaker label of a turn starting at ``turn_start`` ends (after its colon)."""
    match = _LABEL.match(text, turn_start)
    return match.end() if match else turn_start


def turn_at(turns: Sequence[tuple[str, int, int]], position: int) -> tuple[int, int] | None:
    """The ``(start, end)`` of the turn (speaker, start, end) holding ``position``."""
    for _speaker, start, end in turns:
        if start <= position < end:
            return start, end
    return None


def expand(
    text: str,
    start: int,
    end: int,
    unit: Unit,
    turns: Sequence[tuple[str, int, int]] = (),
) -> tuple[int, int]:
    """The range to code for a hit ``[start, end)``: the hit itself, or the sentence,
    paragraph or speaker turn (without its "Name:" label) around it. A hit outside any turn
    takes its paragraph."""
    if unit == "hit":
        return start, end
    last = max(start, end - 1)
    if unit == "turn":
        first, final = turn_at(turns, start), turn_at(turns, last)
        if first is not None and final is not None:
            lo = label_end(text, first[0])
            if lo > start:  # the hit is in the label itself
                lo = first[0]
            return trim(text, lo, final[1])
        unit = "paragraph"
    lo, _ = paragraph_at(text, start)
    _, hi = paragraph_at(text, last)
    if unit == "paragraph":
        return trim(text, lo, hi)
    first_line = paragraph_at(text, start)
    last_line = paragraph_at(text, last)
    opening = _after_label(text, first_line[0], turns)
    if opening > start:
        opening = first_line[0]
    begin, _ = sentence_at(text, start, opening, first_line[1])
    _, finish = sentence_at(text, last, last_line[0], last_line[1])
    return begin, max(finish, end)


def _after_label(text: str, line_start: int, turns: Sequence[tuple[str, int, int]]) -> int:
    """A line that opens a speaker turn starts its first sentence after the label."""
    if any(start == line_start for _speaker, start, _end in turns):
        return label_end(text, line_start)
    return line_start
