"""workbench-cli report commands: export-codebook, export-findings, report, export-segments."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

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
    codings = first["cells"][_column(table, "codings")]
    assert codings["value"] == len(codings["codings"]) > 0
    csv_path = tmp_path / "freq.csv"
    assert run(capsys, "report", str(demo), "frequencies", "--csv", str(csv_path))[0] == 0
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + 69 and rows[1][0] == "Communication Methods"
    assert rows[0][2] == "Passages"
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
    assert code == 0 and "Communication Methods" in text and "coded by Maya Chen only" in text


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
    listed = {
        flags: {
            r["key"]
            for r in json.loads(
                run(capsys, "report", str(demo), "words", "--limit", "400", "--json", *flags)[1]
            )["rows"]
        }
        for flags in [(), ("--include-interviewer",), ("--keep-stop-words",)]
    }
    assert "describe" in listed[("--include-interviewer",)] and "describe" not in listed[()]
    assert "the" in listed[("--keep-stop-words",)] and "the" not in listed[()]
    code, _, err = run(capsys, "report", str(demo), "words", "--language", "xx")
    assert code != 0 and "xx" in err
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
    info = json.loads(text)
    count, passages = info["segments"], info["passages"]
    assert count > passages > 0  # the demo is double-coded: a passage is quoted once
    doc_text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert doc_text.count("\n— ") == passages and "Zoom" in doc_text
    assert "coded by Maya Chen" in doc_text and "Tomás Rivera (" in doc_text
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
    sheet = load_workbook(xlsx).active
    assert sheet.max_row == count + 1  # one row per coding, with its passage's number
    header = [c.value for c in sheet[1]]
    numbers = {row[header.index("Passage")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == set(range(1, passages + 1))
    code, _, err = run(capsys, "export-segments", str(demo), str(tmp_path / "x.txt"))
    assert code == 1 and ".docx or .xlsx" in err


def test_export_transcript(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p02.pdf"
    code, text, _ = run(capsys, "export-transcript", str(demo), str(out), "--source", "P02")
    assert code == 0 and "P02" in text
    assert "P02" in pypdf.PdfReader(out).pages[0].extract_text()
    code, _, err = run(capsys, "export-transcript", str(demo), str(out), "--source", "P99")
    assert code == 1 and "P99" in err


def _column(table: dict[str, Any], key: str) -> int:
    return [c["key"] for c in table["columns"]].index(key)


def _passages_by_definition(segments: list[dict[str, Any]], path: str) -> int:
    """Passages of a code's subtree from ``segments --json``, computed from the definition:
    per source, ranges sharing at least one character are one passage (touching ones are not)."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for seg in segments:
        if seg["code"] == path or seg["code"].startswith(path + "/"):
            ranges.setdefault(seg["source"], []).append((seg["start"], seg["end"]))
    count = 0
    for spans in ranges.values():
        end = -1
        for start, stop in sorted(spans):
            if start >= end:
                count += 1
            end = max(end, stop)
    return count


def test_frequencies_passages_match_segments(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Done means: `report frequencies --json` has a `passages` column equal, for every code,
    to the passages computed from `segments --json` (roll-up over the whole subtree)."""
    code, text, err = run(capsys, "segments", str(demo), "--json")
    assert code == 0, err
    segments = json.loads(text)
    code, text, err = run(capsys, "report", str(demo), "frequencies", "--json")
    assert code == 0, err
    table = json.loads(text)
    column = _column(table, "passages")
    assert len(table["rows"]) == 69
    mismatched = {
        row["path"]: (row["cells"][column]["value"], _passages_by_definition(segments, row["path"]))
        for row in table["rows"]
        if row["cells"][column]["value"] != _passages_by_definition(segments, row["path"])
    }
    assert mismatched == {}
    by_path = {row["path"]: row for row in table["rows"]}
    theme = by_path["Communication Methods"]["cells"]
    # double-coded demo: far fewer passages than codings
    assert theme[column]["value"] < theme[_column(table, "codings")]["value"] * 0.6


def test_report_coder_flags(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def table(*flags: str) -> dict[str, Any]:
        code, text, err = run(capsys, "report", str(demo), "frequencies", "--json", *flags)
        assert code == 0, err
        return json.loads(text)  # type: ignore[no-any-return]

    merged = table()
    side = table("--per-coder")
    maya = table("--by-coder", "Maya Chen")
    both = table("--by-coder", "Maya Chen", "--by-coder", "Tomás Rivera")
    consensus = table("--consensus")
    assert "all coders merged (Maya Chen, Tomás Rivera)" in merged["notes"]
    assert [c["key"] for c in side["columns"]][-2:] == ["coder:Maya Chen", "coder:Tomás Rivera"]
    for index, row in enumerate(merged["rows"]):
        passages = row["cells"][0]["value"]
        mine = maya["rows"][index]["cells"][0]["value"]
        agreed = consensus["rows"][index]["cells"][0]["value"]
        assert side["rows"][index]["cells"][-2]["value"] == mine
        assert both["rows"][index]["cells"][0]["value"] == passages
        assert agreed <= min(mine, passages) and mine <= passages
    assert "consensus only" in consensus["notes"]
    code, _, err = run(capsys, "report", str(demo), "frequencies", "--by-coder", "Nobody")
    assert code == 1 and "Nobody" in err and "Maya Chen" in err


def test_pdfs_say_whose_codings_they_count(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = tmp_path / "findings.pdf"
    code, _, err = run(
        capsys, "export-findings", str(demo), str(findings), "--by-coder", "Maya Chen"
    )
    assert code == 0, err
    body = " ".join(p.extract_text() for p in pypdf.PdfReader(findings).pages)
    assert "coded by Maya Chen only" in " ".join(body.split())
    assert "segments" not in body.split("Coded in")[1][:40]
    codebook = tmp_path / "codebook.pdf"
    code, _, err = run(
        capsys, "export-codebook", str(demo), str(codebook), "--per-coder", "--no-history"
    )
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(codebook).pages).split())
    assert "all coders merged (Maya Chen, Tomás Rivera)" in text and " passages · " in text
    assert "each coder also side by side" in text and "Passages by coder" in text
