"""How a merge names recordings and media codings in its conflicts and notes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from workbench.core.media.sync import format_clock

NameOf = Callable[[str, "str | None"], str]


def media_label(kind: str, values: Mapping[str, Any], name_of: NameOf) -> str | None:
    """``recording of P01`` or ``media coding Joy on P01 00:00:01.000–00:00:02.500 by Ben``;
    None for other kinds of row."""
    source = name_of("source", values.get("source_id"))
    if kind == "media":
        return f"recording of {source}"
    if kind == "media_coding":
        start, end = int(values.get("start_ms") or 0), int(values.get("end_ms") or 0)
        code, coder = (
            name_of("code", values.get("code_id")),
            name_of("coder", values.get("coder_id")),
        )
        return (
            f"media coding {code} on {source} {format_clock(start)}–{format_clock(end)} by {coder}"
        )
    return None
