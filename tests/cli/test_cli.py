"""workbench-cli end to end: every command, JSON shapes, and one-line errors without tracebacks."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.core.db.migrations import SCHEMA_VERSION
from workbench.core.project import Project


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def qwb(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("WORKBENCH_CODER", "Maya Chen")
    path = tmp_path / "study.qwb"
    assert run(capsys, "new", str(path), "--name", "Study")[0] == 0
    return path


def test_full_workflow(qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "P07 interview.txt"
    doc.write_text(
        "Interviewer: Hello?\r\nP07: We use Zoom 😀 and Slack.\r\n", encoding="utf-8-sig"
    )
    code, out, _ = run(capsys, "import", str(qwb), str(doc))
    assert code == 0 and "imported" in out
    book = tmp_path / "book.json"
    book.write_text(
        json.dumps(
            {
                "themes": [
                    {"name": "Tools", "categories": [{"name": "Video/Voice", "concepts": ["Zoom"]}]}
                ]
            }
        ),
        encoding="utf-8",
    )
    assert run(capsys, "codebook-import", str(qwb), str(book))[0] == 0
    _, out, _ = run(capsys, "text", str(qwb), "--source", "P07 interview")
    assert out == "Interviewer: Hello?\nP07: We use Zoom 😀 and Slack.\n"
    start = out.index("Zoom")
    code, out, _ = run(
        capsys,
        "code",
        str(qwb),
        "--source",
        "P07 interview",
        "--code",
        "Tools/Video\\/Voice/Zoom",
        "--start",
        str(start),
        "--end",
        str(start + 6),
    )
    assert code == 0
    _, out, _ = run(capsys, "segments", str(qwb), "--json")
    assert json.loads(out) == [
        {
            "source": "P07 interview",
            "code": "Tools/Video\\/Voice/Zoom",
            "coder": "Maya Chen",
            "start": start,
            "end": start + 6,
            "text": "Zoom 😀",
            "cases": [],
            "uuid": json.loads(out)[0]["uuid"],
        }
    ]
    _, out, _ = run(capsys, "info", str(qwb), "--json")
    info = json.loads(out)
    assert {
        k: info[k]
        for k in ("name", "schema_version", "sources", "codes", "codings", "cases", "coders")
    } == {
        "name": "Study",
        "schema_version": SCHEMA_VERSION,
        "sources": 1,
        "codes": 3,
        "codings": 1,
        "cases": 0,
        "coders": 1,
    }
    _, out, _ = run(capsys, "sources", str(qwb), "--json")
    (source,) = json.loads(out)
    assert source["speakers"] == ["Interviewer", "P07"] and source["characters"] == len(
        "Interviewer: Hello?\nP07: We use Zoom 😀 and Slack.\n"
    )
    assert len(source["sha256"]) == 64 and source["kind"] == "text"
    _, out, _ = run(capsys, "codes", str(qwb), "--json")
    (root,) = json.loads(out)
    assert {"name", "color", "description", "codings", "children"} <= set(root)
    assert root["children"][0]["children"][0]["codings"] == 1
    _, out, _ = run(capsys, "codes", str(qwb))
    assert "Video/Voice" in out


def test_cases_and_memos(qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "people.csv"
    table.write_text("case,sector\nP01,Health\nP02,Tech\nP03,Health\n", encoding="utf-8")
    code, out, _ = run(capsys, "cases-import", str(qwb), str(table))
    assert code == 0
    assert "3 participants from people.csv (3 new, 0 updated), 1 attribute (1 new)" in out
    table.write_text("case,sector\nP01,Health\n", encoding="utf-8")
    _, out, _ = run(capsys, "cases-import", str(qwb), str(table))
    assert "1 participant from people.csv (0 new, 1 updated), 1 attribute (0 new)" in out
    _, out, _ = run(capsys, "cases", str(qwb), "--json")
    cases = json.loads(out)
    assert (cases[0]["name"], cases[0]["attributes"]) == ("P01", {"sector": "Health"})
    with Project.open(qwb) as project:
        project.memos.add(text="Plan", title="Plan", coder="Maya Chen")
        src = project.sources.add(name="S", text="Some text here", coder="Maya Chen").created[-1]
        project.annotations.add(source=src, start=5, end=9, text="Check", coder="Ana")
    _, out, _ = run(capsys, "memos", str(qwb), "--json")
    assert [(m["target"], m["author"], m["text"]) for m in json.loads(out)] == [
        ("project", "Maya Chen", "Plan"),
        ("annotation:S:5-9", "Ana", "Check"),
    ]


def test_errors_are_one_line_and_change_nothing(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(qwb.read_bytes()).hexdigest()
    code, _, err = run(
        capsys, "code", str(qwb), "--source", "nope", "--code", "X", "--start", "0", "--end", "1"
    )
    assert code == 1 and err == "workbench-cli: error: No source named 'nope' in this project.\n"
    code, _, err = run(capsys, "info", str(tmp_path / "missing.qwb"))
    assert code == 1 and "missing.qwb: the file does not exist." in err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "codebook-import", str(qwb), str(bad))
    assert (
        code == 1
        and err.startswith("workbench-cli: error: bad.json: not valid JSON")
        and err.count("\n") == 1
    )
    assert hashlib.sha256(qwb.read_bytes()).hexdigest() == before


def test_batch_import_skips_bad_files_and_exits_non_zero(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Interviewer: hi\nP01: hello\n", encoding="utf-8")
    twin = tmp_path / "twin.txt"
    twin.write_text("Interviewer: hi\nP01: hello\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    code, out, err = run(capsys, "import", str(qwb), str(good), str(twin), str(empty), str(binary))
    assert code == 1
    assert "1 of 4 files imported" in out
    assert "twin.txt: the same text is already in the project as 'good'" in err
    assert "empty.txt" in err and "photo.txt" in err
    with Project.open(qwb, read_only=True) as project:
        assert [s.name for s in project.sources.list()] == ["good"]


def test_a_live_gui_lock_is_honoured(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.json"
    book.write_text('{"codes": [{"name": "A"}]}', encoding="utf-8")
    with Project.open(qwb, app="workbench"):
        code, _, err = run(capsys, "codebook-import", str(qwb), str(book))
        assert code == 1 and "is open in another program" in err
        code, out, _ = run(capsys, "info", str(qwb))  # read-only commands still work
        assert code == 0 and "Study" in out


def test_installed_entry_point_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "workbench-cli"
    env = {**os.environ, "WORKBENCH_CODER": "Ana"}
    done = subprocess.run(
        [str(exe), "new", str(tmp_path / "x.qwb"), "--name", "X"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [str(exe), "info", str(tmp_path / "nothing.qwb")], capture_output=True, text=True
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
