"""The findings report of the demo: participants, themes, charts, groups, quotes; determinism."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf

from workbench.core.project import Project
from workbench.core.reports import (
    FindingsOptions,
    SegmentFilter,
    code_frequencies,
    export_findings_pdf,
    findings_pdf_bytes,
    load_report_data,
)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_findings_report_has_the_shape_of_a_results_section(demo: Project, tmp_path: Path) -> None:
    result = export_findings_pdf(demo, tmp_path / "findings.pdf")
    reader = pypdf.PdfReader(result.path)
    assert len(reader.pages) == result.pages
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for heading in (
        "Participants",
        "Themes at a glance",
        "Frequencies",
        "Themes across participant groups",
        "Co-occurrence of categories",
        "Theme 1: Communication Methods",
        "Theme 5: Technology and Tools",
    ):
        assert heading in text, heading
    # The seed study's demographics.
    for value, n, share in (
        ("20-29", 8, 32),
        ("30-39", 10, 40),
        ("40-49", 5, 20),
        ("50-59", 2, 8),
        ("Technology", 10, 40),
        ("Education", 5, 20),
        ("Healthcare", 4, 16),
        ("Business", 6, 24),
    ):
        assert f"{value} {n} {share}%" in text, value
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:2] == ["Participants", "Themes at a glance"]
    assert "Theme 3: Professional Development" in titles
    data = load_report_data(demo)
    freq = code_frequencies(data, SegmentFilter(exclude_interviewer=True))
    sync = demo.codebook.find("Communication Methods/Synchronous")
    assert f"Coded in {freq.value(sync, 'passages')} passages" in text
    assert "Counts: passages, all coders merged (Maya Chen, Tomás Rivera)" in flat(text)
    assert "codings of different coders are not paired" in flat(text)
    assert "interviewer turns left out" in text
    assert text.count("coded by") >= 16


def test_findings_report_is_deterministic(demo: Project) -> None:
    options = FindingsOptions(quotes_per_category=1)
    assert findings_pdf_bytes(demo, options)[0] == findings_pdf_bytes(demo, options)[0]
    pdf, _, _ = findings_pdf_bytes(demo, options)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert flat(text).count("coded by") == 16


def test_coded_transcript_shows_every_passage_with_its_coders(demo: Project) -> None:
    from workbench.core.reports import coded_transcript_pdf_bytes

    source = demo.sources.find("P01")
    pdf, pages = coded_transcript_pdf_bytes(demo, source)
    assert pdf == coded_transcript_pdf_bytes(demo, source)[0]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "¶1 Interviewer:" in text
    codings = demo.codings.of_source(source)
    passages = {(c.code_uuid, c.start, c.end) for c in codings}
    assert text.count(" (MC, TR)") + text.count(" (MC)") + text.count(" (TR)") == len(passages)
    assert "Video calls (MC, TR)" in text
    only_lead = coded_transcript_pdf_bytes(demo, source, SegmentFilter(coders=("Maya Chen",)))[0]
    lead_text = flat(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(only_lead)).pages)
    )
    assert "(MC, TR)" not in lead_text and "Video calls (MC)" in lead_text


def test_reports_of_an_empty_project(project: Project) -> None:
    from workbench.core.reports import codebook_pdf_bytes, word_frequencies

    pdf, pages, _ = codebook_pdf_bytes(project)
    text = flat(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert pages >= 3 and "no codes" in text
    pdf, _, _ = findings_pdf_bytes(project)
    text = flat(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert "No case attributes have been recorded." in text
    data = load_report_data(project)
    assert code_frequencies(data).rows == ()
    assert word_frequencies(project).rows == ()
