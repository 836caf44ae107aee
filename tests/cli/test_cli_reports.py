"""workbench-cli report commands: export-codebook, export-findings, report, export-segments."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pypdf
import pytest
from docx import Document
from openpyxl import load_workbook

from workbench.cli.main import main
from workbench.core.demo import build_demo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("cli-reports") / "demo.qwb")


def test_export_codebook(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "codebook.pdf"
    code, text, err = run(capsys, "export-codebook", str(demo), str(out), "--json")
    assert code == 0, err
    info = json.loads(text)
    assert info["pages"] == len(pypdf.PdfReader(out).pages) and len(info["codebook_hash"]) == 64
    again = tmp_path / "again.pdf"
    assert run(capsys, "export-codebook", str(demo), str(again))[0] == 0
    assert out.read_bytes() == again.read_bytes()
    small = tmp_path / "branch.pdf"
    code, text, _ = run(
        capsys,
        "export-codebook",
        str(demo),
        str(small),
        "--no-quotes",
        "--branch",
        "Technology and Tools/Communication Tools",
    )
    assert code == 0 and "Codebook written to" in text
    body = " ".join(p.extract_text() for p in pypdf.PdfReader(small).pages)
    assert "WhatsApp" in body and "Screen sharing" not in body and "REPRESENTATIVE" not in body
    code, _, err = run(capsys, "export-codebook", str(demo), str(small), "--branch", "Nope")
    assert code == 1 and err.startswith("workbench-cli: error:") and "Traceback" not in err


def test_export_findings(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "findings.pdf"
    code, text, _ = run(capsys, "export-findings", str(demo), str(out))
    assert code == 0 and "Findings report written" in text
    assert "Participants" in pypdf.PdfReader(out).pages[1].extract_text()


def test_report_frequencies_json_csv(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text, _ = run(capsys, "report", str(demo), "frequencies", "--json", "--level", "0")
    assert code == 0
    table = json.loads(text)
    assert table["kind"] == "frequencies" and len(table["rows"]) == 5
    first = table["rows"][0]
    assert first["label"] == "Communication Methods"
    assert first["cells"][0]["value"] == len(first["cells"][0]["codings"]) > 0
    csv_path = tmp_path / "freq.csv"
    assert run(capsys, "report", str(demo), "frequencies", "--csv", str(csv_path))[0] == 0
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + 69 and rows[1][0] == "Communication Methods"
    code, text, _ = run(
        capsys,
        "report",
        str(demo),
        "frequencies",
        "--level",
        "0",
        "--no-interviewer",
        "--by-coder",
        "Maya Chen",
    )
    assert code == 0 and "Communication Methods" in text and "coders: Maya Chen" in text


def test_report_matrix_cooccurrence_words(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = tmp_path / "matrix.xlsx"
    code, _, err = run(
        capsys,
        "report",
        str(demo),
        "matrix",
        "--attribute",
        "age_group",
        "--level",
        "0",
        "--percent",
        "column",
        "--xlsx",
        str(xlsx),
    )
    assert code == 0, err
    rows = [[c.value for c in r] for r in load_workbook(xlsx).active.iter_rows()]
    assert rows[0][:3] == ["Code", "Code path", "20-29 (n=8)"]
    code, text, _ = run(capsys, "report", str(demo), "cooccurrence", "--level", "1", "--json")
    assert code == 0 and len(json.loads(text)["rows"]) == 16
    code, text, _ = run(capsys, "report", str(demo), "words", "--limit", "5", "--json")
    words = json.loads(text)
    assert code == 0 and len(words["rows"]) == 5 and words["rows"][0]["cells"][0]["value"] > 0
    code, _, err = run(capsys, "report", str(demo), "matrix")
    assert code == 1 and "--attribute" in err


def test_export_segments(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "zoom.docx"
    code, text, _ = run(
        capsys,
        "export-segments",
        str(demo),
        str(out),
        "--code",
        "Technology and Tools/Communication Tools/Zoom",
        "--json",
    )
    assert code == 0
    count = json.loads(text)["segments"]
    assert count > 0
    doc_text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert doc_text.count("— ") >= count and "Zoom" in doc_text
    xlsx = tmp_path / "zoom.xlsx"
    assert (
        run(
            capsys,
            "export-segments",
            str(demo),
            str(xlsx),
            "--code",
            "Technology and Tools/Communication Tools/Zoom",
        )[0]
        == 0
    )
    assert load_workbook(xlsx).active.max_row == count + 1
    code, _, err = run(capsys, "export-segments", str(demo), str(tmp_path / "x.txt"))
    assert code == 1 and ".docx or .xlsx" in err


def test_export_transcript(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p02.pdf"
    code, text, _ = run(capsys, "export-transcript", str(demo), str(out), "--source", "P02")
    assert code == 0 and "P02" in text
    assert "P02" in pypdf.PdfReader(out).pages[0].extract_text()
    code, _, err = run(capsys, "export-transcript", str(demo), str(out), "--source", "P99")
    assert code == 1 and "P99" in err
