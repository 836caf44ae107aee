"""Rich Text Format (.rtf), converted with striprtf.

RTF is a 7/8-bit format: the bytes are read as cp1252 (latin-1 for the few bytes cp1252
leaves undefined); accented characters in ``\\'xx`` escapes are decoded with the document's
code page (``\\ansicpg``) and ``\\uN`` escapes by striprtf; UTF-16 surrogate pairs written
as two ``\\uN`` escapes are joined.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from striprtf import striprtf

from workbench.core.importers.base import (
    ImportedDocument,
    ImportProblem,
    SourceImportError,
    empty_file_error,
    finish_text,
)

__all__ = ["import_rtf"]


def _cp1252_table() -> dict[int, str]:
    """Latin-1 -> cp1252 for the bytes 0x80-0x9F that cp1252 defines."""
    table: dict[int, str] = {}
    for code in range(0x80, 0xA0):
        with contextlib.suppress(UnicodeDecodeError):
            table[code] = bytes([code]).decode("cp1252")
    return table


_CP1252_UPPER_CONTROLS = _cp1252_table()


def import_rtf(path: Path, data: bytes) -> ImportedDocument:
    """Import an RTF document (identity position map)."""
    if not data:
        raise empty_file_error(path)
    if not data.lstrip().startswith(b"{\\rtf"):
        raise SourceImportError(
            path,
            ImportProblem.CORRUPT,
            "not a valid RTF document (it does not start with the RTF header, so it is "
            "damaged or not really .rtf).",
            "Open it in the program that created it and save it again as .rtf, .docx or .txt.",
        )
    source = data.decode("latin-1").translate(_CP1252_UPPER_CONTROLS)
    try:
        convert: Callable[..., object] = striprtf.rtf_to_text  # untyped library
        text = str(convert(source, encoding="cp1252", errors="replace"))
    except Exception as exc:
        raise SourceImportError(
            path,
            ImportProblem.CORRUPT,
            "the RTF document could not be read (the file is damaged).",
            "Open it in a word processor and save it again as .rtf, .docx or .txt.",
        ) from exc
    return finish_text(path, text.strip("\n"), "rtf", empty_what="the document")
