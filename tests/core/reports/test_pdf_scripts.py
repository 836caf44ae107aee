"""Names and quotes in other scripts than Western European print as themselves in every PDF
(the PDFs embed DejaVu; the standard PDF fonts would print black boxes)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf

from workbench.core.project import Project
from workbench.core.reports import (
    codebook_pdf_bytes,
    export_coded_transcript_pdf,
    export_findings_pdf,
)

NAMES = ["Łucja Wróbel", "Ελευθερία", "Москва", "Nguyễn Thị Hương"]
TEXT = (
    "Interviewer: Where did you meet Łucja Wróbel?\n\n"
    "P01: In Москва, then online with Ελευθερία and Nguyễn Thị Hương every week.\n"
)


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_other_scripts_survive_in_the_codebook_transcript_and_findings(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.qwb", name="Łódź study") as project:
        code = project.codebook.add(name="Ελευθερία", coder="Łucja Wróbel").created[-1]
        project.codebook.define(code=code, description="Москва, Nguyễn Thị Hương", coder="Łucja")
        source = project.sources.add(name="Москва 1", text=TEXT, coder="Łucja").created[0]
        start = TEXT.index("In Москва")
        project.codings.apply(source=source, code=code, start=start, end=start + 20, coder="Ł")
        codebook, _, _ = codebook_pdf_bytes(project)
        transcript = export_coded_transcript_pdf(project, source, tmp_path / "t.pdf")
        findings = export_findings_pdf(project, tmp_path / "f.pdf")
        texts = {
            "codebook": _text(codebook),
            "transcript": _text(Path(transcript.path).read_bytes()),
            "findings": _text(Path(findings.path).read_bytes()),
        }
    for what, text in texts.items():
        assert "Ελευθερία" in text, what
        assert "Москва" in text, what
    assert "Nguyễn Thị Hương" in texts["transcript"] and "Łucja Wróbel" in texts["transcript"]
    assert "Łódź study" in texts["codebook"]
