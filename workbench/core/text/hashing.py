"""The digest a source's text is known by (duplicate imports, merges, REFI-QDA)."""

from __future__ import annotations

import hashlib


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
