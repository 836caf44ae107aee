"""Errors of the REFI-QDA exchange: each names the file, what is wrong and what to do."""

from __future__ import annotations

from workbench.core.errors import FileProblemError


class RefiError(FileProblemError):
    """A REFI-QDA file cannot be imported or exported; nothing was written or changed."""


class InvalidRefiFileError(RefiError):
    """Not a REFI-QDA file: not a ZIP, not XML, the wrong root element, no project.qde…"""


class UnsafeArchiveError(RefiError):
    """A .qdpx archive that could harm the computer: paths escaping it, a zip bomb."""


class UnsafeXmlError(RefiError):
    """XML with a document type declaration (entity expansion, external entities)."""


class SchemaViolationError(RefiError):
    """An export did not validate against the REFI-QDA schema (a bug; nothing was written)."""
