"""Export → import → export gives the same project.qde: GUIDs, users, dates, colours and shapes
survive a trip through our own importer (issue 13, item 6)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from workbench.core.project import Project
from workbench.core.refi import export_qdpx, import_qdpx

# An import writes every row anew: "last modified" is then the time of the import.
_MODIFIED = re.compile(rb' modifiedDateTime="[^"]*"')


def test_export_import_export_gives_the_same_qde(demo_path: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.qdpx", tmp_path / "second.qdpx"
    with Project.open(demo_path, read_only=True) as project:
        export_qdpx(project, first)
    import_qdpx(first, tmp_path / "copy.qwb", coder="Maya Chen")
    with Project.open(tmp_path / "copy.qwb", read_only=True) as copy:
        export_qdpx(copy, second)
    a, b = zipfile.ZipFile(first), zipfile.ZipFile(second)
    assert a.namelist() == b.namelist()
    qde_a, qde_b = (_MODIFIED.sub(b"", z.read("project.qde")) for z in (a, b))
    assert qde_a == qde_b
    assert all(a.read(n) == b.read(n) for n in a.namelist() if n != "project.qde")
