"""Importing what QualCoder really writes (ccbogel/QualCoder ``refi.py``, ``RefiExport``).

The generator below builds that shape, learned from QualCoder's export code:

- each annotation is a ``Note`` holding its text and its own ``PlainTextSelection`` (the range),
  referenced by a ``NoteRef`` of the ``TextSource`` it belongs to (that ``NoteRef`` comes after
  the selections, the ``Note`` much later in the file);
- journal entries are ``Note``s whose text is a file in the archive (``plainTextPath``);
- one ``PlainTextSelection`` per coding, so two coders on one range are two selections; text
  files are UTF-8 with a BOM, positions count code points.

QualCoder writes a coding's memo as the ``Description`` of that coding's selection; the issue's
other exports write it as a ``NoteRef`` on the ``Coding``: the generator writes both.
"""

from __future__ import annotations

import random
import uuid as uuidlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pytest
from refi_helpers import make_qdpx

from workbench.core.project import Project
from workbench.core.refi import import_qdpx

WORDS = ["we", "talked", "about", "the", "garden", "🌱", "and", "café,", "then", "long"]
WORDS += ["silences;", "naïve", "hope"]


@dataclass
class Expected:
    """What the generated file holds, in terms the imported project can be checked against."""

    texts: dict[str, str] = field(default_factory=dict)  # source name → text
    codings: set[tuple[str, str, str, int, int]] = field(default_factory=set)
    annotations: list[tuple[str, int, int, str, str]] = field(default_factory=list)
    coding_memos: list[tuple[str, str, str, int, int, str]] = field(default_factory=list)
    journals: dict[str, str] = field(default_factory=dict)


def _guid(rng: random.Random) -> str:
    return str(uuidlib.UUID(int=rng.getrandbits(128), version=4))


