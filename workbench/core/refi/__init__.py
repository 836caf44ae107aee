"""REFI-QDA exchange (QDA-XML 1.0): projects as ``.qdpx`` and codebooks as ``.qdc``.

The GUI and the CLI call these four functions (all Qt-free; run them in a worker thread for
large projects and pass ``progress`` to show progress and allow cancelling):

- ``export_qdpx(project, out, *, overwrite=False, progress=NO_PROGRESS) -> ExchangeReport``
- ``import_qdpx(qdpx, new_project, *, coder, progress=NO_PROGRESS) -> ExchangeReport``
- ``export_qdc(project, out, *, overwrite=False) -> ExchangeReport``
- ``import_qdc(project, qdc, *, coder) -> ExchangeReport`` (``report.changes`` for undo)

Errors are RefiError subclasses (which file, what is wrong, what to do) or ``Cancelled``
(``workbench.core.progress``);
in both cases nothing was written and no project changed.
"""

from __future__ import annotations

from workbench.core.refi.errors import (
    InvalidRefiFileError,
    RefiError,
    SchemaViolationError,
    UnsafeArchiveError,
    UnsafeXmlError,
)
from workbench.core.refi.qdc import export_qdc, import_qdc
from workbench.core.refi.qdpx_import import import_qdpx
from workbench.core.refi.qdpx_writer import export_qdpx
from workbench.core.refi.report import ExchangeReport

__all__ = [
    "ExchangeReport",
    "InvalidRefiFileError",
    "RefiError",
    "SchemaViolationError",
    "UnsafeArchiveError",
    "UnsafeXmlError",
    "export_qdc",
    "export_qdpx",
    "import_qdc",
    "import_qdpx",
]
