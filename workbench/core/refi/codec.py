"""What REFI-QDA has no element for, encoded in plain text that other tools simply show.

- A code's inclusion criteria, exclusion criteria and example go into its ``Description`` under
  fixed headings (a body line that equals a heading is escaped with a backslash, so any text
  survives the round trip).
- An attribute's scope and choices go into the ``Variable``'s ``Description``.
- An empty set says in its ``Description`` whether it holds codes or sources.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

INCLUSION = "Inclusion criteria:"
EXCLUSION = "Exclusion criteria:"
EXAMPLE = "Example:"
_FIELDS = {INCLUSION: "inclusion", EXCLUSION: "exclusion", EXAMPLE: "example"}
_HEADINGS = "|".join(re.escape(h) for h in _FIELDS)
_HEADING_LINE = re.compile(rf"^({_HEADINGS})$", re.M)
_ESCAPED = re.compile(rf"^(\\*(?:{_HEADINGS}))$", re.M)
_UNESCAPE = re.compile(rf"^\\(\\*(?:{_HEADINGS}))$", re.M)


@dataclass(frozen=True)
class Definition:
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""


def encode_definition(definition: Definition) -> str:
    """One text holding all four fields ("" if all are empty)."""
    parts = [_escape(definition.description)] if definition.description else []
    for heading, key in _FIELDS.items():
        value = getattr(definition, key)
        if value:
            parts.append(heading + "\n" + _escape(value))
    return "\n\n".join(parts)


def _escape(body: str) -> str:
    return _ESCAPED.sub(r"\\\1", body)


def decode_definition(text: str) -> Definition:
    """The four fields of a Description written by ``encode_definition`` (or by a person: text
    without headings is all description)."""
    fields = {"description": "", "inclusion": "", "exclusion": "", "example": ""}
    key, start = "description", 0
    for match in _HEADING_LINE.finditer(text):
        _store(fields, key, _strip_separator(text[start : match.start()]))
        key = _FIELDS[match.group(1)]
        start = match.end() + (1 if text.startswith("\n", match.end()) else 0)
    _store(fields, key, text[start:])
    return Definition(**fields)


def _strip_separator(body: str) -> str:
    if body.endswith("\n\n"):
        return body[:-2]
    return body[:-1] if body.endswith("\n") else body


def _store(fields: dict[str, str], key: str, body: str) -> None:
    body = _UNESCAPE.sub(r"\1", body)
    if fields[key] and body:
        fields[key] += "\n\n" + body
    elif body:
        fields[key] = body


# -- variables --------------------------------------------------------------------------------
_SCOPE_WORD = {"case": "cases", "source": "sources"}
_APPLIES = "Applies to: "
_TYPE = "Type: "
_CHOICES = "Choices: "


@dataclass(frozen=True)
class VariableNotes:
    """What a Variable's Description told us (None where it said nothing)."""

    scope: str | None = None
    choices: tuple[str, ...] | None = None


def encode_variable(scope: str, kind: str, choices: tuple[str, ...]) -> str:
    lines = [_APPLIES + _SCOPE_WORD[scope]]
    if kind == "choice":
        lines += [_TYPE + "choice", _CHOICES + json.dumps(list(choices), ensure_ascii=False)]
    return "\n".join(lines)


def only_variable_notes(text: str) -> bool:
    """True if ``text`` holds nothing but what ``encode_variable`` writes (or nothing)."""
    return all(
        line.startswith((_APPLIES, _TYPE, _CHOICES)) for line in text.splitlines() if line.strip()
    )


def decode_variable(text: str) -> VariableNotes:
    scope: str | None = None
    choice = False
    choices: tuple[str, ...] | None = None
    for line in text.splitlines():
        if line.startswith(_APPLIES):
            word = line[len(_APPLIES) :].strip()
            scope = next((s for s, w in _SCOPE_WORD.items() if w == word), None)
        elif line.strip() == _TYPE + "choice":
            choice = True
        elif line.startswith(_CHOICES):
            try:
                values = json.loads(line[len(_CHOICES) :])
            except json.JSONDecodeError:
                continue
            if isinstance(values, list) and all(isinstance(v, str) for v in values):
                choices = tuple(values)
    return VariableNotes(scope=scope, choices=choices if choice and choices else None)


# -- sets -------------------------------------------------------------------------------------
EMPTY_SET = {"code": "An empty set of codes.", "source": "An empty set of sources."}


def empty_set_kind(description: str | None) -> str | None:
    text = (description or "").strip()
    return next((kind for kind, marker in EMPTY_SET.items() if marker == text), None)


# -- colours ----------------------------------------------------------------------------------
_HEX = set("0123456789abcdefABCDEF")
_RGB_FUNC = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,[^)]*)?\)$")


def normalize_color(value: str | None) -> str | None:
    """``#RRGGBB`` (as written) from itself, ``#RGB``, ``#RRGGBBAA`` or ``rgb(r, g, b)``;
    None for anything else."""
    if not value:
        return None
    if len(value.strip()) == 7:  # the common case keeps its letter case: a round trip is exact
        text = value.strip()
        return text if text[0] == "#" and all(c in _HEX for c in text[1:]) else None
    text = value.strip().lower()
    match = _RGB_FUNC.match(text)
    if match:
        parts = [int(g) for g in match.groups()]
        return "#" + "".join(f"{min(p, 255):02x}" for p in parts)
    digits = text[1:] if text.startswith("#") else ""
    if not digits or any(c not in "0123456789abcdef" for c in digits):
        return None
    if len(digits) == 3:
        return "#" + "".join(c * 2 for c in digits)
    if len(digits) in (6, 8):
        return "#" + digits[:6]
    return None
