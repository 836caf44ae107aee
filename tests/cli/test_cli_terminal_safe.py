"""Names and texts stored by older versions may hold terminal escapes: the CLI shows them
escaped, never raw, in tables, listings, JSON and error messages."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.core.project import Project

CODER = "Maya Chen"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # anything but \t and \n
EVIL = "Zoom\x1b]0;pwned\x07\x1b[2J\x9b31m"


@pytest.fixture
def old_project(tmp_path: Path) -> Path:
    """A project whose names were written before control characters were refused."""
    path = tmp_path / "old.qwb"
    with Project.create(path, name="Old", coder=CODER) as project:
        src = project.sources.add(name="P01", text="P01: we use Zoom daily.\n", coder=CODER)
        code = project.codebook.add(name="Zoom", coder=CODER).created[-1]
        project.codings.apply(source=src.created[-1], code=code, start=9, end=13, coder=CODER)
        project.cases.add(name="case", coder=CODER)
        project.memos.add(text="memo", coder=CODER)
    with sqlite3.connect(path) as db:
        for table in ("codes", "sources", "cases", "coders"):
            db.execute(f"UPDATE {table} SET name = ?", (EVIL,))
        db.execute("UPDATE memos SET text = ?", (EVIL,))
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["codes"],
        ["segments"],
        ["sources"],
        ["cases"],
        ["memos"],
        ["info"],
        ["report", "frequencies"],
    ],
)
def test_listings_escape_control_characters(
    old_project: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code = main([command[0], str(old_project), *command[1:]])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), err
    assert not RAW.search(out + err), (out + err)[:400]
    if command[0] in ("codes", "segments", "sources", "cases", "memos"):
        assert "\\x1b]0;pwned\\x07" in out


@pytest.mark.parametrize("command", ["codes", "segments", "sources", "cases", "memos"])
def test_json_escapes_control_characters_and_keeps_the_value(
    old_project: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, str(old_project), "--json"]) == 0
    out, _ = capsys.readouterr()
    assert not RAW.search(out)
    assert EVIL in _strings(json.loads(out))


def _strings(data: object) -> set[str]:
    if isinstance(data, str):
        return {data}
    items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return set().union(*(_strings(item) for item in items))


def test_messages_about_files_escape_control_characters(
    old_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "P02\x1b]0;pwned\x07.txt"
    doc.write_text("P02: hello\n", encoding="utf-8")
    assert main(["import", str(old_project), str(doc), str(doc)]) == 1  # one duplicate
    out, err = capsys.readouterr()
    assert "P02\\x1b]0;pwned\\x07.txt" in out and "already in the project" in err
    assert not RAW.search(out + err)
