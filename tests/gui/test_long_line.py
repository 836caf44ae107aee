"""Lines longer than the import limit (MAX_LINE_CHARS) are refused at import, but a project
that already holds one, from an older version or another program, still opens and shows it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from workbench.core.importers import base
from workbench.core.project import Project
from workbench.gui.document import DocumentView
from workbench.gui.project_session import ProjectSession


def test_a_source_with_an_over_long_line_still_opens(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "old.qwb"
    line = "P01: " + "we met on zoom " * (base.MAX_LINE_CHARS // 15 * 10)  # 10x the limit
    with Project.create(path, name="Old", coder="Maya Chen") as project:
        project.sources.add(name="monologue", text=line, coder="Maya Chen")
    session = ProjectSession(Project.open(path), "Maya Chen")
    try:
        view = DocumentView(session)
        qtbot.addWidget(view)
        view.resize(900, 600)
        view.show()
        view.show_source(session.project.sources.find("monologue"))
        view.grab()
        assert len(view.loaded.text) > base.MAX_LINE_CHARS * 9
        assert view.document().blockCount() == 1
        assert view.document().characterCount() > base.MAX_LINE_CHARS * 9
    finally:
        session.close()
