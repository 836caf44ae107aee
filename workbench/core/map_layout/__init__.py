"""Automatic layouts of the theme map: a tidy tree and a force-directed layout, both ending
with no two nodes (with their labels) overlapping.

Plain Python, no Qt: a node is a uuid with a ``Box`` (its extent around its centre)."""

from __future__ import annotations

from workbench.core.map_layout.boxes import Box, Point, overlapping, remove_overlaps
from workbench.core.map_layout.force import force_directed
from workbench.core.map_layout.tidy import tidy_tree

__all__ = ["Box", "Point", "force_directed", "overlapping", "remove_overlaps", "tidy_tree"]
