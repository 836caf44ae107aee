"""A blind copy carries no trace of anyone's codings: not in its rows, its audit log, its
tombstones, its merge bases or its free pages."""

from __future__ import annotations

from pathlib import Path

from workbench.core.project import Project
from workbench.core.teamwork.consensus import disagreements, resolve
from workbench.core.teamwork.share_copy import share_copy

TEXT = (
    "Interviewer: How did you meet?\n"
    "P01: On Zoom, after the programme matched us in spring.\n"
    "Interviewer: And now?\n"
    "P01: Slack every day and a call each Friday.\n"
)


def test_a_blind_copy_has_no_trace_of_codings(project: Project, tmp_path: Path) -> None:
    p = project
    source = p.sources.add(name="P01", text=TEXT, coder="Ana").created[-1]
    code = p.codebook.add(name="Tools", coder="Ana").created[-1]
    other = p.codebook.add(name="Feelings", coder="Ana").created[-1]
    line = TEXT.index("P01: On Zoom")
    uuids = [
        p.codings.apply(source=source, code=code, start=line, end=line + 40, coder="Ana"),
        p.codings.apply(source=source, code=code, start=line + 5, end=line + 52, coder="Ben"),
        p.codings.apply(source=source, code=other, start=0, end=12, coder="Ben"),
        p.codings.apply(source=source, code=other, start=2, end=14, coder="Ana"),
    ]
    ids = [c.created[-1] for c in uuids]
    p.codings.set_range(coding=ids[3], start=3, end=17, coder="Ana")  # "Coding range set to 3-17"
    gone = p.codings.apply(source=source, code=other, start=20, end=29, coder="Ana").created[-1]
    p.codings.remove(codings=[gone], coder="Ana")  # leaves a tombstone
    p.memos.add(
        text="Ben reads this as the first contact",
        coder="Ben",
        target_kind="coding",
        target=ids[2],
        title="Secret coding memo",
    )
    p.memos.add(text="Interview went well", coder="Ana")  # a project memo: it stays
    for coder in ("Ana", "Ben"):
        p.sources.set_done(source=source, coder=coder)
    (found, *_) = disagreements(p, coders=["Ana", "Ben"], codes=[code])
    resolve(p, found, resolution="adjust", coder="Maya", start=line + 7, end=line + 31)
    ranges = [f"{s.start}-{s.end}" for s in p.codings.segments()] + [f"{line + 7}-{line + 31}"]
    with p.read() as s:
        from sqlalchemy import text

        all_ids = [u for (u,) in s.execute(text("SELECT uuid FROM codings"))] + ids + [gone]
        all_ids += [u for (u,) in s.execute(text("SELECT uuid FROM tombstones"))]

    out = tmp_path / "blind.qwb"
    result = share_copy(p, out, coder="Ana", blind=True)
    assert result.codings_removed > 0
    raw = out.read_bytes()
    for uuid in all_ids:
        assert uuid.encode() not in raw, uuid
    for needle in (
        "Secret coding memo",
        "first contact",
        "Coding range",
        "Disagreement",
        "marked done",
        "coding applied",
        "codings applied",
    ):
        assert needle.encode() not in raw, needle
    for span in ranges:
        assert f" {span}".encode() not in raw, span
    assert b"Interview went well" in raw
    with Project.open(out, read_only=True) as copy:
        assert copy.codings.segments() == []
        assert copy.sources.done_by(source) == []
        assert [m.text for m in copy.memos.list()] == ["Interview went well"]
        assert {c.name for c in copy.codebook.all()} == {"Tools", "Feelings"}


def test_merging_a_blind_copy_back_keeps_codings_and_done_marks(
    project: Project, tmp_path: Path
) -> None:
    from workbench.core.teamwork.merge import merge_copy

    p = project
    source = p.sources.add(name="P01", text=TEXT, coder="Ana").created[-1]
    code = p.codebook.add(name="Tools", coder="Ana").created[-1]
    p.codings.apply(source=source, code=code, start=0, end=12, coder="Ana")
    p.sources.set_done(source=source, coder="Ana")
    out = tmp_path / "blind.qwb"
    share_copy(p, out, coder="Ana", blind=True)
    with Project.open(out) as copy:
        copy.codings.apply(source=source, code=code, start=14, end=20, coder="Ben")
        copy.sources.set_done(source=source, coder="Ben")
    merge_copy(p, out, coder="Ana")
    assert {(s.coder, s.start) for s in p.codings.segments()} == {("Ana", 0), ("Ben", 14)}
    assert sorted(p.sources.done_by(source)) == ["Ana", "Ben"]
