"""The codebook PDF of the demo: overview, sections, contents, bookmarks, determinism, hash."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from workbench.core.project import Project
from workbench.core.reports import (
    CodebookOptions,
    codebook_hash,
    codebook_pdf_bytes,
    export_codebook_pdf,
    short_hash,
)
from workbench.core.reports.pdf_output import format_date
from workbench.resources import resource_path

SEED = json.loads((resource_path("demo") / "codebook.json").read_text(encoding="utf-8"))


def flat(text: str) -> str:
    return " ".join(text.split())


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


@pytest.fixture(scope="module")
def demo_pdf(demo: Project) -> tuple[bytes, pypdf.PdfReader, list[str]]:
    pdf, pages, _ = codebook_pdf_bytes(demo)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    return pdf, reader, [page.extract_text() for page in reader.pages]


def test_overview_reproduces_the_seed_table(
    demo_pdf: tuple[bytes, pypdf.PdfReader, list[str]],
) -> None:
    _, reader, texts = demo_pdf
    marks = outline(reader)
    first = next(page for _, title, page in marks if title == "Overview")
    end = next(page for _, title, page in marks if title.startswith("1 "))
    text = flat(" ".join(texts[first:end]))
    assert "5 themes · 16 categories · 48 concepts" in text

    def find(name: str, start: int) -> int:
        match = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])").search(text, start)
        assert match is not None, f"{name!r} missing after position {start}"
        return match.start()

    cursor = 0
    concepts_seen = 0
    for theme in SEED["themes"]:
        cursor = find(theme["name"], cursor)
        for index, category in enumerate(theme["categories"]):
            cursor = find(category["name"], cursor)
            following = (
                theme["categories"][index + 1]["name"]
                if index + 1 < len(theme["categories"])
                else None
            )
            limit = find(following, cursor) if following else len(text)
            for concept in category["concepts"]:
                position = find(concept["name"], cursor)
                assert position < limit, f"{concept['name']} is not under {category['name']}"
                concepts_seen += 1
    assert concepts_seen == 48


def test_every_code_has_a_section_and_a_bookmark(
    demo: Project, demo_pdf: tuple[bytes, pypdf.PdfReader, list[str]]
) -> None:
    _, reader, texts = demo_pdf
    marks = outline(reader)
    codes = [n for root in demo.codebook.tree() for n in root.walk()]
    code_marks = [m for m in marks if re.match(r"\d+(\.\d+)* ", m[1])]
    assert len(code_marks) == len(codes) == 69
    for node, (depth, title, page) in zip(codes, code_marks, strict=True):
        assert title.endswith(" " + node.name)
        assert depth == node.depth
        page_text = flat(texts[page] + " " + texts[min(page + 1, len(texts) - 1)])
        assert node.name in flat(texts[page])
        assert flat(node.description)[:60] in page_text
    assert [m[1] for m in marks[:2]] == ["Contents", "Overview"]
    assert marks[-1][1] == "Codebook history"
    video = next(i for i, m in enumerate(code_marks) if m[1] == "1.1.1 Video calls")
    section = flat(texts[code_marks[video][2]] + texts[code_marks[video][2] + 1])
    assert "INCLUDE WHEN" in section and "EXCLUDE WHEN" in section and "EXAMPLE" in section
    assert "REPRESENTATIVE QUOTES" in section and "coded by" in section


def test_contents_lists_headings_with_their_pages(
    demo_pdf: tuple[bytes, pypdf.PdfReader, list[str]],
) -> None:
    _, reader, texts = demo_pdf
    marks = outline(reader)
    contents = [page for page, text in enumerate(texts) if text.lstrip().startswith("Contents")]
    assert contents == [1]
    toc = flat(" ".join(texts[1 : marks[1][2]]))
    for _, title, page in marks[1:]:
        number, _, name = title.partition(" ")
        label = f"{number} {name}" if number[0].isdigit() else title
        assert re.search(re.escape(label) + r" (\d+)", toc), title
        shown = re.search(re.escape(label) + r" (\d+)", toc)
        assert shown is not None and int(shown.group(1)) == page + 1, title
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert len(links) >= 20 and all(a["/Subtype"] == "/Link" for a in links)
    for number in (2, 3, len(texts)):
        assert f"Page {number} of {len(texts)}" in flat(texts[number - 1])


def test_title_page(demo: Project, demo_pdf: tuple[bytes, pypdf.PdfReader, list[str]]) -> None:
    _, _, texts = demo_pdf
    title = flat(texts[0])
    info = demo.info()
    assert info.name in title
    assert short_hash(codebook_hash(demo.codebook.tree())) in title
    with demo.read() as s:
        from workbench.core.db.models import ProjectInfo

        changed = s.get_one(ProjectInfo, 1).codebook_changed_at
    assert format_date(changed) in title
    assert "Maya Chen" in title and "Tomás Rivera" in title
    assert f"{info.sources} sources · {info.cases} cases · {info.codings:,} codings" in title
    history = flat(texts[-1])
    assert "Codebook history" in history and "Codebook imported: 69 codes added" in history


def test_same_project_same_bytes(
    demo: Project, tmp_path: Path, demo_pdf: tuple[bytes, pypdf.PdfReader, list[str]]
) -> None:
    first = export_codebook_pdf(demo, tmp_path / "a.pdf")
    second = export_codebook_pdf(demo, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes() == demo_pdf[0]
    assert first.codebook_hash == second.codebook_hash


def test_hash_follows_the_content_not_the_colours(demo_copy: Project) -> None:
    p = demo_copy
    before = codebook_hash(p.codebook.tree())
    video = p.codebook.find("Communication Methods/Synchronous/Video calls")
    p.codebook.recolor(code=video, color="#123456", coder="Maya Chen")
    assert codebook_hash(p.codebook.tree()) == before
    p.codebook.define(code=video, description="Changed.", coder="Maya Chen")
    changed = codebook_hash(p.codebook.tree())
    assert changed != before
    p.codebook.rename(code=video, name="Video meetings", coder="Tomás Rivera")
    assert codebook_hash(p.codebook.tree()) not in (before, changed)
    pdf, _, digest = codebook_pdf_bytes(p, CodebookOptions(quotes=False))
    text = flat(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert short_hash(digest) in text
    assert "Video calls' renamed to 'Video meetings'" in text.replace("’", "'")
    assert "Tomás Rivera" in text and "definition edited" in text


def test_options_quotes_and_branch(demo: Project) -> None:
    def text_of(options: CodebookOptions) -> tuple[str, pypdf.PdfReader]:
        pdf, _, _ = codebook_pdf_bytes(demo, options)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        return flat(" ".join(page.extract_text() for page in reader.pages)), reader

    bare, _ = text_of(CodebookOptions(quotes=False, toc=False, history=False))
    assert "REPRESENTATIVE QUOTES" not in bare and "Contents" not in bare
    assert "Codebook history" not in bare
    one, _ = text_of(CodebookOptions(max_quotes=1))
    assert one.count("REPRESENTATIVE QUOTES") == 48
    assert one.count("coded by") == 48
    branch = demo.codebook.find("Challenges and Solutions/Privacy Concerns")
    part, reader = text_of(CodebookOptions(branch=branch))
    titles = [m[1] for m in outline(reader)]
    assert titles == [
        "Contents",
        "Overview",
        "1 Privacy Concerns",
        "1.1 Data security",
        "1.2 Anonymity",
        "1.3 Consent",
        "Codebook history",
    ]
    assert "Video calls" not in part
    assert "the branch Challenges and Solutions › Privacy Concerns" in part