def qualcoder_qdpx(
    path: Path,
    *,
    seed: int = 1,
    sources: int = 3,
    annotations_per_source: int = 4,
    annotation_text: str = "inline",
) -> Expected:
    """A QualCoder-shaped .qdpx at ``path``; ``annotation_text`` is "inline" (as QualCoder
    writes it) or "file" (the annotation's text in the archive, as the issue asks of writers)."""
    rng = random.Random(seed)
    out = Expected()
    coders = {name: _guid(rng) for name in ("alice", "bob")}
    codes = {name: _guid(rng) for name in ("hope", "place", "silence")}
    files: dict[str, bytes] = {}
    source_xml: list[str] = []
    note_xml: list[str] = []
    for n in range(sources):
        name = f"interview{n + 1}.txt"
        text = "\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))) for _ in range(12)
        )
        out.texts[name] = text
        guid, plain = _guid(rng), _guid(rng)
        files[f"sources/{plain}.txt"] = text.encode("utf-8-sig")
        parts = [
            f'<TextSource plainTextPath="internal://{plain}.txt" '
            f'creatingUser="{coders["alice"]}" creationDateTime="2024-05-01T10:00:00Z" '
            f'guid="{guid}" name="{escape(name)}">\n'
        ]
        for _ in range(6):
            start = rng.randrange(0, len(text) - 20)
            end = start + rng.randint(1, 20)
            code = rng.choice(list(codes))
            for coder in ("alice", "bob"):  # the two-coder case: one selection per coder
                parts.append(
                    f'<PlainTextSelection guid="{_guid(rng)}" startPosition="{start}" '
                    f'endPosition="{end}" name="{escape(text[start:end])}" '
                    f'creatingUser="{coders[coder]}" creationDateTime="2024-05-02T10:00:00Z">\n'
                )
                if coder == "alice" and rng.random() < 0.3:
                    # QualCoder's own coding memo: the Description of the coding's selection
                    memo_text = f"Alice on <{text[start:end]}>"
                    parts.append(f"<Description>{escape(memo_text)}</Description>\n")
                    out.coding_memos.append((name, code, coder, start, end, memo_text))
                parts.append(
                    f'<Coding guid="{_guid(rng)}" creatingUser="{coders[coder]}" >\n'
                    f'<CodeRef targetGUID="{codes[code]}" />\n'
                )
                if coder == "bob" and not any(m[2] == "bob" for m in out.coding_memos):
                    memo = _guid(rng)
                    parts.append(f'<NoteRef targetGUID="{memo}" />\n')
                    files[f"sources/{memo}.txt"] = "Bob doubts this coding.".encode("utf-8-sig")
                    # a coding memo that also carries a range must stay on the coding
                    note_xml.append(
                        f'<Note guid="{memo}" creatingUser="{coders["bob"]}" '
                        f'creationDateTime="2024-05-03T10:00:00Z" name="doubt" '
                        f'plainTextPath="internal://{memo}.txt"><Description />'
                        f'<PlainTextSelection guid="{_guid(rng)}" startPosition="{start}" '
                        f'endPosition="{end}" /></Note>\n'
                    )
                    out.coding_memos.append(
                        (name, code, "bob", start, end, "Bob doubts this coding.")
                    )
                parts.append("</Coding>\n</PlainTextSelection>\n")
                out.codings.add((name, code, coder, start, end))
        for i in range(annotations_per_source):
            note = _guid(rng)
            start = rng.randrange(0, len(text) - 30)
            end = start + rng.randint(1, 30)
            owner = rng.choice(list(coders))
            body = f"Annotation {i} on {name}: {text[start:end]!r} & more"
            parts.append(f'<NoteRef targetGUID="{note}" />\n')
            content = f"<PlainTextContent>{escape(body)}</PlainTextContent>\n"
            where = ""
            if annotation_text == "file":
                files[f"sources/{note}.txt"] = body.encode("utf-8-sig")
                content, where = "", f' plainTextPath="internal://{note}.txt"'
            note_xml.append(
                f'<Note guid="{note}" creatingUser="{coders[owner]}" '
                f'creationDateTime="2024-05-04T10:00:00Z"{where} >\n{content}'
                f'<PlainTextSelection guid="{_guid(rng)}" startPosition="{start}" '
                f'endPosition="{end}" />\n</Note>\n'
            )
            out.annotations.append((name, start, end, body, owner))
        parts.append("</TextSource>\n")
        source_xml.append("".join(parts))
    for title in ("Fieldwork diary", "Analysis plan"):
        note = _guid(rng)
        body = f"{title}: first entry\nsecond line with 🌱"
        files[f"sources/{note}.txt"] = body.encode("utf-8-sig")
        note_xml.append(
            f'<Note guid="{note}" creatingUser="{coders["alice"]}" '
            f'creationDateTime="2024-05-05T10:00:00Z" name="{title}"  '
            f'plainTextPath="internal://{note}.txt" >\n<Description /></Note>\n'
        )
        out.journals[title] = body
    users = "".join(f'<User guid="{g}" name="{n}" />\n' for n, g in coders.items())
    code_xml = "".join(
        f'<Code guid="{g}" name="{n}" isCodable="true" color="#EB7333"/>\n'
        for n, g in codes.items()
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="field study" '
        f'origin="QualCoder 3.6" creatingUserGUID="{_guid(rng)}" '
        'creationDateTime="2024-05-01T09:00:00Z" xmlns="urn:QDA-XML:project:1.0">\n'
        f"<Users>\n{users}</Users>\n"
        f"<CodeBook><Codes>\n"
        f'<Code guid="{_guid(rng)}" name="themes" isCodable="false">\n{code_xml}</Code>\n'
        "</Codes></CodeBook>\n"
        f"<Sources>\n{''.join(source_xml)}</Sources>\n"
        f"<Notes>\n{''.join(note_xml)}</Notes>\n"
        "</Project>"
    )
    make_qdpx(path, qde, files)
    return out


def _edited(source: Path, target: Path, edit: Callable[[str], str]) -> Path:
    """A copy of the archive ``source`` with its project.qde changed by ``edit``."""
    with zipfile.ZipFile(source) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    qde = edit(members.pop("project.qde").decode())
    return make_qdpx(target, qde, members)


def _imported(tmp_path: Path, **options: object) -> tuple[Expected, Project, object]:
    expected = qualcoder_qdpx(tmp_path / "qc.qdpx", **options)  # type: ignore[arg-type]
    report = import_qdpx(tmp_path / "qc.qdpx", tmp_path / "qc.qwb", coder="Importer")
    return expected, Project.open(tmp_path / "qc.qwb", read_only=True), report


@pytest.mark.parametrize("annotation_text", ["inline", "file"])
def test_every_qualcoder_annotation_lands_on_its_range(
    tmp_path: Path, annotation_text: str
) -> None:
    expected, project, report = _imported(tmp_path, annotation_text=annotation_text)
    with project:
        sources = {s.uuid: s.name for s in project.sources.list()}
        got = sorted(
            (sources[a.source_uuid], a.start, a.end, a.text, a.coder)
            for a in project.annotations.list()
        )
        texts = {s.name: project.sources.text(s.uuid) for s in project.sources.list()}
        # no annotation was demoted to a memo
        memo_texts = {m.text for m in project.memos.list()}
    assert got == sorted(expected.annotations)
    assert len(got) == 12
    for name, start, end, body, _ in got:
        assert repr(texts[name][start:end]) in body  # the range is the text the note was on
    assert not memo_texts & {a[3] for a in expected.annotations}
    assert report.counts["annotations"] == 12  # type: ignore[attr-defined]
    assert not report.skipped  # type: ignore[attr-defined]


