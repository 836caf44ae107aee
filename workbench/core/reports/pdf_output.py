"""What every report PDF shares once built: the result value, atomic writing, dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbench.core.export_files import write_file

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    codebook_hash: str


def format_date(stamp: datetime | None, *, time: bool = True) -> str:
    """``12 March 2025, 14:05 UTC`` (independent of the locale)."""
    if stamp is None:
        return "never"
    text = f"{stamp.day} {MONTHS[stamp.month - 1]} {stamp.year}"
    return f"{text}, {stamp:%H:%M} UTC" if time else text


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` next to ``path`` and move it into place, so a reader never sees half."""
    return write_file(path, lambda partial: partial.write_bytes(data))
