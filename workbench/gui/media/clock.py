"""Times as a researcher reads them."""

from __future__ import annotations


def clock(ms: int) -> str:
    """``m:ss`` or ``h:mm:ss``."""
    seconds = max(0, ms) // 1000
    hours, minutes = seconds // 3600, seconds // 60 % 60
    if hours:
        return f"{hours}:{minutes:02d}:{seconds % 60:02d}"
    return f"{minutes}:{seconds % 60:02d}"
