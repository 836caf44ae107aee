"""Word, sentence and label boundaries on the source text (code points; no Qt)."""

from __future__ import annotations

from workbench.core.text.controls import replace_controls
from workbench.core.text.units import label_end, sentence_at, trim

__all__ = ["IN_VIVO_MAX", "in_vivo_name", "label_end", "sentence_at", "snap_to_words", "trim"]

_JOINERS = "'’-‐"
_QUOTES = "\"“”‘’'«»„‚()[]"
IN_VIVO_MAX = 60


def _is_word(text: str, i: int) -> bool:
    """Is ``text[i]`` part of a word (letters, digits, and joiners between them)?"""
    ch = text[i]
    if ch.isalnum() or ch == "_":
        return True
    return (
        ch in _JOINERS and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
    )


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words and drop blanks at its edges."""
    if not 0 <= start < end <= len(text):
        return start, end
    s, e = start, end
    while s > 0 and _is_word(text, s - 1) and _is_word(text, s):
        s -= 1
    while e < len(text) and _is_word(text, e - 1) and _is_word(text, e):
        e += 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else (start, end)


def in_vivo_name(selected: str) -> str:
    """A code name made of the selected words: one line, no control characters or outer
    quotes, at most 60 chars."""
    name = " ".join(replace_controls(selected).split()).strip(_QUOTES + " ,;:")
    if len(name) <= IN_VIVO_MAX:
        return name
    cut = name[: IN_VIVO_MAX - 1]
    if " " in cut[IN_VIVO_MAX // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"
