"""Opening does only the work the first paint needs (issue 18): the code tree is read once, the
sources list is fetched as it is scrolled, and the full file check runs in the background with
writes held until it passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from window_helpers import isolated_settings, make_window

from workbench.core.services import codebook as codebook_service


def test_opening_reads_the_code_tree_once(
    qtbot: QtBot, tmp_path: Path, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    real = codebook_service.build_tree

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(bool(kwargs.get("with_counts", True)))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(codebook_service, "build_tree", counted)
    window = make_window(isolated_settings(tmp_path))
    qtbot.addWidget(window)
    assert window.open_project(demo_path)
    qtbot.wait(50)  # the work deferred past the first paint too
    assert calls == [True]
    window.close_project()
