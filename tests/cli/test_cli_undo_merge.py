"""workbench-cli undo-merge: the last merge undone as a whole, or refused with the reason."""

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


def segments(capsys: pytest.CaptureFixture[str], qwb: Path) -> set[tuple[str, str]]:
    code, out, _ = run(capsys, "segments", str(qwb), "--json")
    assert code == 0
    return {(s["code"], s["coder"]) for s in json.loads(out)}


@pytest.fixture
def merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path]:
    """A project and a coder's copy of it with one more coding, merged into the project."""
    monkeypatch.setenv("WORKBENCH_CODER", "Ana")
    qwb = tmp_path / "study.qwb"
    with Project.create(qwb, name="Study", coder="Ana") as project:
        source = project.sources.add(name="P01", text=TEXT, coder="Ana").created[-1]
        zoom = project.codebook.add(name="Zoom", coder="Ana").created[-1]
        project.codebook.add(name="Slack", coder="Ana")
        start = TEXT.index("Zoom")
        project.codings.apply(source=source, code=zoom, start=start, end=start + 4, coder="Ana")
    copy = tmp_path / "ben.qwb"
    assert run(capsys, "share", str(qwb), str(copy))[0] == 0
    with Project.open(copy) as project:
        start = TEXT.index("Slack")
        project.codings.apply(
            source=project.sources.find("P01"),
            code=project.codebook.find("Slack"),
            start=start,
            end=start + 5,
            coder="Ben",
        )
    assert run(capsys, "merge", str(qwb), str(copy))[0] == 0
    assert segments(capsys, qwb) == {("Zoom", "Ana"), ("Slack", "Ben")}
    return qwb, copy


def test_undo_merge_then_merge_again(
    merged: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    qwb, copy = merged
    code, out, _ = run(capsys, "undo-merge", str(qwb), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["undone"] == str(copy) and Path(data["kept"]).exists()
    assert "before-merge" in Path(data["backup"]).name and data["revision"] > data["merge_revision"]
    assert segments(capsys, qwb) == {("Zoom", "Ana")}
    code, _, err = run(capsys, "undo-merge", str(qwb))
    assert code == 1 and "was already undone" in err
    code, out, _ = run(capsys, "merge", str(qwb), str(copy), "--json")
    assert code == 0 and json.loads(out)[0]["added"] == {"coder": 1, "coding": 1}
    assert segments(capsys, qwb) == {("Zoom", "Ana"), ("Slack", "Ben")}
    code, out, _ = run(capsys, "undo-merge", str(qwb))
    assert code == 0 and out.startswith("Undid the merge of ben.qwb: restored ")


def test_undo_merge_is_refused_after_a_later_change(
    merged: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    qwb, _copy = merged
    with Project.open(qwb) as project:
        project.codebook.add(name="Later idea", coder="Ana")
        revision = project.revision()
    code, out, err = run(capsys, "undo-merge", str(qwb), "--json")
    assert code == 1 and out == ""
    assert "study.qwb has changed since ben.qwb was merged" in err
    assert "(1 later change, the latest “Code 'Later idea' added” by Ana)" in err
    assert "Traceback" not in err
    with Project.open(qwb, read_only=True) as project:
        assert project.revision() == revision
    assert segments(capsys, qwb) == {("Zoom", "Ana"), ("Slack", "Ben")}
