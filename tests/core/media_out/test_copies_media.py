"""Copies for others: a blind copy keeps the recordings but no media coding; a pseudonymized copy
keeps no recording at all (a voice is not pseudonymous) and says so in its report."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from recorded_study import Recorded, recorded_fixture  # noqa: F401 (the fixture)

from workbench.core.project import Project
from workbench.core.teamwork.pseudonymize import pseudonymize_copy
from workbench.core.teamwork.share_copy import share_copy


def _count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_a_blind_copy_drops_media_codings_and_keeps_the_recording(
    recorded: Recorded, tmp_path: Path
) -> None:
    p = recorded.project
    removed = p.media_codings.for_source(recorded.source)[0]
    p.media_codings.remove(ids=[removed.id], coder="Ann")  # leaves a tombstone
    out = tmp_path / "blind.qwb"
    result = share_copy(p, out, coder="Ann", blind=True)
    assert result.codings_removed == 1 + 3  # one text coding, three media codings
    with Project.open(out, read_only=True) as copy:
        assert copy.media_codings.for_source(recorded.source) == []
        info = copy.media.get(recorded.source)
        assert info is not None and info.duration_ms == 4000
    assert _count(out, "SELECT COUNT(*) FROM tombstones WHERE kind = 'media_coding'") == 0
    assert _count(out, "SELECT COUNT(*) FROM audit_log WHERE entity_kind = 'media_coding'") == 0
    raw = out.read_bytes()
    assert removed.uuid.encode() not in raw


def test_a_pseudonymized_copy_leaves_every_recording_out(
    recorded: Recorded, tmp_path: Path
) -> None:
    p = recorded.project
    other = p.sources.add(name="P02", text="Short talk with Ann.", coder="Ann").created[-1]
    p.media.attach(source_id=other, path=recorded.recording, embed=True, coder="Ann")
    out = tmp_path / "pseudo.qwb"
    report = pseudonymize_copy(p, out, mapping={"Ann": "Speaker A"}, coder="Ann")
    assert _count(out, "SELECT COUNT(*) FROM media") == 0
    assert _count(out, "SELECT COUNT(*) FROM tombstones WHERE kind = 'media'") == 0
    assert _count(out, "SELECT COUNT(*) FROM audit_log WHERE entity_kind = 'media'") == 0
    raw = out.read_bytes()
    assert b"P01.wav" not in raw and b"interviews" not in raw  # the path is gone
    assert recorded.recording.read_bytes()[1000:1400] not in raw  # so are embedded bytes
    (line,) = [w for w in report.warnings if "recording" in w]
    assert line.startswith("2 recordings were left out of the copy: a voice is not pseudonymous")
    with Project.open(out, read_only=True) as copy:  # the time ranges stay, as coded
        assert len(copy.media_codings.for_source(recorded.source)) == 4
        assert copy.media.get(recorded.source) is None
