"""Reading a ``project.qde`` as a stream: parsed piece by piece with ``iterparse``, validated
against the REFI-QDA schema while it is parsed, each section and each source dropped once read.

Memory stays bounded by the largest source element, not by the file. The safety rules of
``parse_xml`` hold: a document type declaration is refused before parsing, entities are not
resolved and nothing is fetched from the network. A file that breaks the schema is still read
(leniently, as vendors' files often do); the violation is reported once the whole file was read,
because libxml2 reports validity only at the end of a streamed parse.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from workbench.core.refi.archive import MemberStream
from workbench.core.refi.errors import InvalidRefiFileError, UnsafeXmlError
from workbench.core.refi.model import RProject, RTextSource
from workbench.core.refi.qde_sources import read_note, read_source
from workbench.core.refi.qdpx_reader import read_head, read_section
from workbench.core.refi.xmlsafe import (
    PROJECT_NS,
    _has_doctype,
    is_qda,
    local,
    namespace,
    schema,
)

_SECTIONS = (
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
)
_PRELUDE = frozenset(("Users", "CodeBook", "Variables", "Cases"))
_SOURCES = ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource")
# Only these elements reach Python; everything inside them is read from the finished element.
_TAGS = [f"{{*}}{name}" for name in ("Project", *_SECTIONS, *_SOURCES, "Note")]
_HEAD = 65536


class OutOfOrder(Exception):
    """The users or the codebook come after the sources: the file must be read whole first."""


class QdeStream:
    """One pass over a ``.qde``: ``prelude()`` reads up to the sources (users, codebook,
    variables, cases), ``sources()`` yields the text sources one by one, ``finish()`` reads the
    rest and checks the whole file. With ``buffered`` the sources are kept until the end of the
    file (for files whose sections are out of order)."""

    def __init__(self, stream: MemberStream, path: Path, what: str, *, buffered: bool = False):
        self.stream, self.path, self.what, self.buffered = stream, path, what, buffered
        self.doc: RProject | None = None
        self.problems: list[str] = []  # how the file departs from the schema
        self._walk = self._events()

    # -- the three phases ---------------------------------------------------------------------
    def prelude(self) -> RProject:
        for kind, _ in self._walk:
            if kind == "prelude":
                break
        assert self.doc is not None
        return self.doc

    def sources(self) -> Iterator[RTextSource]:
        for kind, item in self._walk:
            if kind == "sources-done":
                return
            assert isinstance(item, RTextSource)
            yield item

    def finish(self) -> None:
        for _ in self._walk:
            pass

    # -- parsing --------------------------------------------------------------------------------
    def _events(self) -> Iterator[tuple[str, RTextSource | None]]:
        head = self.stream.read(_HEAD)
        if _has_doctype(head):
            raise UnsafeXmlError(
                self.path,
                f"{self.what} declares a document type (<!DOCTYPE>) with entities, which REFI-QDA "
                "files never do; it was refused because such XML can exhaust memory or read "
                "local files.",
                "Nothing was imported.",
            )
        top = _head_root(head)
        if top is not None:
            self.doc = read_head(top, self.path)  # refuses a root other than <Project>
        self._namespace = None if top is None else namespace(top)
        checked = self._namespace == PROJECT_NS
        events = etree.iterparse(
            _Prefixed(head, self.stream),
            events=("start", "end"),
            tag=_TAGS,
            schema=schema("project") if checked else None,
            # No entity can be declared (the document type was refused above) and none is ever
            # fetched; "internal" rather than False because libxml2, validating with entities
            # kept as references, ends a cut-off document as if it were complete.
            resolve_entities="internal",
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        done = False
        self._checked = checked
        try:
            yield from self._read(events)
            done = True
            for _ in events:  # validity is reported when the parser closes
                pass
        except etree.XMLSyntaxError as exc:
            if not done:
                raise self._malformed(exc) from None
            self.problems = [_schema_problem(exc)]
        if self.doc is None:
            raise InvalidRefiFileError(self.path, f"{self.what} holds no <Project> element.")
        if not checked:
            found = self._namespace or "(none)"
            self.problems = [f"uses the namespace {found!r}; read leniently"]

    def _read(self, events: Any) -> Iterator[tuple[str, RTextSource | None]]:
        root: Any = None
        doc: RProject | None = None
        prelude_done = False
        kept: list[RTextSource] = []
        sources_done = False
        for event, el in events:
            parent = el.getparent()
            if root is None:  # the first event: the root's start
                if el.getroottree().docinfo.internalDTD is not None:
                    raise UnsafeXmlError(
                        self.path, f"{self.what} declares a document type; refused."
                    )
                if self.doc is None:
                    self.doc = read_head(el, self.path)
                doc, root = self.doc, el
                continue
            assert doc is not None
            name = local(el)
            if event == "start":
                if parent is root and name not in _PRELUDE and not prelude_done:
                    prelude_done = not self.buffered
                    if prelude_done:
                        yield ("prelude", None)
                continue
            if parent is root:
                if name == "Sources" and is_qda(el):
                    # What is left in <Sources> are children of no known kind.
                    for other in el.iterchildren(etree.Element):
                        if is_qda(other):
                            read_source(other, doc)
                    if not self.buffered:
                        sources_done = True
                        yield ("sources-done", None)
                elif name in ("Users", "CodeBook") and prelude_done and not self.buffered:
                    raise OutOfOrder
                else:
                    read_section(el, doc)
                root.remove(el)
            elif el is root:
                for child in root.iterchildren(etree.Element):  # Description, NoteRef…
                    read_section(child, doc)
                if not prelude_done:
                    yield ("prelude", None)  # (buffered: the whole file was read)
                yield from (("source", s) for s in kept)
                yield ("sources-done", None)
                return
            elif parent is not None and parent.getparent() is root and is_qda(parent):
                box = local(parent)
                if box == "Sources" and name in _SOURCES and is_qda(el):
                    if sources_done:  # a second <Sources>
                        raise OutOfOrder
                    source = read_source(el, doc)
                    parent.remove(el)
                    if source is not None:
                        if self.buffered:
                            kept.append(source)
                        else:
                            yield ("source", source)
                elif box == "Notes" and name == "Note" and is_qda(el):
                    read_note(el, doc)
                    parent.remove(el)

    def _malformed(self, exc: etree.XMLSyntaxError) -> InvalidRefiFileError:
        """The error of a file whose parse stopped: where it stops being well-formed XML.
        (While validating, libxml2 may report a schema message without a line instead.)"""
        line, message = exc.lineno, exc.msg
        if self._checked or not line:  # the parser's own words, not the validator's
            line, message = _first_syntax_error(self.stream.reopen()) or (line, message)
        where = f"line {line}: " if line else ""
        return InvalidRefiFileError(
            self.path,
            f"{self.what} is not well-formed XML ({where}{message}).",
            "Export it again from the program that made it. Nothing was imported.",
        )


def _head_root(head: bytes) -> Any:
    """The document's root element (with its attributes), read from the start of the file;
    None if it cannot be read there (the full parse then says what is wrong)."""
    try:
        for _, el in etree.iterparse(
            io.BytesIO(head), events=("start",), resolve_entities=False, no_network=True
        ):
            return el
    except etree.XMLSyntaxError:
        return None
    return None


def _schema_problem(exc: etree.XMLSyntaxError) -> str:
    line = f"line {exc.lineno}: " if exc.lineno else ""
    return f"does not follow the REFI-QDA schema ({line}{exc.msg}); read leniently"


class _NoTree:
    """A parser target that builds nothing: the parse only checks the XML."""

    def close(self) -> None:
        return None


def _first_syntax_error(stream: MemberStream) -> tuple[int, str] | None:
    """Where a streamed document stops being well-formed, found without keeping any of it."""
    parser = etree.XMLParser(
        target=_NoTree(), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        while chunk := stream.read(1 << 20):
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError as exc:
        return exc.lineno, exc.msg
    finally:
        stream.close()
    return None


class _Prefixed:
    """A file object reading ``head`` and then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: MemberStream) -> None:
        self._head, self._stream = head, stream

    def read(self, n: int = -1) -> bytes:
        if self._head:
            out, self._head = self._head, b""
            return out
        return self._stream.read(n)
