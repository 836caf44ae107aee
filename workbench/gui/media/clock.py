"""Times as a researcher reads them."""

from __future__ import annotations


def clock(ms: int) -> str:
    """``m:ss`` or ``h:mm:ss``."""
    seconds = max(0, ms) // 1000
    hours, minutes = seconds // 3600, seconds // 60 % 60
    if hours:
        return f"{hours}:{minutes:02d}:{seconds % 60:02d}"
    return f"{minutes}:{seconds % 60:02d}"


def time_span(start_ms: int, end_ms: int | None) -> str:
    """``hh:mm:ss–hh:mm:ss`` (an unknown end: ``hh:mm:ss–``)."""
    return f"{_hms(start_ms)}–{'' if end_ms is None else _hms(end_ms)}"


def _hms(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
