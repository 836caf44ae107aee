"""workbench-cli share / merge / agreement end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.core.project import Project

TEXT = "Interviewer: How do you meet?\nP01: On Zoom, and we chat on Slack.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def qwb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_CODER", "Ana")
    path = tmp_path / "study.qwb"
    with Project.create(path, name="Study", coder="Ana") as project:
        source = project.sources.add(name="P01", text=TEXT, coder="Ana").created[-1]
        zoom = project.codebook.add(name="Zoom", coder="Ana").created[-1]
        project.codebook.add(name="Slack", coder="Ana")
        start = TEXT.index("Zoom")
        project.codings.apply(source=source, code=zoom, start=start, end=start + 4, coder="Ana")
        project.sources.set_done(source=source, coder="Ana")
    return path


def test_share_then_merge(qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "ben.qwb"
    code, out, _ = run(capsys, "share", str(qwb), str(copy), "--blind")
    assert code == 0 and "1 coding left out" in out
    with Project.open(copy) as project:
        assert project.codings.segments() == []
        source = project.sources.find("P01")
        slack = project.codebook.find("Slack")
        start = TEXT.index("Slack")
        project.codings.apply(source=source, code=slack, start=start, end=start + 5, coder="Ben")
        project.sources.set_done(source=source, coder="Ben")
    code, out, _ = run(capsys, "merge", str(qwb), str(copy), "--dry-run")
    assert code == 0 and "would merge" in out
    code, out, _ = run(capsys, "merge", str(qwb), str(copy), "--json")
    assert code == 0
    (report,) = json.loads(out)
    assert report["applied"] and report["base"] == "copy of this project"
    assert report["added"] == {"coder": 1, "coding": 1, "source_status": 1}
    assert Path(report["backup"]).exists()
    code, out, _ = run(capsys, "segments", str(qwb), "--json")
    assert {(s["code"], s["coder"]) for s in json.loads(out)} == {("Zoom", "Ana"), ("Slack", "Ben")}
    code, out, _ = run(capsys, "merge", str(qwb), str(copy), "--json")
    assert json.loads(out)[0]["total_changes"] == 0


def test_merge_with_conflicts_needs_a_preference(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "ben.qwb"
    assert run(capsys, "share", str(qwb), str(copy))[0] == 0
    for path, name in ((qwb, "Video"), (copy, "Zoom calls")):
        with Project.open(path) as project:
            project.codebook.rename(code=project.codebook.find("Zoom"), name=name, coder="X")
    code, out, err = run(capsys, "merge", str(qwb), str(copy))
    assert code == 1 and "1 conflict; not merged" in err
    assert "conflict [mine] code Video" in out
    code, out, _ = run(capsys, "merge", str(qwb), str(copy), "--prefer", "theirs", "--json")
    assert code == 0
    (report,) = json.loads(out)
    assert report["conflicts"][0]["kind"] == "code_placement"
    assert report["conflicts"][0]["choice"] == "theirs"
    code, out, _ = run(capsys, "codes", str(qwb), "--json")
    assert "Zoom calls" in {c["name"] for c in json.loads(out)}


def test_agreement_json(qwb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(qwb) as project:
        source = project.sources.find("P01")
        zoom = project.codebook.find("Zoom")
        start = TEXT.index("Zoom")
        project.codings.apply(source=source, code=zoom, start=start, end=start + 4, coder="Ben")
        project.sources.set_done(source=source, coder="Ben")
    code, out, _ = run(
        capsys, "agreement", str(qwb), "--coders", "Ana,Ben", "--unit", "char", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["overall"]["percent_agreement"] == 100.0
    (row,) = data["per_code"]
    assert row["code"] == "Zoom" and row["cohen_kappa"] == pytest.approx(1.0)
    assert row["krippendorff_alpha"] == pytest.approx(1.0)
    code, out, _ = run(
        capsys,
        "agreement",
        str(qwb),
        "--coders",
        "Ana,Ben",
        "--unit",
        "char",
        "--code",
        "Slack",
        "--json",
    )
    (row,) = json.loads(out)["per_code"]
    assert row["cohen_kappa"] is None and "neither used" in row["reasons"]["cohen_kappa"]
    table = qwb.with_name("agreement.xlsx")
    code, out, _ = run(capsys, "agreement", str(qwb), "--unit", "paragraph", "--out", str(table))
    assert code == 0 and "(all codes)" in out and "Coders: Ana, Ben" in out
    assert "Paragraphs that neither coder coded count as agreement" in out
    assert table.stat().st_size > 0
    code, out, _ = run(capsys, "agreement", str(qwb), "--coders", "Ana,Ben", "--json")
    assert json.loads(out)["unit"] == "segment"


def test_agreement_with_one_coder_is_an_error(
    qwb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "agreement", str(qwb), "--coders", "Ana")
    assert code == 1 and "two or more" in err and "Traceback" not in err


def test_share_pseudonymized(qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "names.csv"
    mapping.write_text("Zoom,VideoTool\nSlack,ChatTool\n", encoding="utf-8")
    out = tmp_path / "anon.qwb"
    code, text, _ = run(
        capsys, "share", str(qwb), str(out), "--pseudonymize", "--mapping", str(mapping)
    )
    assert code == 0 and "Zoom: " in text and "in source texts: 2" in text
    assert b"Slack" not in out.read_bytes()
    code, text, _ = run(capsys, "text", str(out), "--source", "P01")
    assert text == TEXT.replace("Zoom", "VideoTool").replace("Slack", "ChatTool")
    code, _, err = run(capsys, "share", str(qwb), str(tmp_path / "x.qwb"), "--mapping", "a.csv")
    assert code == 1 and "--pseudonymize" in err


def test_share_pseudonymized_warns(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "names.json"
    mapping.write_text('{"zoom": "VideoTool", "Nobody Here": "Person Z"}', encoding="utf-8")
    out = tmp_path / "anon.qwb"
    code, text, _ = run(
        capsys, "share", str(qwb), str(out), "--pseudonymize", "--mapping", str(mapping)
    )
    assert code == 0 and "zoom: 3" in text and "Nobody Here: 0" in text
    assert "Warning: 'Nobody Here' was not found anywhere" in text
    assert b"zoom" not in out.read_bytes().lower()
