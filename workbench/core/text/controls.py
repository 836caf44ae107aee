"""Control characters (C0, DEL, C1): refused in names, replaced in names taken from files,
escaped wherever text reaches a terminal."""

from __future__ import annotations

import re

from workbench.core.errors import ValidationError

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_RUN = re.compile("[\x00-\x1f\x7f-\x9f]+")
_SHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and line feed


def refuse_controls(text: str, what: str) -> None:
    """Raise ValidationError, naming ``what`` and the character, if ``text`` holds a control
    character."""
    found = _CONTROL.search(text)
    if found is not None:
        raise ValidationError(
            f"{what} cannot contain control characters (U+{ord(found.group()):04X} at "
            f"character {found.start() + 1}: {text!r}). Remove it and try again."
        )


def clean_name(name: str, what: str) -> str:
    """Strip a name (line breaks become spaces); refuse an empty or overlong one, or one with
    control characters, which break exports and terminals."""
    cleaned = " ".join(name.split()) if "\n" in name or "\r" in name else name.strip()
    if not cleaned:
        raise ValidationError(f"A {what} needs a name.")
    if len(cleaned) > 200:
        raise ValidationError(f"A {what} name may have at most 200 characters.")
    refuse_controls(cleaned, f"A {what} name")
    return cleaned


def replace_controls(text: str) -> str:
    """``text`` stripped, each run of control characters in it turned into one space."""
    return _CONTROL_RUN.sub(" ", text).strip()


def escape_controls(text: str) -> str:
    """``text`` with every control character but tab and line feed shown as an escape
    (``\\r``, ``\\x1b``)."""
    return _SHOWN.sub(lambda m: "\\r" if m.group() == "\r" else f"\\x{ord(m.group()):02x}", text)
