"""Control characters (C0, DEL, C1): refused in names, replaced in names taken from files,
escaped wherever text reaches a terminal."""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_RUN = re.compile("[\x00-\x1f\x7f-\x9f]+")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def first_control(text: str) -> str | None:
    """A description of the first control character in ``text`` ("U+001B at character 4"),
    or None when there is none."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} at character {found.start() + 1}"


def replace_controls(text: str) -> str:
    """``text`` stripped, each run of control characters in it turned into one space."""
    return _CONTROL_RUN.sub(" ", text).strip()


def escape_controls(text: str, keep: str = "\n\t") -> str:
    """``text`` with every control character not in ``keep`` shown as an escape (``\\x1b``)."""

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        return _NAMED.get(char) or f"\\x{ord(char):02x}"

    return CONTROL.sub(shown, text)
