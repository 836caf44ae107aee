"""Distinct, readable colours for new codes and coders."""

from __future__ import annotations

import colorsys

_GOLDEN = 0.618033988749895


def distinct_color(index: int, *, saturation: float = 0.55, value: float = 0.85) -> str:
    """The ``index``-th colour of a sequence whose neighbours are far apart in hue."""
    hue = (0.08 + index * _GOLDEN) % 1.0
    r, g, b = colorsys.hsv_to_rgb(hue, saturation, value)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


# Lightness levels a shade may take: readable as a highlight and as a stripe (never near white
# or black), and far enough apart to tell siblings apart.
_LEVELS = (0.30, 0.38, 0.46, 0.54, 0.62, 0.70, 0.78)


def shade_of(color: str, index: int) -> str:
    """The ``index``-th shade of ``color`` (same hue, lighter or darker): the colour of a
    sub-code that was given none, so a theme's codes read as one family. The levels nearest the
    parent's come first; past the last level the shades are less saturated."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, saturation = colorsys.rgb_to_hls(r, g, b)
    levels = sorted((v for v in _LEVELS if abs(v - light) > 0.04), key=lambda v: abs(v - light))
    level = levels[index % len(levels)]
    if (index // len(levels)) % 2:
        saturation *= 0.6
    r, g, b = colorsys.hls_to_rgb(hue, level, saturation)
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
