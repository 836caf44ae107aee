"""Safe XML for REFI-QDA: no DTDs or entities, no network; namespace-tolerant element access;
GUIDs, dates and schema validation against the vendored official XSDs."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from workbench.core.refi.errors import InvalidRefiFileError, UnsafeXmlError
from workbench.resources import resource_path

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
QDA_PREFIX = "urn:QDA-XML:"
SCHEMA_FILES = {"project": "Project-mrt2019.xsd", "codebook": "Codebook-mrt2019.xsd"}
SchemaKind = Literal["project", "codebook"]
Element = Any  # lxml.etree._Element: lxml ships no type information

_LOWER_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_XML_SAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def parse_xml(data: bytes, path: Path, what: str) -> Element:
    """Parse ``data`` (the file ``what`` inside ``path``) and return its root element.

    A document type declaration is refused before parsing: REFI-QDA files never have one, and
    it is how entity expansion ("billion laughs") and external entities (XXE) get in."""
    if _has_doctype(data):
        raise UnsafeXmlError(
            path,
            f"{what} declares a document type (<!DOCTYPE>) with entities, which REFI-QDA files "
            "never do; it was refused because such XML can exhaust memory or read local files.",
            "Nothing was imported.",
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = f"line {exc.lineno}: " if exc.lineno else ""
        raise InvalidRefiFileError(
            path,
            f"{what} is not well-formed XML ({line}{exc.msg}).",
            "Export it again from the program that made it.",
        ) from None
    if root is None or root.getroottree().docinfo.internalDTD is not None:
        raise UnsafeXmlError(path, f"{what} declares a document type; refused.")
    return root


def _has_doctype(data: bytes) -> bool:
    """True if a ``<!`` declaration (other than a comment) precedes the root element."""
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    elif head[:2] in (b"<\x00", b"\x00<"):
        text = head.decode("utf-16-le" if head[0] == 0x3C else "utf-16-be", errors="ignore")
    else:
        text = head.decode("latin-1").removeprefix("\u00ef\u00bb\u00bf")
    pos = 0
    while True:
        pos = text.find("<", pos)
        if pos < 0 or pos + 1 >= len(text):
            return "<!" in text  # a prolog longer than the window: be strict
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            pos = len(text) if end < 0 else end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
            pos = len(text) if end < 0 else end + 3
        else:
            return text.startswith("<!", pos)


# -- element access ---------------------------------------------------------------------------
def local(el: Element) -> str:
    """The element's name without namespace."""
    return str(el.tag).rpartition("}")[2]


def namespace(el: Element) -> str:
    tag = str(el.tag)
    return tag[1 : tag.index("}")] if tag.startswith("{") else ""


def is_qda(el: Element) -> bool:
    ns = namespace(el)
    return ns == "" or ns.startswith(QDA_PREFIX)


def kids(el: Element, name: str | None = None) -> Iterator[Element]:
    """Child elements in any QDA-XML namespace, optionally only those called ``name``."""
    for child in el.iterchildren("{*}" + name if name else etree.Element):
        if is_qda(child):
            yield child


def kid(el: Element, name: str) -> Element | None:
    return next(kids(el, name), None)


def kid_text(el: Element, name: str) -> str | None:
    found = kid(el, name)
    return None if found is None else str(found.text or "")


def attr(el: Element, name: str) -> str | None:
    value = el.get(name)
    return None if value is None else str(value)


# -- values -----------------------------------------------------------------------------------
@lru_cache(maxsize=8192)  # code, user and note GUIDs repeat across thousands of codings
def norm_guid(value: str | None) -> str | None:
    """A GUID in our form (lowercase, no braces), or None if ``value`` is not a GUID."""
    if value is None:
        return None
    text = value.strip().lower()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return text if _LOWER_GUID.fullmatch(text) else None


@lru_cache(maxsize=8192)
def parse_datetime(value: str | None) -> datetime | None:
    """An xsd:dateTime as a naive UTC datetime (None if absent or unreadable)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    offset = parsed.utcoffset()
    if offset is not None:
        parsed = parsed.replace(tzinfo=None) - offset
    return parsed


def format_datetime(value: datetime) -> str:
    """A stored (naive UTC) datetime as xsd:dateTime, to the second."""
    return value.isoformat(timespec="seconds") + "Z"


def xml_safe(text: str) -> tuple[str, int]:
    """``text`` with characters XML 1.0 cannot hold replaced by U+FFFD, and how many there were."""
    cleaned, n = _XML_SAFE.subn("\ufffd", text)
    return cleaned, n


def is_xml_safe(text: str) -> bool:
    return _XML_SAFE.search(text) is None


# -- schemas ----------------------------------------------------------------------------------
_VALIDATING = threading.Lock()


@cache
def schema(kind: SchemaKind) -> Any:
    """The official REFI-QDA schema (vendored in resources/refi-qda), compiled once."""
    source = resource_path("refi-qda", SCHEMA_FILES[kind])
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(source), parser))


def schema_errors(root: Element, kind: SchemaKind, limit: int = 3) -> list[str]:
    """Up to ``limit`` readable schema violations of the document (empty if it is valid)."""
    checker = schema(kind)
    with _VALIDATING:  # a validator keeps its error log: one document at a time
        if checker.validate(root.getroottree()):
            return []
        return [f"line {e.line}: {e.message}" for e in list(checker.error_log)[:limit]]


def validate_bytes(data: bytes, kind: SchemaKind) -> list[str]:
    """Parse our own ``data`` while validating it (one pass): the violations, or []."""
    parser = etree.XMLParser(
        schema=schema(kind), resolve_entities=False, no_network=True, huge_tree=True
    )
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    return []
