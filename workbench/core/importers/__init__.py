"""Importers turning source files (text, Word, PDF, OpenDocument, RTF, HTML, subtitles) into
stored document text with metadata. Use :func:`read_source`."""

from __future__ import annotations

from workbench.core.importers.base import (
    FORMAT_BY_EXTENSION,
    MAX_SOURCE_BYTES,
    MAX_TEXT_CHARS,
    ImportedDocument,
    ImportProblem,
    SourceImportError,
)
from workbench.core.importers.dispatch import read_source

__all__ = [
    "FORMAT_BY_EXTENSION",
    "MAX_SOURCE_BYTES",
    "MAX_TEXT_CHARS",
    "ImportProblem",
    "ImportedDocument",
    "SourceImportError",
    "read_source",
]
