"""Counts in words for messages and reports: "1 coding", "3 codings", never "1 codings"."""

from __future__ import annotations

__all__ = ["counted"]


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with the noun in the right number, thousands separated ("1,024 cases")."""
    noun = singular if count == 1 else plural or f"{singular}s"
    return f"{count:,} {noun}"
