"""The drag-and-drop formats of the coding desk: dragged codes, and a dragged document range
(which the document view produces and a code tree accepts to apply that code). Every drag
source and drop target encodes and decodes them here."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData

CODE_MIME = "application/x-qwb-code-uuids"  # code uuids, one a line
SELECTION_MIME = "application/x-qwb-selection"  # JSON {"source", "start", "end"} (code points)


def encode_codes(uuids: Sequence[str], text: str = "") -> QMimeData:
    data = QMimeData()
    data.setData(CODE_MIME, QByteArray("\n".join(uuids).encode("utf-8")))
    if text:
        data.setText(text)
    return data


def decode_codes(data: QMimeData) -> list[str]:
    raw = bytes(data.data(CODE_MIME).data()).decode("utf-8", errors="replace")
    return [line.strip() for line in raw.splitlines() if line.strip()]


def encode_selection(source: str, start: int, end: int, text: str = "") -> QMimeData:
    """A document range as a drag or clipboard payload (with its plain ``text`` when given)."""
    data = QMimeData()
    payload = json.dumps({"source": source, "start": start, "end": end})
    data.setData(SELECTION_MIME, QByteArray(payload.encode("utf-8")))
    if text:
        data.setText(text)
    return data


def decode_selection(data: QMimeData) -> tuple[str, int, int] | None:
    """The (source, start, end) a dragged document range carries, or None if malformed."""
    try:
        raw = json.loads(bytes(data.data(SELECTION_MIME).data()).decode("utf-8"))
        source, start, end = str(raw["source"]), int(raw["start"]), int(raw["end"])
    except (ValueError, KeyError, TypeError):
        return None
    return (source, start, end) if source and end > start >= 0 else None
