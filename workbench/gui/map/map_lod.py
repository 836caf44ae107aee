"""Level of detail on the theme map: how big a label is drawn at a zoom, or whether at all.

Zoomed out, a map of hundreds of codes cannot show every name. Themes and categories keep their
names at a legible size on screen (drawn larger in the map the further it is zoomed out), codes
without sub-codes drop theirs, and relation labels stay readable. Plain arithmetic, no Qt."""

from __future__ import annotations

MAX_SCALE = 3.5  # a label never grows past this many times its size (it would cover the map)
# The smallest height on screen, in pixels, of a theme's (0) and a category's (1) name, and of a
# relation's label (-1); below ``LEAF_ZOOM`` a code without sub-codes shows no name.
MIN_SCREEN_PX = {0: 14.0, 1: 10.0, -1: 10.0}
LEAF_ZOOM = 0.6
LEAF_MIN_PX = 7.5


def label_scale(font_px: float, zoom: float, depth: int, *, has_children: bool) -> float | None:
    """How many times larger than its font the label is drawn at ``zoom`` (1.0: as is), or None
    when it is not drawn. ``depth`` -1 is a relation's label."""
    if zoom <= 0:
        return None
    if depth >= 0 and not has_children:
        if zoom < LEAF_ZOOM and font_px * zoom < LEAF_MIN_PX:
            return None
        return 1.0
    wanted = MIN_SCREEN_PX[min(depth, 1)] if depth >= 0 else MIN_SCREEN_PX[-1]
    on_screen = font_px * zoom
    if on_screen >= wanted:
        return 1.0
    scale = wanted / on_screen
    return scale if scale <= MAX_SCALE else MAX_SCALE
