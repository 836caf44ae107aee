"""Counts in words for messages and reports: "1 coding", "3 codings", never "1 codings"."""

from __future__ import annotations

__all__ = ["counted", "noun"]


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun in the right number for ``count`` ("case", "cases")."""
    return singular if count == 1 else plural or f"{singular}s"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with the noun in the right number, thousands separated ("1,024 cases")."""
    return f"{count:,} {noun(count, singular, plural)}"
