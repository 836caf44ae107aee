"""Categories (codes that cannot be applied to text) cross REFI-QDA as isCodable="false", in
projects and in codebooks, both ways (issue 13, item 6)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from workbench.core.project import Project
from workbench.core.refi import export_qdc, export_qdpx, import_qdc, import_qdpx

C = "Maya Chen"


def _with_a_category(path: Path) -> None:
    with Project.open(path) as project:
        theme = project.codebook.add(name="Tools", coder=C).created[0]
        project.codebook.add(name="Video", parent=theme, coder=C)
        project.codebook.set_codable(code=theme, codable=False, coder=C)


def _codable(project: Project) -> dict[str, bool]:
    return {n.path: n.codable for n in project.codebook.all()}


def _written(xml: bytes) -> dict[str, str]:
    return dict(re.findall(r'<Code guid="[^"]*" name="([^"]*)" isCodable="(\w+)"', xml.decode()))


def test_a_category_crosses_a_project_export(project_path: Path, tmp_path: Path) -> None:
    _with_a_category(project_path)
    with Project.open(project_path, read_only=True) as project:
        export_qdpx(project, tmp_path / "p.qdpx")
    qde = zipfile.ZipFile(tmp_path / "p.qdpx").read("project.qde")
    assert _written(qde) == {"Tools": "false", "Video": "true"}
    report = import_qdpx(tmp_path / "p.qdpx", tmp_path / "q.qwb", coder=C)
    assert not report.warnings
    with Project.open(tmp_path / "q.qwb", read_only=True) as copy:
        assert _codable(copy) == {"Tools": False, "Tools/Video": True}


def test_a_category_crosses_a_codebook_export(project_path: Path, tmp_path: Path) -> None:
    _with_a_category(project_path)
    with Project.open(project_path, read_only=True) as project:
        export_qdc(project, tmp_path / "book.qdc")
    assert _written((tmp_path / "book.qdc").read_bytes()) == {"Tools": "false", "Video": "true"}
    other = tmp_path / "other.qwb"
    Project.create(other, name="Other", coder=C).close()
    with Project.open(other) as project:
        import_qdc(project, tmp_path / "book.qdc", coder=C)
        assert _codable(project) == {"Tools": False, "Tools/Video": True}
