"""The .qdpx import streams its project.qde (issue 18): memory does not grow with the codings,
references to what comes later in the file resolve, and a file found broken or a cancel half-way
through leaves nothing behind."""

from __future__ import annotations

import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from refi_helpers import files_in, make_qdpx

from workbench.core.progress import Cancelled, Progress
from workbench.core.project import Project
from workbench.core.refi import import_qdpx, import_rows
from workbench.core.refi.archive import QdpxArchive
from workbench.core.refi.errors import InvalidRefiFileError

CODER = "Maya Chen"
NS = 'xmlns="urn:QDA-XML:project:1.0"'
CODE = "0a1b2c3d-0000-4000-8000-00000000c0de"
USER = "0a1b2c3d-0000-4000-8000-0000000000a1"
WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa " * 3


def _guid(kind: int, n: int) -> str:
    return f"0a1b2c3d-{kind:04x}-4000-8000-{n:012x}"


def _selections(n: int, count: int, tag: str, where: Callable[[int], str]) -> str:
    """``count`` ``tag`` elements of source ``n`` (the i-th at ``where(i)``), one coding each,
    one per line."""
    return "".join(
        f'\n<{tag} guid="{_guid(2, n * 100_000 + i)}" {where(i)}><Coding '
        f'guid="{_guid(3, n * 100_000 + i)}" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/>'
        f"</Coding></{tag}>"
        for i in range(count)
    )


def _source(n: int, codings: int) -> str:
    """One TextSource, its text inline, with ``codings`` coded selections (one per line)."""
    spans = _selections(
        n,
        codings,
        "PlainTextSelection",
        lambda i: f'startPosition="{i % 20}" endPosition="{i % 20 + 5}"',
    )
    return (
        f'<TextSource guid="{_guid(1, n)}" name="S{n}">'
        f"<PlainTextContent>{WORDS}</PlainTextContent>{spans}</TextSource>\n"
    )


def _audio(n: int, selections: int) -> str:
    """An AudioSource whose recording is nowhere, with ``selections`` coded time ranges."""
    spans = _selections(
        n, selections, "AudioSelection", lambda i: f'begin="{i * 1000}" end="{i * 1000 + 500}"'
    )
    return (
        f'<AudioSource guid="{_guid(1, n)}" name="R{n}" path="absolute:///nowhere/r{n}.wav">'
        f"{spans}</AudioSource>\n"
    )


def _project(sources: list[str], tail: str = "", head: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project {NS} name="Big">\n'
        f'<Users><User guid="{USER}" name="Ada"/></Users>\n'
        f'<CodeBook><Codes><Code guid="{CODE}" name="C" isCodable="true"/></Codes></CodeBook>\n'
        f"{head}<Sources>\n{''.join(sources)}</Sources>\n{tail}</Project>\n"
    )


