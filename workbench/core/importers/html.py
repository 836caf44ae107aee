"""HTML sources (.html, .htm): visible text, one line per block element.

Block elements (paragraphs, headings, list items, table rows, ``div`` ...) and ``<br>``
end lines; table cells are separated by tabs; ``script``, ``style``, ``template``,
``title`` and similar non-visible content is dropped; entities are decoded; whitespace is
collapsed as a browser would, except inside ``<pre>``.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from workbench.core.importers.base import (
    ImportedDocument,
    ImportProblem,
    SourceImportError,
    empty_file_error,
    finish_text,
)
from workbench.core.importers.plain import decode_text

__all__ = ["html_to_text", "import_html"]

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_HIDDEN = frozenset(["script", "style", "template", "title", "noscript", "svg", "math"])
_SPACES = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_WINDOWS_1252_ALIASES = frozenset({"iso8859-1", "latin-1", "ascii", "us-ascii", "iso-8859-1"})


def import_html(path: Path, data: bytes) -> ImportedDocument:
    """Import an HTML page as plain text (identity position map)."""
    if not data:
        raise empty_file_error(path)
    text, encoding = decode_text(path, data, _declared_encoding(data))
    try:
        body = html_to_text(text)
    except Exception as exc:  # html.parser raises AssertionError on some broken markup
        raise SourceImportError(
            path,
            ImportProblem.CORRUPT,
            "the HTML could not be read (the markup is badly broken).",
            "Open it in a web browser, save it as text (.txt) and import that.",
        ) from exc
    return finish_text(path, body, "html", {"encoding": encoding}, empty_what="the page")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document (see the module docstring)."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser.result()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._hidden: list[str] = []
        self._pre = 0
        self._cells: list[int] = []  # cells seen in the current row, per open table

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """Skip ``<![...]>`` sections; the standard parser fails on unknown keywords."""
        end = self.rawdata.find("]>", i + 3)
        return -1 if end < 0 else end + 2

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden.append(tag)
            return
        if self._hidden:
            return
        if tag == "br":
            self._out.append("\n")
        elif tag == "table":
            self._cells.append(0)
            self._break()
        elif tag == "tr":
            if self._cells:
                self._cells[-1] = 0
            self._break()
        elif tag in ("td", "th"):
            if self._cells:
                if self._cells[-1]:
                    self._out.append("\t")
                self._cells[-1] += 1
        elif tag in _BLOCKS:
            self._break()
            if tag == "pre":
                self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag in self._hidden:
                while self._hidden.pop() != tag:
                    pass
            return
        if tag == "table" and self._cells:
            self._cells.pop()
        if tag in _BLOCKS:
            self._break()
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._hidden or not data:
            return
        if self._pre:
            self._out.append(data.replace("\r\n", "\n").replace("\r", "\n"))
            return
        text = _SPACES.sub(" ", data)
        if text.startswith(" ") and (not self._out or self._out[-1][-1:] in ("\n", "\t", " ")):
            text = text[1:]
        if text:
            self._out.append(text)

    def _break(self) -> None:
        if self._out and not self._out[-1].endswith("\n"):
            self._out.append("\n")

    def result(self) -> str:
        text = "".join(self._out)
        text = re.sub(r"[ ]+\n", "\n", text)
        text = re.sub(r"\n{4,}", "\n\n\n", text)
        return text.strip("\n")


def _declared_encoding(data: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag near the start, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"  # what browsers do, per the HTML standard
    if name.startswith(("utf-16", "utf-32")):
        return None  # a meta tag readable as ASCII cannot be UTF-16/32
    return name
