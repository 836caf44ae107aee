"""Export the demo and import it back: the CLI lists the same codes, segments, memos and cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench.cli.main import main

# Fields that must differ: an import writes every memo and annotation anew, so their last
# change (``modified_at``) is the time of the import; ``memos`` shows an annotation's last change
# as its ``created_at``.
IGNORED = {"memo": {"modified_at"}, "annotation": {"modified_at", "created_at"}}


def _listing(capsys: pytest.CaptureFixture[str], command: str, path: Path) -> Any:
    assert main([command, str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    if command != "memos":
        return rows
    return [{k: v for k, v in row.items() if k not in IGNORED[row["kind"]]} for row in rows]


def test_demo_export_import_lists_the_same(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WORKBENCH_CODER", "Maya Chen")
    out, copy = tmp_path / "demo.qdpx", tmp_path / "copy.qwb"
    assert main(["export-qdpx", str(demo_path), str(out)]) == 0
    assert main(["import-qdpx", str(out), str(copy)]) == 0
    capsys.readouterr()
    for command, count in (("codes", 5), ("segments", 907), ("memos", 28), ("cases", 25)):
        before = _listing(capsys, command, demo_path)
        after = _listing(capsys, command, copy)
        assert len(before) == count, command  # codes: the five themes, holding the rest
        assert after == before, command
