"""workbench-cli export-qdpx / import-qdpx / export-qdc / import-qdc, end to end."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.core.project import Project

CODER = "Maya Chen"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small project: two codes, a source with a coding, a memo."""
    monkeypatch.setenv("WORKBENCH_CODER", CODER)
    path = tmp_path / "study.qwb"
    with Project.create(path, name="Study", coder=CODER) as project:
        theme = project.codebook.add(name="Tools", coder=CODER).created[0]
        code = project.codebook.add(name="Video", parent=theme, coder=CODER).created[0]
        source = project.sources.add(
            name="P01", text="We met on Zoom 😀 every week.", coder=CODER
        ).created[-1]
        project.codings.apply(source=source, code=code, start=10, end=14, coder=CODER)
        project.memos.add(text="Zoom everywhere", target_kind="code", target=code, coder=CODER)
        project.codebook.set_codable(code=theme, codable=False, coder=CODER)
    return path


def test_export_and_import_qdpx(
    study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "study.qdpx"
    code, stdout, _ = run(capsys, "export-qdpx", str(study), str(out))
    assert code == 0 and "1 coder, 1 source, 2 codes, 1 coding, " in stdout
    assert zipfile.is_zipfile(out)
    copy = tmp_path / "copy.qwb"
    code, stdout, _ = run(capsys, "import-qdpx", str(out), str(copy), "--coder", "Ana Lima")
    assert code == 0 and "  2 coders, 1 source, 2 codes, 1 coding, 0 annotations, 1 memo," in stdout
    _, info, _ = run(capsys, "info", str(copy), "--json")
    assert json.loads(info)["coders"] == 2  # Maya from the file, Ana who imported it
    _, codes, _ = run(capsys, "codes", str(copy), "--json")
    (tools,) = json.loads(codes)
    assert (tools["codable"], tools["children"][0]["codable"]) == (False, True)
    copy.unlink()
    code, stdout, _ = run(capsys, "import-qdpx", str(out), str(copy), "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["counts"]["codings"] == 1 and data["counts"]["memos"] == 1
    assert data["project"] == str(tmp_path / "copy.qwb") and data["skipped"] == []
    assert set(data) >= {"file", "origin", "counts", "skipped", "warnings"}
    _, segments, _ = run(capsys, "segments", str(tmp_path / "copy.qwb"), "--json")
    assert [(s["code"], s["text"], s["coder"]) for s in json.loads(segments)] == [
        ("Tools/Video", "Zoom", CODER)
    ]


def test_export_refuses_to_overwrite_without_force(
    study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "study.qdpx"
    out.write_text("old")
    code, _, err = run(capsys, "export-qdpx", str(study), str(out))
    assert code == 1 and "already exists" in err and err.count("\n") == 1
    assert run(capsys, "export-qdpx", str(study), str(out), "--force")[0] == 0
    assert zipfile.is_zipfile(out)


def test_import_qdpx_errors_are_one_line_and_leave_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_text("not a zip")
    code, out, err = run(capsys, "import-qdpx", str(bad), str(tmp_path / "new.qwb"))
    assert code == 1 and out == "" and err.startswith("workbench-cli: error: bad.qdpx:")
    assert "Traceback" not in err and sorted(p.name for p in tmp_path.iterdir()) == ["bad.qdpx"]


def test_codebook_commands(study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.qdc"
    code, stdout, _ = run(capsys, "export-qdc", str(study), str(book))
    assert code == 0 and "2 codes" in stdout
    other = tmp_path / "other.qwb"
    assert run(capsys, "new", str(other), "--name", "Other")[0] == 0
    code, stdout, _ = run(capsys, "import-qdc", str(other), str(book), "--json")
    assert code == 0 and json.loads(stdout)["counts"]["codes"] == 2
    _, codes, _ = run(capsys, "codes", str(other), "--json")
    assert [c["path"] for c in json.loads(codes)[0]["children"]] == ["Tools/Video"]
    digest = hashlib.sha256(other.read_bytes()).hexdigest()
    broken = tmp_path / "broken.qdc"
    broken.write_text("<CodeBook><Codes>")
    code, _, err = run(capsys, "import-qdc", str(other), str(broken))
    assert code == 1 and "broken.qdc" in err and "well-formed" in err
    assert hashlib.sha256(other.read_bytes()).hexdigest() == digest


def test_help_names_the_qdpx_file_first(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import-qdpx", "--help"])
    assert "FILE.qdpx NEW.qwb" in capsys.readouterr().out