def test_qualcoder_codings_keep_their_coder_and_range(tmp_path: Path) -> None:
    expected, project, report = _imported(tmp_path)
    with project:
        sources = {s.uuid: s.name for s in project.sources.list()}
        codes = {c.uuid: c.name for c in project.codebook.all()}
        got = {
            (sources[c.source_uuid], codes[c.code_uuid], c.coder, c.start, c.end)
            for uuid in sources
            for c in project.codings.of_source(uuid)
        }
        texts = {s.name: project.sources.text(s.uuid) for s in project.sources.list()}
    assert got == expected.codings
    assert texts == expected.texts  # the BOM is gone, nothing else changed
    assert report.counts["codings"] == len(expected.codings)  # type: ignore[attr-defined]


def test_a_coding_memo_stays_on_its_coding_and_journals_come_from_files(tmp_path: Path) -> None:
    expected, project, _ = _imported(tmp_path)
    with project:
        memos = project.memos.list()
        sources = {s.uuid: s.name for s in project.sources.list()}
        codes = {c.uuid: c.name for c in project.codebook.all()}
        codings = {
            c.uuid: (sources[c.source_uuid], codes[c.code_uuid], c.coder, c.start, c.end)
            for uuid in sources
            for c in project.codings.of_source(uuid)
        }
    on_codings = [(*codings[m.target_uuid], m.text) for m in memos if m.target_kind == "coding"]
    assert sorted(on_codings) == sorted(expected.coding_memos)
    assert len(expected.coding_memos) > 2  # one NoteRef'd note, several Descriptions
    journals = {m.title: m.text for m in memos if m.target_kind == "project"}
    assert journals == expected.journals
    assert len(memos) == len(expected.coding_memos) + len(expected.journals)


def test_an_annotation_note_no_source_refers_to_is_kept_and_reported(tmp_path: Path) -> None:
    # QualCoder writes a NoteRef only for the first annotation of each source (a ``break`` in
    # RefiExport.sources_xml): the others cannot be placed and must say so.
    qualcoder_qdpx(tmp_path / "qc.qdpx", sources=1, annotations_per_source=2)

    def drop_last_noteref(qde: str) -> str:
        last = qde.rindex("<NoteRef targetGUID=")
        return qde[:last] + qde[qde.index("/>", last) + 3 :]

    _edited(tmp_path / "qc.qdpx", tmp_path / "broken.qdpx", drop_last_noteref)
    report = import_qdpx(tmp_path / "broken.qdpx", tmp_path / "b.qwb", coder="Importer")
    with Project.open(tmp_path / "b.qwb", read_only=True) as project:
        annotations = project.annotations.list()
        memos = [m for m in project.memos.list() if m.text.startswith("Annotation")]
    assert len(annotations) == 1 and len(memos) == 1 and memos[0].target_kind == "project"
    assert report.skipped == (
        "text ranges of notes that no source refers to (each note became a memo on the "
        "project, without its range)",
    )


def test_an_annotation_outside_its_source_is_a_source_memo_and_reported(tmp_path: Path) -> None:
    qualcoder_qdpx(tmp_path / "qc.qdpx", sources=1, annotations_per_source=1)

    def beyond_the_text(qde: str) -> str:
        at = qde.rindex('startPosition="')  # the annotation's selection is the last one
        rest = qde[qde.index("</Note>", at) :]
        return qde[:at] + 'startPosition="999999" endPosition="1000000" />' + rest

    _edited(tmp_path / "qc.qdpx", tmp_path / "far.qdpx", beyond_the_text)
    report = import_qdpx(tmp_path / "far.qdpx", tmp_path / "f.qwb", coder="Importer")
    with Project.open(tmp_path / "f.qwb", read_only=True) as project:
        assert project.annotations.list() == []
        memo = next(m for m in project.memos.list() if m.text.startswith("Annotation"))
        source = project.sources.list()[0]
    assert (memo.target_kind, memo.target_uuid) == ("source", source.uuid)
    assert report.skipped == (
        "annotations whose range lies outside their source's text (each became a memo on its "
        "source)",
    )
