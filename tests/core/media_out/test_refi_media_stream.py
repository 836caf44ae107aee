"""Recordings in the streamed .qdpx import (issue 18 with issue 17): each audio source's media
selections are handled as the stream reaches it, so memory does not grow with the recordings."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from workbench.core.project import Project
from workbench.core.refi import import_qdpx, import_rows

USER = "0a1b2c3d-0000-4000-8000-0000000000a1"
CODE = "0a1b2c3d-0000-4000-8000-00000000c0de"


def _guid(kind: int, n: int) -> str:
    return f"0a1b2c3d-{kind:04x}-4000-8000-{n:012x}"


def _audio(n: int, selections: int) -> str:
    """An AudioSource whose recording is nowhere, with ``selections`` coded time ranges."""
    spans = "".join(
        f'<AudioSelection guid="{_guid(2, n * 10_000 + i)}" begin="{i * 1000}" '
        f'end="{i * 1000 + 500}" creatingUser="{USER}"><Coding guid="{_guid(3, n * 10_000 + i)}" '
        f'creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/></Coding></AudioSelection>\n'
        for i in range(selections)
    )
    return (
        f'<AudioSource guid="{_guid(1, n)}" name="R{n}" '
        f'path="absolute:///nowhere/r{n}.wav">\n{spans}</AudioSource>\n'
    )


def _qdpx(path: Path, sources: int, selections: int = 400) -> Path:
    audio = "".join(_audio(n, selections) for n in range(sources))
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Recorded">\n'
        f'<Users><User guid="{USER}" name="Ada"/></Users>\n'
        f'<CodeBook><Codes><Code guid="{CODE}" name="C" isCodable="true"/></Codes></CodeBook>\n'
        f"<Sources>\n{audio}</Sources>\n</Project>\n"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
    return path


def _traced_peak(tmp_path: Path, name: str, sources: int) -> int:
    qdpx = _qdpx(tmp_path / f"{name}.qdpx", sources)
    tracemalloc.start()
    try:
        report = import_qdpx(qdpx, tmp_path / f"{name}.qwb", coder="Maya")
        assert report.counts["media codings"] == sources * 400
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_recorded_sources(tmp_path: Path) -> None:
    _traced_peak(tmp_path, "warm", 5)  # caches (schemas, statements) filled once
    small = _traced_peak(tmp_path, "small", 10)
    large = _traced_peak(tmp_path, "large", 80)
    with Project.open(tmp_path / "large.qwb", read_only=True) as project:
        first = project.sources.list()[0].uuid
        assert len(project.media_codings.for_source(first)) == 400
    assert large < small * 1.1, (small, large)


def test_the_media_codings_of_a_source_left_out_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_rows, "MAX_TEXT_CHARS", -1)  # every source is "too long"
    report = import_qdpx(_qdpx(tmp_path / "p.qdpx", 2, 3), tmp_path / "p.qwb", coder="Maya")
    assert report.counts["sources"] == 0
    assert "media codings in sources that were not imported (×6)" in report.skipped
