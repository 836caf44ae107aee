r"""Code paths: code names joined with ``/``, e.g. ``Emotions/Joy``.

Inside a name, ``/`` is written ``\/`` and ``\`` is written ``\\``; no other escapes exist,
so every list of non-empty names has exactly one path and every valid path one list.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["escape_name", "join_path", "split_path"]

SEPARATOR = "/"
ESCAPE = "\\"


def escape_name(name: str) -> str:
    r"""Escape one name for use in a path (``\`` -> ``\\``, ``/`` -> ``\/``)."""
    return name.replace(ESCAPE, ESCAPE + ESCAPE).replace(SEPARATOR, ESCAPE + SEPARATOR)


def join_path(names: Sequence[str]) -> str:
    """Join code names into a path; ValueError if there are none or one is empty."""
    if isinstance(names, str):
        raise TypeError("join_path takes a sequence of names, not a single string")
    if not names:
        raise ValueError("a code path needs at least one name")
    if any(not name for name in names):
        raise ValueError(f"a code path cannot contain an empty name: {list(names)!r}")
    return SEPARATOR.join(escape_name(name) for name in names)


def split_path(path: str) -> list[str]:
    r"""Split a path into its unescaped names.

    ValueError (naming the path) for an empty segment (including an empty path or a
    leading, trailing or doubled ``/``), a trailing lone ``\``, or an unknown escape.
    """
    if ESCAPE not in path:
        parts = path.split(SEPARATOR)
        if not all(parts):
            raise ValueError(f"code path {path!r} has an empty segment")
        return parts
    names: list[str] = []
    current: list[str] = []
    index = 0
    size = len(path)
    while index < size:
        char = path[index]
        if char == ESCAPE:
            if index + 1 == size:
                raise ValueError(f"code path {path!r} ends with a lone backslash")
            following = path[index + 1]
            if following not in (ESCAPE, SEPARATOR):
                raise ValueError(
                    f"code path {path!r} has an unknown escape {char + following!r} at "
                    f"position {index}; only \\\\ and \\/ are allowed"
                )
            current.append(following)
            index += 2
            continue
        if char == SEPARATOR:
            names.append(_finish_segment(current, path))
            current = []
        else:
            current.append(char)
        index += 1
    names.append(_finish_segment(current, path))
    return names


def _finish_segment(chars: list[str], path: str) -> str:
    if not chars:
        raise ValueError(f"code path {path!r} has an empty segment")
    return "".join(chars)
