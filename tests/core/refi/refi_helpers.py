"""Helpers for the REFI-QDA tests: the shared reference files, hand-made archives, and a
canonical snapshot of a project's content for round-trip comparisons."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from workbench.core.project import Project

SHARED = Path(__file__).resolve().parents[4] / "shared" / "refi-qda"


def shared_file(*parts: str) -> Path:
    """A file of the shared REFI-QDA reference folder; skips the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"…/shared/refi-qda not present: {path} is needed for this test")
    return path


def make_qdpx(
    path: Path,
    qde: str | bytes,
    files: dict[str, bytes] | None = None,
    qde_name: str = "project.qde",
) -> Path:
    """A .qdpx holding ``qde`` and ``files`` (member name → bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


def files_in(folder: Path) -> list[str]:
    """Every name in ``folder`` (hidden ones included), to prove nothing was left behind."""
    return sorted(p.name for p in folder.iterdir())


def snapshot(project: Project) -> dict[str, Any]:
    """Everything a REFI-QDA round trip must keep, keyed and ordered so two projects compare."""
    codes = project.codebook.all()
    by_parent: dict[str | None, list[str]] = {}
    for node in codes:
        by_parent.setdefault(node.parent_uuid, []).append(node.uuid)
    sources = project.sources.list()
    return {
        "name": project.info().name,
        "description": project.info().description,
        "coders": sorted((c.uuid, c.name) for c in project.coders.list()),
        "sources": sorted(
            (s.uuid, s.name, project.sources.text(s.uuid), tuple(sorted(s.attributes.items())))
            for s in sources
        ),
        "codes": sorted(
            (
                n.uuid,
                n.parent_uuid,
                n.name,
                n.color,
                n.description,
                n.inclusion,
                n.exclusion,
                n.example,
                n.codable,
                by_parent[n.parent_uuid].index(n.uuid),
            )
            for n in codes
        ),
        "codings": sorted(
            (c.uuid, c.source_uuid, c.code_uuid, c.coder, c.start, c.end)
            for s in sources
            for c in project.codings.of_source(s.uuid)
        ),
        "annotations": sorted(
            (a.uuid, a.source_uuid, a.coder, a.start, a.end, a.text)
            for a in project.annotations.list()
        ),
        "memos": sorted(
            (m.uuid, m.author, m.title, m.text, m.target_kind, m.target_uuid)
            for m in project.memos.list()
        ),
        "cases": sorted(
            (c.uuid, c.name, c.description, tuple(sorted(c.attributes.items())), c.sources)
            for c in project.cases.list()
        ),
        "attributes": sorted(
            (a.uuid, a.name, a.scope, a.type, a.choices)
            for scope in ("case", "source")
            for a in project.cases.attributes(scope)
        ),
        "sets": sorted(
            (s.uuid, s.name, s.kind, tuple(sorted(s.members))) for s in project.sets.list()
        ),
        "relations": sorted(
            (r.uuid, r.from_uuid, r.to_uuid, r.label) for r in project.map.relations()
        ),
    }
