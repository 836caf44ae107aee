"""Distinct, readable colours for new codes and coders."""

from __future__ import annotations

import colorsys

_GOLDEN = 0.618033988749895


def distinct_color(index: int, *, saturation: float = 0.55, value: float = 0.85) -> str:
    """The ``index``-th colour of a sequence whose neighbours are far apart in hue."""
    hue = (0.08 + index * _GOLDEN) % 1.0
    r, g, b = colorsys.hsv_to_rgb(hue, saturation, value)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def coder_color(index: int) -> str:
    return distinct_color(index + 3, saturation=0.65, value=0.75)


def is_color(value: str) -> bool:
    """True for ``#RRGGBB`` (the only colour form a project stores)."""
    if len(value) != 7 or value[0] != "#":
        return False
    try:
        int(value[1:], 16)
    except ValueError:
        return False
    return True
