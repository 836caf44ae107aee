"""What QualCoder's REFI-QDA import would receive from a .qdpx: its reading rules, emulated.

Written from reading ``src/qualcoder/refi.py`` (ccbogel/QualCoder @c3204641, ``RefiImport``);
no code is shared with it or with ``workbench.core.refi``. The rules that lose data elsewhere:

- a text coding's coder is the ``creatingUser`` (else ``modifyingUser``) of its
  ``PlainTextSelection``, never the ``Coding``'s; its code is the first child of the ``Coding``;
  a second coding of one code, source, range and coder is refused as a duplicate;
- a ``PlainTextSelection`` without a ``Coding`` is an annotation whose text is its
  ``Description``;
- every ``NoteRef`` directly in a ``TextSource`` marks its note as an annotation of that source:
  the note then gives ``PlainTextContent`` and its first ``PlainTextSelection`` the range, or
  nothing is kept;
- any other note is a journal only when it has a ``plainTextPath`` (read from ``sources/``) and
  its ``name`` is not ``""``; ``PlainTextContent`` is never read for journals;
- its tables refuse a second annotation of one source, range and owner, and a second journal of
  one name (its renaming code for that case raises, so the import stops).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree


@dataclass
class Received:
    codings: set[tuple[str, str, int, int, str, str]] = field(default_factory=set)
    """(code guid, source name, start, end, coder name, text)"""
    journals: list[tuple[str | None, str, str]] = field(default_factory=list)
    """(name, text, owner)"""
    annotations: list[tuple[str, int, int, str, str]] = field(default_factory=list)
    """(source name, start, end, text, owner)"""
    refused: int = 0
    """rows its tables refuse as duplicates"""


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _kids(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def receive(path: Path) -> Received:
    """The rows QualCoder's importer would insert for this file."""
    out = Received()
    archive = zipfile.ZipFile(path)
    qde = next(n for n in archive.namelist() if n.endswith(".qde"))
    folder = "Sources/" if any(n.startswith("Sources/") for n in archive.namelist()) else "sources/"
    root = etree.fromstring(archive.read(qde))
    users = {u.get("guid"): u.get("name") for u in root.iter() if _local(u) == "User"}
    codes = {c.get("guid") for c in root.iter() if _local(c) == "Code"}

    def owner(el: etree._Element) -> str:
        return users.get(el.get("creatingUser") or el.get("modifyingUser"), "default")

    def internal(reference: str) -> str:
        return archive.read(folder + reference.split("internal:/")[1].lstrip("/")).decode("utf-8")

    def annotate(source: str, start: int, end: int, text: str, by: str) -> None:
        if any(a[:3] == (source, start, end) and a[4] == by for a in out.annotations):
            out.refused += 1
        else:
            out.annotations.append((source, start, end, text, by))

    annotation_notes: dict[str, str] = {}  # note guid → source name
    for source in (e for e in root.iter() if _local(e) == "TextSource"):
        name = source.get("name")
        raw = internal(source.get("plainTextPath"))
        first_line = raw.split("\n", 1)[0]
        text = raw.replace("\n", "\n ") if first_line.endswith("\r") else raw
        for sel in _kids(source, "PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            codings = _kids(sel, "Coding")
            for coding in codings:
                code = next(iter(coding)).get("targetGUID")
                row = (code, name, start, end, owner(sel), text[start:end])
                if code not in codes or row in out.codings:
                    out.refused += 1
                else:
                    out.codings.add(row)
            if not codings:
                memo = "".join(d.text or "" for d in _kids(sel, "Description"))
                annotate(name, start, end, memo, owner(sel))
        for ref in _kids(source, "NoteRef"):
            annotation_notes[ref.get("targetGUID")] = name
    for note in (e for e in root.iter() if _local(e) == "Note"):
        if note.get("guid") in annotation_notes:
            content = _kids(note, "PlainTextContent")
            ranges = _kids(note, "PlainTextSelection")
            if content and ranges and content[0].text is not None:
                start, end = (
                    int(ranges[-1].get("startPosition")),
                    int(ranges[-1].get("endPosition")),
                )
                source_name = annotation_notes[note.get("guid")]
                by = users.get(note.get("modifyingUser")) or owner(note)
                annotate(source_name, start, end, content[0].text, by)
        elif note.get("plainTextPath") is not None and note.get("name") != "":
            title = note.get("name")
            if title is not None and title in {j[0] for j in out.journals}:
                out.refused += 1
            else:
                out.journals.append((title, internal(note.get("plainTextPath")), owner(note)))
    return out
