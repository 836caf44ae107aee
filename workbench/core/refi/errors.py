"""Errors of the REFI-QDA exchange: each names the file, what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path

from workbench.core.errors import WorkbenchError


class RefiError(WorkbenchError):
    """A REFI-QDA file cannot be imported or exported; nothing was written or changed."""

    def __init__(self, path: Path | str, problem: str, advice: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        text = f"{self.path.name}: {problem}"
        if advice:
            text += f" {advice}"
        super().__init__(text)


class InvalidRefiFileError(RefiError):
    """Not a REFI-QDA file: not a ZIP, not XML, the wrong root element, no project.qde…"""


class UnsafeArchiveError(RefiError):
    """A .qdpx archive that could harm the computer: paths escaping it, a zip bomb."""


class UnsafeXmlError(RefiError):
    """XML with a document type declaration (entity expansion, external entities)."""


class SchemaViolationError(RefiError):
    """An export did not validate against the REFI-QDA schema (a bug; nothing was written)."""


class ExchangeCancelled(WorkbenchError):
    """The user cancelled an import or export; nothing was written or changed."""
