"""OpenDocument text (.odt), read with odfpy (which parses with defusedxml).

Paragraphs, headings and list items become one line each, table rows one line with cells
separated by tabs; ``text:s``, ``text:tab`` and ``text:line-break`` become spaces, tabs
and newlines. Footnotes, annotations, frames (text boxes, images), tracked deletions and
tables of contents are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from odf.namespaces import DRAWNS, OFFICENS, TABLENS, TEXTNS
from odf.opendocument import load

from workbench.core.importers.base import (
    ImportedDocument,
    ImportProblem,
    SourceImportError,
    check_unpacked_size,
    empty_file_error,
    finish_text,
)

__all__ = ["import_odt"]

_TEXT_MIMETYPES = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
)
_MAX_REPEAT = 50  # cap for table:number-columns-repeated / number-rows-repeated
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){3,}")

_PARAGRAPHS = frozenset({(TEXTNS, "p"), (TEXTNS, "h")})
_TABLE = (TABLENS, "table")
_SKIPPED_BLOCKS = frozenset(
    {
        (TEXTNS, "tracked-changes"),
        (TEXTNS, "sequence-decls"),
        (TEXTNS, "variable-decls"),
        (TEXTNS, "user-field-decls"),
        (TEXTNS, "table-of-content"),
        (OFFICENS, "forms"),
        (TABLENS, "table-columns"),
        (TABLENS, "table-column"),
        (TABLENS, "table-header-columns"),
    }
)
_SKIPPED_INLINE = frozenset(
    {
        (TEXTNS, "note"),
        (OFFICENS, "annotation"),
        (DRAWNS, "frame"),
        (DRAWNS, "a"),
        (DRAWNS, "custom-shape"),
        (TEXTNS, "ruby-text"),
    }
)


def import_odt(path: Path, data: bytes) -> ImportedDocument:
    """Import an OpenDocument text file (identity position map)."""
    if not data:
        raise empty_file_error(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            manifest = archive.read("META-INF/manifest.xml")
    except Exception as exc:
        raise _corrupt(path) from exc
    check_unpacked_size(path, unpacked, "document")
    if b"encryption-data" in manifest:
        raise SourceImportError(
            path,
            ImportProblem.ENCRYPTED,
            "the document is protected by a password.",
            "Open it in LibreOffice with the password, save a copy without a password "
            "and import that.",
        )
    try:
        document = load(io.BytesIO(data))
        mimetype = str(document.mimetype)
        if mimetype not in _TEXT_MIMETYPES:
            raise SourceImportError(
                path,
                ImportProblem.CORRUPT,
                f"this is not an OpenDocument text document (its type is {mimetype}).",
                "Open it in LibreOffice and save the text as .odt or .txt.",
            )
        lines = list(_block_lines(document.text))
    except SourceImportError:
        raise
    except Exception as exc:
        raise _corrupt(path) from exc
    text = _BLANK_LINES.sub("\n\n\n", "\n".join(lines)).strip("\n")
    return finish_text(path, text, "odt", empty_what="the document")


def _block_lines(container: Any) -> Iterator[str]:
    for child in _elements(container):
        qname = child.qname
        if qname in _PARAGRAPHS:
            yield "".join(_inline_parts(child)).strip(" ")
        elif qname == _TABLE:
            yield from _table_rows(child)
        elif qname not in _SKIPPED_BLOCKS:
            yield from _block_lines(child)  # lists, list items, sections, index bodies ...


def _inline_parts(element: Any) -> Iterator[str]:
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield _WHITESPACE.sub(" ", str(child.data))
            continue
        if child.nodeType != child.ELEMENT_NODE:
            continue
        qname = child.qname
        if qname == (TEXTNS, "s"):
            yield " " * min(_count(child, TEXTNS, "c"), 1000)
        elif qname == (TEXTNS, "tab"):
            yield "\t"
        elif qname == (TEXTNS, "line-break"):
            yield "\n"
        elif qname not in _SKIPPED_INLINE:
            yield from _inline_parts(child)  # spans, links, fields, bookmarks ...


def _table_rows(table: Any) -> Iterator[str]:
    for row in _rows(table):
        cells: list[str] = []
        for cell in _elements(row):
            if cell.qname == (TABLENS, "table-cell"):
                content = "\n".join(_block_lines(cell))
            elif cell.qname == (TABLENS, "covered-table-cell"):
                content = ""  # part of a merged cell whose text is already taken
            else:
                continue
            repeat = min(_count(cell, TABLENS, "number-columns-repeated"), _MAX_REPEAT)
            cells.extend([content] * repeat)
        while cells and not cells[-1]:
            cells.pop()
        line = "\t".join(cells)
        repeat = min(_count(row, TABLENS, "number-rows-repeated"), _MAX_REPEAT)
        yield from [line] * (repeat if line else 1)


def _rows(element: Any) -> Iterator[Any]:
    for child in _elements(element):
        if child.qname == (TABLENS, "table-row"):
            yield child
        elif child.qname in (
            (TABLENS, "table-header-rows"),
            (TABLENS, "table-rows"),
            (TABLENS, "table-row-group"),
        ):
            yield from _rows(child)


def _elements(node: Any) -> Iterator[Any]:
    for child in node.childNodes:
        if child.nodeType == child.ELEMENT_NODE:
            yield child


def _count(element: Any, namespace: str, name: str) -> int:
    value = element.attributes.get((namespace, name))
    try:
        return max(1, int(value)) if value is not None else 1
    except ValueError:
        return 1


def _corrupt(path: Path) -> SourceImportError:
    return SourceImportError(
        path,
        ImportProblem.CORRUPT,
        "not a valid OpenDocument text file (the file is damaged or not really .odt).",
        "Re-save it from LibreOffice or Word, or export it as .txt.",
    )
