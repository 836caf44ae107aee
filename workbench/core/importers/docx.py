"""Word documents (.docx), read with python-docx.

The body's block elements are read in document order: each paragraph becomes one line
(empty paragraphs become blank lines; runs of 3+ blank lines are cut to 2), each table row
one line with its cells separated by tabs (a cell's own paragraphs and nested tables are
joined with newlines). Text in hyperlinks, tracked insertions, content controls and
fields is included; deleted text, text boxes, headers, footers, footnotes and comments
are not.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx

from workbench.core.importers.base import (
    ImportedDocument,
    ImportProblem,
    SourceImportError,
    check_unpacked_size,
    empty_file_error,
    finish_text,
)

__all__ = ["import_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# Containers whose children are read as if they stood in place of the container.
_WRAPPERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"})
# Paragraph children that hold no visible text of this paragraph.
_SKIPPED = frozenset(
    {
        _W + "pPr",
        _W + "rPr",
        _W + "sdtPr",
        _W + "sdtEndPr",
        _W + "del",
        _W + "moveFrom",
        _MC + "Fallback",
    }
)
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){3,}")


def import_docx(path: Path, data: bytes) -> ImportedDocument:
    """Import a .docx file (identity position map)."""
    if not data:
        raise empty_file_error(path)
    if data.startswith(_OLE_SIGNATURE):
        raise _ole_error(path, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as exc:
        raise _corrupt(path) from exc
    check_unpacked_size(path, unpacked, "document")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_block_lines(document.element.body))
    except Exception as exc:
        raise _corrupt(path) from exc
    text = _BLANK_LINES.sub("\n\n\n", "\n".join(lines)).strip("\n")
    return finish_text(path, text, "docx", empty_what="the document")


def _block_lines(container: Any) -> Iterator[str]:
    """Lines of the paragraphs and tables directly inside ``container``."""
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            yield "".join(_paragraph_parts(child))
        elif tag == _W + "tbl":
            yield from _table_rows(child)
        elif tag in _WRAPPERS:
            yield from _block_lines(child)


def _paragraph_parts(element: Any) -> Iterator[str]:
    for child in element:
        tag = child.tag
        if tag == _W + "r":
            yield from _run_parts(child)
        elif isinstance(tag, str) and tag not in _SKIPPED:
            yield from _paragraph_parts(child)  # hyperlinks, insertions, fields ...


def _run_parts(run: Any) -> Iterator[str]:
    for child in run:
        tag = child.tag
        if tag == _W + "t":
            yield child.text or ""
        elif tag == _W + "br":
            if child.get(_W + "type") in (None, "textWrapping"):
                yield "\n"
        elif tag in _RUN_TEXT:
            yield _RUN_TEXT[tag]


def _table_rows(table: Any) -> Iterator[str]:
    for row in _children(table, _W + "tr"):
        cells = []
        for cell in _children(row, _W + "tc"):
            if _continues_vertical_merge(cell):
                cells.append("")  # the merged cell's text is in the row where it starts
            else:
                # a cell ends with a paragraph, often an empty one after a nested table
                cells.append("\n".join(_block_lines(cell)).strip("\n"))
        yield "\t".join(cells)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _continues_vertical_merge(cell: Any) -> bool:
    properties = cell.find(_W + "tcPr")
    merge = properties.find(_W + "vMerge") if properties is not None else None
    return merge is not None and merge.get(_W + "val", "continue") == "continue"


def _corrupt(path: Path) -> SourceImportError:
    return SourceImportError(
        path,
        ImportProblem.CORRUPT,
        "not a valid Word document (the file is damaged or not really .docx).",
        "Re-save it from Word or export it as .txt.",
    )


def _ole_error(path: Path, data: bytes) -> SourceImportError:
    if _ENCRYPTED_STREAM in data:
        return SourceImportError(
            path,
            ImportProblem.ENCRYPTED,
            "the Word document is protected by a password.",
            "Open it in Word, remove the password (File > Info > Protect Document), "
            "save it and import it again.",
        )
    return SourceImportError(
        path,
        ImportProblem.CORRUPT,
        "this is an old-style Word 97-2003 document (.doc) with a .docx name.",
        "Open it in Word or LibreOffice and save it as .docx, then import that.",
    )