def _big(codings: int) -> str:
    """A project of sources with 20 codings each (20 distinct ranges, so none repeats)."""
    return _project([_source(n, 20) for n in range(codings // 20)])


def _traced_peak(tmp_path: Path, name: str, qde: str) -> int:
    qdpx = make_qdpx(tmp_path / f"{name}.qdpx", qde)
    del qde
    tracemalloc.start()
    try:
        import_qdpx(qdpx, tmp_path / f"{name}.qwb", coder=CODER)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_codings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of 200 codings: 1,000 and 8,000 codings then hold as much in memory at once.
    monkeypatch.setattr(import_rows, "BATCH", 200)
    _traced_peak(tmp_path, "warm", _big(200))  # caches (schemas, statements) filled once
    small = _traced_peak(tmp_path, "small", _big(1_000))
    large = _traced_peak(tmp_path, "large", _big(8_000))
    with Project.open(tmp_path / "large.qwb", read_only=True) as project:
        assert project.info().codings == 8_000
    assert large < small * 1.5, (small, large)


def test_the_project_description_is_never_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qdpx = make_qdpx(tmp_path / "p.qdpx", _big(100))

    def whole(archive: QdpxArchive, name: str) -> bytes:
        assert not name.endswith(".qde"), "the .qde was read into memory whole"
        return b""

    monkeypatch.setattr(QdpxArchive, "read_member", whole)
    import_qdpx(qdpx, tmp_path / "p.qwb", coder=CODER)
    with Project.open(tmp_path / "p.qwb", read_only=True) as project:
        assert project.info().codings == 100


def test_references_to_what_comes_later_resolve(tmp_path: Path) -> None:
    note, bare = _guid(9, 1), _guid(2, 999)
    var = _guid(8, 1)
    cases = (
        f'<Variables><Variable guid="{var}" name="age" typeOfVariable="Integer"/></Variables>\n'
        f'<Cases><Case guid="{_guid(7, 1)}" name="Ann"><SourceRef targetGUID="{_guid(1, 1)}"/>'
        f'</Case><Case guid="{_guid(7, 2)}" name="Bo">'
        f'<SelectionRef targetGUID="{_guid(2, 100_000 * 2 + 3)}"/></Case>\n'
        f'<Case guid="{_guid(7, 3)}"><VariableValue><VariableRef targetGUID="{var}"/>'
        f'<IntegerValue>41</IntegerValue></VariableValue><SourceRef targetGUID="{_guid(1, 0)}"/>'
        "</Case></Cases>\n"
    )
    noted = (  # a source with a NoteRef to a note further down, and a bare selection
        f'<TextSource guid="{_guid(1, 5)}" name="S5"><PlainTextContent>{WORDS}'
        f'</PlainTextContent><PlainTextSelection guid="{bare}" startPosition="6" '
        f'endPosition="10"/><NoteRef targetGUID="{_guid(9, 2)}"/></TextSource>\n'
    )
    tail = (
        f'<Notes><Note guid="{note}" name="on beta"><PlainTextContent>about beta'
        f'</PlainTextContent></Note><Note guid="{_guid(9, 2)}" name="on S5">'
        "<PlainTextContent>about S5</PlainTextContent></Note></Notes>\n"
        f'<Links><Link guid="{_guid(6, 1)}" originGUID="{note}" targetGUID="{bare}"/></Links>\n'
        f'<Sets><Set guid="{_guid(5, 1)}" name="Two"><MemberSource targetGUID="{_guid(1, 1)}"/>'
        f'<MemberSource targetGUID="{_guid(1, 5)}"/></Set></Sets>\n'
    )
    sources = [_source(n, 5) for n in range(4)] + [noted]
    qdpx = make_qdpx(tmp_path / "p.qdpx", _project(sources, tail, head=cases))
    report = import_qdpx(qdpx, tmp_path / "p.qwb", coder=CODER)
    assert not report.skipped, report.skipped
    with Project.open(tmp_path / "p.qwb", read_only=True) as project:
        by_name = {c.name: c for c in project.cases.list()}
        sources = {s.uuid: s for s in project.sources.list()}
        assert by_name["Ann"].sources == ("S1",)
        assert by_name["Bo"].sources == ("S2",)  # through its selection
        assert {k: str(v) for k, v in sources[_guid(1, 0)].attributes.items()} == {"age": "41"}
        (annotation,) = project.annotations.list()  # the linked note, on the bare selection
        assert (annotation.source_uuid, annotation.start, annotation.end) == (_guid(1, 5), 6, 10)
        (memo,) = project.memos.list()
        assert (memo.target_kind, memo.target_uuid, memo.text) == (
            "source",
            _guid(1, 5),
            "about S5",
        )
        (group,) = project.sets.list()
        assert sorted(sources[u].name for u in group.members) == ["S1", "S5"]


def test_users_and_codes_after_the_sources_are_still_read(tmp_path: Path) -> None:
    late = _project([_source(0, 3)]).replace("<Sources>", "<Sources >")
    users, book = late.split("\n")[2], late.split("\n")[3]
    moved = late.replace(users + "\n", "").replace(book + "\n", "")
    moved = moved.replace("</Sources>\n", f"</Sources>\n{users}\n{book}\n")
    report = import_qdpx(make_qdpx(tmp_path / "p.qdpx", moved), tmp_path / "p.qwb", coder=CODER)
    assert report.counts["codings"] == 3
    with Project.open(tmp_path / "p.qwb", read_only=True) as project:
        assert {c.coder for c in project.codings.of_source(_guid(1, 0))} == {"Ada"}


def test_a_broken_element_deep_in_a_big_file_is_refused_with_its_line(tmp_path: Path) -> None:
    qde = _big(4_000).splitlines()
    # Far past the first batch of codings written: in the 190th of 200 sources.
    line = [n for n, text in enumerate(qde, 1) if text.endswith("</TextSource>")][189]
    qde[line - 1] = qde[line - 1].replace("</TextSource>", "</TextSourc>")
    qdpx = make_qdpx(tmp_path / "p.qdpx", "\n".join(qde))
    before = files_in(tmp_path)
    with pytest.raises(InvalidRefiFileError, match=rf"not well-formed XML \(line {line}:"):
        import_qdpx(qdpx, tmp_path / "p.qwb", coder=CODER)
    assert files_in(tmp_path) == before


def test_a_member_cut_short_is_refused(tmp_path: Path) -> None:
    qde = _big(2_000)
    cut = make_qdpx(tmp_path / "cut.qdpx", qde[: len(qde) * 2 // 3])
    before = files_in(tmp_path)
    with pytest.raises(InvalidRefiFileError, match=r"not well-formed XML \(line \d+:"):
        import_qdpx(cut, tmp_path / "p.qwb", coder=CODER)
    damaged = tmp_path / "damaged.qdpx"
    make_qdpx(damaged, qde)
    with zipfile.ZipFile(damaged) as archive:
        info = archive.getinfo("project.qde")
    data = bytearray(damaged.read_bytes())
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle : middle + 64] = bytes(64)  # the deflated data spoiled half-way
    damaged.write_bytes(bytes(data))
    before = files_in(tmp_path)
    with pytest.raises(InvalidRefiFileError, match="is damaged: 'project.qde' cannot be unpacked"):
        import_qdpx(damaged, tmp_path / "p.qwb", coder=CODER)
    assert files_in(tmp_path) == before


def test_a_cancel_half_way_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_rows, "BATCH", 100)  # batches were written before the cancel
    qdpx = make_qdpx(tmp_path / "p.qdpx", _big(2_000))
    before = files_in(tmp_path)
    seen: list[tuple[int, int]] = []

    def step(done: int, total: int, stage: str) -> None:
        if stage == "sources":
            seen.append((done, total))
            if len(seen) == 60:  # of 100 sources
                progress.cancel()

    progress = Progress(step)
    with pytest.raises(Cancelled, match="p.qdpx: cancelled"):
        import_qdpx(qdpx, tmp_path / "p.qwb", coder=CODER, progress=progress)
    assert len(seen) == 60 and 0 < seen[-1][0] < seen[-1][1]  # stopped half-way through
    assert files_in(tmp_path) == before


def test_a_guid_repeated_in_a_later_batch_gets_a_fresh_uuid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_rows, "BATCH", 1)  # each source's codings written before the next
    first, again = _source(0, 2), _source(1, 2)
    repeated = _guid(3, 0)  # the first coding of S0, repeated as the first coding of S1
    again = again.replace(_guid(3, 100_000), repeated)
    later = again.replace(_guid(1, 1), _guid(1, 2)).replace('name="S1"', 'name="S2"')
    later = later.replace(repeated, CODE).replace(_guid(3, 100_001), _guid(3, 7))  # a code's GUID
    qdpx = make_qdpx(tmp_path / "p.qdpx", _project([first, again, later]))
    report = import_qdpx(qdpx, tmp_path / "p.qwb", coder=CODER)
    assert report.counts["codings"] == 6
    with Project.open(tmp_path / "p.qwb", read_only=True) as project:
        uuids = [c.uuid for n in (0, 1, 2) for c in project.codings.of_source(_guid(1, n))]
    assert len(set(uuids)) == 6 and repeated in uuids and CODE not in uuids


def test_memory_does_not_grow_with_the_recorded_sources(tmp_path: Path) -> None:
    # Each recorded source's media codings are written (and let go) as the stream reaches it.
    def recorded(n: int) -> str:
        return _project([_audio(i, 400) for i in range(n)])

    _traced_peak(tmp_path, "warm", recorded(5))
    small = _traced_peak(tmp_path, "small", recorded(10))
    large = _traced_peak(tmp_path, "large", recorded(60))
    with Project.open(tmp_path / "large.qwb", read_only=True) as project:
        assert len(project.media_codings.for_source(_guid(1, 59))) == 400
    assert large < small * 1.1, (small, large)


def test_a_media_codings_guid_repeated_by_a_later_coding_gets_a_fresh_uuid(
    tmp_path: Path,
) -> None:
    repeated = _guid(3, 0)  # the media coding's GUID, repeated by the text coding of S1
    text = _source(1, 1).replace(_guid(3, 100_000), repeated)
    qdpx = make_qdpx(tmp_path / "p.qdpx", _project([_audio(0, 1), text]))
    report = import_qdpx(qdpx, tmp_path / "p.qwb", coder=CODER)
    assert report.counts["codings"] == 1 and report.counts["media codings"] == 1
    with Project.open(tmp_path / "p.qwb", read_only=True) as project:
        (timed,) = project.media_codings.for_source(_guid(1, 0))
        (coded,) = project.codings.of_source(_guid(1, 1))
    assert timed.uuid == repeated and coded.uuid != repeated


def test_the_media_codings_of_a_source_left_out_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_rows, "MAX_TEXT_CHARS", -1)  # every source is "too long"
    qdpx = make_qdpx(tmp_path / "p.qdpx", _project([_audio(0, 3), _audio(1, 3)]))
    report = import_qdpx(qdpx, tmp_path / "p.qwb", coder=CODER)
    assert report.counts["sources"] == 0
    assert "media codings in sources that were not imported (×6)" in report.skipped
