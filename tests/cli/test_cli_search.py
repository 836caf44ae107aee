"""workbench-cli search: JSON shape, text output, filters, the index, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.core.project import Project

TEXT = (
    "Interviewer: How do you keep in touch?\n\n"
    "P07: Mostly on Zoom 😀, sometimes Slack. Zoom calls feel naïve at first.\n"
)


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
    doc = tmp_path / "P07.txt"
    doc.write_text(TEXT, encoding="utf-8")
    assert run(capsys, "import", str(path), str(doc))[0] == 0
    with Project.open(path) as project:
        project.memos.add(title="Zoom fatigue", text="Long calls tire.", coder="Maya Chen")
        code = project.codebook.add(name="Tools", coder="Maya Chen").created[-1]
        source = project.sources.find("P07")
        start = TEXT.index("Zoom")
        project.codings.apply(source=source, code=code, start=start, end=start + 4, coder="Maya")
    return path


def test_json_shape_and_exact_offsets(qwb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", str(qwb), "zoom", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) >= {"hits", "count", "complete", "indexed"}
    sources = [h for h in data["hits"] if h["kind"] == "source"]
    assert [(h["source"], TEXT[h["start"] : h["end"]]) for h in sources] == [
        ("P07", "Zoom"),
        ("P07", "Zoom"),
    ]
    for hit in data["hits"]:
        assert {"kind", "source", "start", "end", "snippet"} <= set(hit)
        assert hit["match"] in hit["snippet"]
    memo = next(h for h in data["hits"] if h["kind"] == "memo")
    assert memo["source"] is None and memo["label"] == "Zoom fatigue" and memo["part"] == "title"
    _, out, _ = run(capsys, "text", str(qwb), "--source", "P07")
    assert out == TEXT


def test_text_output_groups_by_item(qwb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", str(qwb), "zoom", "--limit", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("P07") and "[Zoom]" in lines[1]
    assert "the first 1; --limit 0 shows all" in lines[-1]
    _, out, _ = run(capsys, "search", str(qwb), "teams")
    assert out.strip() == "No hits."


def test_options_and_filters(qwb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def matches(*args: str) -> list[str]:
        code, out, err = run(capsys, "search", str(qwb), *args, "--json", "--limit", "0")
        assert code == 0, err
        return [h["match"] for h in json.loads(out)["hits"]]

    assert matches("naive") == ["naïve"]
    assert matches('"zoom calls"') == ["Zoom calls"]
    assert matches("zoom", "--kind", "memo") == ["Zoom"]
    assert matches("zoom", "--inside", "Tools") == ["Zoom"]
    assert matches("zoom", "--outside", "Tools") == ["Zoom"]
    assert matches("zoom", "--source", "P07", "--kind", "memo") == []
    assert matches("calls", "--exact", "--kind", "source") == ["calls"]
    assert matches("call", "--kind", "source") == ["calls"]  # stemmed by default
    assert matches("call", "--exact") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["zoom AND"], "'AND' at character 6 needs a search term on each side"),
        (['"zoom'], "The quote at character 1 is never closed"),
        (["colour:red"], "Unknown field 'colour:'"),
        (["zoom", "--source", "P99"], "No source named 'P99'"),
        (["zoom", "--where", "sector is health"], "Cannot read the filter"),
        (["zoom", "--where", "sector = Health"], "No attribute named 'sector'"),
        (["zoom", "--limit", "-3"], "at least one hit"),
    ],
)
def test_errors_are_one_line(
    qwb: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "search", str(qwb), *args)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_reindex_and_search_while_another_program_has_it_open(
    qwb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "search", str(qwb), "zoom", "--reindex", "--json")
    assert code == 0 and "Rebuilding the search index" in err
    with Project.open(qwb):  # the GUI, say, holds the lock: searching still works
        code, out, _ = run(capsys, "search", str(qwb), "slack", "--json")
        assert code == 0
        data = json.loads(out)
        assert data["indexed"] and [h["match"] for h in data["hits"]] == ["Slack"]
        code, _, err = run(capsys, "search", str(qwb), "zoom", "--reindex")
        assert code == 1 and "open" in err
