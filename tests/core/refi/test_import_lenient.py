"""Files from the wild the schema accepts but that lost data: ids that are not GUIDs, text paths
without a scheme, both shapes of two coders on one range, and elements nobody handles."""

from __future__ import annotations

from pathlib import Path

import pytest
from refi_helpers import make_qdpx, snapshot

from workbench.core.project import Project
from workbench.core.refi import import_qdpx

TEXT = "The board met in 2017. Budgets were cut; nobody objected. Then the vote."
SPANS = [(4, 9), (23, 35), (58, 72)]
HEAD = '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '


def _hand_written(path: Path, source_path: str = "internal://s1.txt") -> Path:
    """Ids as people and some tools write them (``code-001-…``, ``c001``); a NoteRef that
    points to a note later in the file; a user and a variable referred to by such ids."""
    selections = "".join(
        f'<PlainTextSelection guid="sel-{i}" startPosition="{s}" endPosition="{e}" '
        f'creatingUser="u1"><Coding guid="cod-{i}" creatingUser="u{1 + i % 2}">'
        f'<CodeRef targetGUID="{"code-001-budget" if i else "c001"}"/>'
        + ('<NoteRef targetGUID="n2"/>' if i == 1 else "")
        + "</Coding></PlainTextSelection>"
        for i, (s, e) in enumerate(SPANS)
    )
    qde = (
        HEAD + 'name="Board" origin="Handmade 1.0">'
        '<Users><User guid="u1" name="Ann"/><User guid="u2" name="Ben"/></Users>'
        '<CodeBook><Codes><Code guid="c001" name="board" isCodable="true">'
        '<NoteRef targetGUID="n1"/>'
        '<Code guid="code-001-budget" name="budget" isCodable="true"/></Code></Codes></CodeBook>'
        '<Variables><Variable guid="v1" name="year" typeOfVariable="Integer"/></Variables>'
        '<Cases><Case guid="case-a" name="Board A"><VariableValue><VariableRef targetGUID="v1"/>'
        '<IntegerValue>2017</IntegerValue></VariableValue><SourceRef targetGUID="s1"/></Case>'
        "</Cases>"
        f'<Sources><TextSource guid="s1" name="Minutes" plainTextPath="{source_path}">'
        f'{selections}<NoteRef targetGUID="n3"/></TextSource></Sources>'
        '<Notes><Note guid="n1" name="On the code" creatingUser="u2">'
        "<PlainTextContent>what counts as board</PlainTextContent></Note>"
        '<Note guid="n2" name="On a coding" creatingUser="u1">'
        "<PlainTextContent>a coding memo</PlainTextContent></Note>"
        '<Note guid="n3" name="On the source" creatingUser="u1">'
        "<PlainTextContent>a source memo</PlainTextContent></Note></Notes>"
        '<Sets><Set guid="set1" name="Money"><MemberCode targetGUID="code-001-budget"/></Set>'
        "</Sets></Project>"
    )
    name = source_path.removeprefix("internal://")
    return make_qdpx(path, qde, {f"sources/{name}": TEXT.encode()})


def test_ids_that_are_not_guids_import_completely(tmp_path: Path) -> None:
    report = import_qdpx(_hand_written(tmp_path / "h.qdpx"), tmp_path / "h.qwb", coder="Me")
    assert dict(report.counts) | {"coders": 0} == {
        "coders": 0,
        "sources": 1,
        "codes": 2,
        "codings": 3,
        "annotations": 0,
        "memos": 3,
        "cases": 1,
        "attributes": 1,
        "sets": 1,
        "relations": 0,
    }
    assert report.skipped == ()
    assert any("ids that are not GUIDs were read as they are" in w for w in report.warnings)
    with Project.open(tmp_path / "h.qwb", read_only=True) as project:
        codes = {c.uuid: c.name for c in project.codebook.all()}
        source = project.sources.list()[0]
        codings = sorted(
            (codes[c.code_uuid], c.coder, c.start, c.end)
            for c in project.codings.of_source(source.uuid)
        )
        memos = {m.text: (m.target_kind, m.target_label, m.author) for m in project.memos.list()}
        case = project.cases.list()[0]
    assert codings == [
        ("board", "Ann", 4, 9),
        ("budget", "Ann", 58, 72),
        ("budget", "Ben", 23, 35),  # the Coding's creatingUser wins over the selection's
    ]
    assert memos["what counts as board"][:2] == ("code", "code:board")
    assert memos["a coding memo"][0] == "coding"
    assert memos["a source memo"][:2] == ("source", "source:Minutes")
    assert memos["what counts as board"][2] == "Ben"
    assert case.sources == ("Minutes",) and case.attributes == {"year": 2017}


def test_importing_the_same_file_twice_gives_the_same_rows(tmp_path: Path) -> None:
    archive = _hand_written(tmp_path / "h.qdpx")
    import_qdpx(archive, tmp_path / "one.qwb", coder="Me")
    import_qdpx(archive, tmp_path / "two.qwb", coder="Me")
    with (
        Project.open(tmp_path / "one.qwb", read_only=True) as one,
        Project.open(tmp_path / "two.qwb", read_only=True) as two,
    ):
        first, second = snapshot(one), snapshot(two)
        uuids = {c.uuid for c in one.codebook.all()}
    # only the importing coder is new each time: it is not in the file
    for snap in (first, second):
        snap["coders"] = [c for c in snap["coders"] if c[1] != "Me"]
    assert first == second
    assert len(uuids) == 2 and "c001" not in uuids  # real uuids, derived from the raw ids


@pytest.mark.parametrize(
    "member", ["sources/board_2017.txt", "board_2017.txt", "Sources/BOARD_2017.TXT"]
)
def test_a_plain_text_path_without_a_scheme_is_read_inside_the_archive(
    tmp_path: Path, member: str
) -> None:
    qde = (
        HEAD + 'name="Relative">'
        '<CodeBook><Codes><Code guid="c1" name="x" isCodable="true"/></Codes></CodeBook>'
        '<Sources><TextSource guid="s1" name="Board" plainTextPath="board_2017.txt">'
        '<PlainTextSelection guid="p1" startPosition="4" endPosition="9">'
        '<Coding guid="k1"><CodeRef targetGUID="c1"/></Coding></PlainTextSelection>'
        "</TextSource></Sources>"
        '<Notes><Note guid="n1" name="Memo" plainTextPath="./memo.txt"/></Notes>'
        '<NoteRef targetGUID="n1"/></Project>'
    )
    archive = make_qdpx(
        tmp_path / "r.qdpx", qde, {member: TEXT.encode(), "sources/memo.txt": b"from a file"}
    )
    report = import_qdpx(archive, tmp_path / "r.qwb", coder="Me")
    assert (report.counts["sources"], report.counts["codings"], report.counts["memos"]) == (1, 1, 1)
    assert report.skipped == ()
    with Project.open(tmp_path / "r.qwb", read_only=True) as project:
        source = project.sources.list()[0]
        assert project.sources.text(source.uuid) == TEXT
        assert project.memos.list()[0].text == "from a file"


@pytest.mark.parametrize(
    "path", ["relative:///board_2017.txt", "absolute:///C:/data/board_2017.txt", "C:\\b.txt"]
)
def test_paths_outside_the_archive_are_not_read_and_say_so(tmp_path: Path, path: str) -> None:
    qde = (
        HEAD + 'name="Outside"><Sources>'
        f'<TextSource guid="s1" name="Board" plainTextPath="{path}"/></Sources></Project>'
    )
    archive = make_qdpx(tmp_path / "o.qdpx", qde, {"sources/board_2017.txt": TEXT.encode()})
    report = import_qdpx(archive, tmp_path / "o.qwb", coder="Me")
    assert report.counts["sources"] == 0
    assert report.skipped == ("sources whose text lies outside the archive (not read)",)


def test_two_coders_on_one_range_import_in_both_shapes(tmp_path: Path) -> None:
    users = '<Users><User guid="u1" name="Ann"/><User guid="u2" name="Ben"/></Users>'
    book = '<CodeBook><Codes><Code guid="c1" name="x" isCodable="true"/></Codes></CodeBook>'

    def coding(n: int, user: str) -> str:
        return f'<Coding guid="k{n}" creatingUser="{user}"><CodeRef targetGUID="c1"/></Coding>'

    shapes = {
        # one selection for the range, the coder on each Coding (the selection names the first)
        "grouped": '<PlainTextSelection guid="p1" startPosition="4" endPosition="9" '
        f'creatingUser="u1">{coding(1, "u1")}{coding(2, "u2")}</PlainTextSelection>',
        # one selection per (range, coder), as QualCoder reads and writes them
        "per coder": '<PlainTextSelection guid="p1" startPosition="4" endPosition="9" '
        f'creatingUser="u1">{coding(1, "u1")}</PlainTextSelection>'
        '<PlainTextSelection guid="p2" startPosition="4" endPosition="9" '
        f'creatingUser="u2">{coding(2, "u2")}</PlainTextSelection>',
        # the coder only on the selection
        "selection only": '<PlainTextSelection guid="p1" startPosition="4" endPosition="9" '
        'creatingUser="u1"><Coding guid="k1"><CodeRef targetGUID="c1"/></Coding>'
        '</PlainTextSelection><PlainTextSelection guid="p2" startPosition="4" endPosition="9" '
        'creatingUser="u2"><Coding guid="k2"><CodeRef targetGUID="c1"/></Coding>'
        "</PlainTextSelection>",
    }
    for n, (shape, selections) in enumerate(shapes.items()):
        qde = (
            HEAD + f'name="Two">{users}{book}<Sources><TextSource guid="s1" name="S">'
            f"<PlainTextContent>{TEXT}</PlainTextContent>{selections}</TextSource></Sources>"
            "</Project>"
        )
        archive = make_qdpx(tmp_path / f"{n}.qdpx", qde)
        import_qdpx(archive, tmp_path / f"{n}.qwb", coder="Me")
        with Project.open(tmp_path / f"{n}.qwb", read_only=True) as project:
            source = project.sources.list()[0].uuid
            got = sorted((c.coder, c.start, c.end) for c in project.codings.of_source(source))
        assert got == [("Ann", 4, 9), ("Ben", 4, 9)], shape


def test_every_element_not_carried_over_is_counted(tmp_path: Path) -> None:
    qde = (
        HEAD + 'name="Everything">'
        '<Users><User guid="u1" name="Ann"/></Users>'
        '<CodeBook><Codes><Code guid="c1" name="x" isCodable="true"><Extra/>'
        '<Code guid="c2" name="y" isCodable="true"><Extra/></Code></Code></Codes></CodeBook>'
        "<Sources>"
        '<TextSource guid="s1" name="S"><Description>what the source is</Description>'
        f"<PlainTextContent>{TEXT}</PlainTextContent>"
        '<PlainTextSelection guid="p1" startPosition="4" endPosition="9">'
        '<Coding guid="k1"><CodeRef targetGUID="c1"/><Extra/></Coding><Extra/>'
        '</PlainTextSelection><Coding guid="k2"><CodeRef targetGUID="c1"/></Coding>'
        "<Extra/></TextSource>"
        '<PictureSource guid="i1" path="internal://i1.png"><Description>d</Description>'
        '<PictureSelection guid="i2" firstX="1" firstY="1" secondX="2" secondY="2">'
        '<Coding guid="k3"><CodeRef targetGUID="c1"/></Coding></PictureSelection>'
        '<Coding guid="k4"><CodeRef targetGUID="c1"/></Coding><NoteRef targetGUID="n2"/>'
        "</PictureSource>"
        '<AudioSource guid="a1" path="internal://a1.mp3">'
        '<Transcript guid="t1"><TranscriptSelection guid="t2" fromSyncPoint="x" toSyncPoint="y">'
        '<Coding guid="k5"><CodeRef targetGUID="c1"/></Coding></TranscriptSelection>'
        '</Transcript><AudioSelection guid="a2" begin="0" end="5"/></AudioSource>'
        '<PDFSource guid="d1" path="internal://d1.pdf"><PDFSelection guid="d2" page="1" '
        'firstX="1" firstY="1" secondX="2" secondY="2"/></PDFSource>'
        "</Sources>"
        '<Notes><Note guid="n1" name="Note"><PlainTextContent>t</PlainTextContent>'
        '<PlainTextSelection guid="n1s" startPosition="0" endPosition="1">'
        '<Coding guid="k6"><CodeRef targetGUID="c1"/></Coding></PlainTextSelection>'
        '<NoteRef targetGUID="n2"/></Note>'
        '<Note guid="n2" name="On the picture"><PlainTextContent>p</PlainTextContent><Extra/>'
        "</Note>"
        "</Notes>"
        '<Links><Link guid="l1" originGUID="c1" targetGUID="s1"><NoteRef targetGUID="n1"/>'
        "</Link></Links>"
        '<Sets><Set guid="z1" name="Notes only"><MemberNote targetGUID="n1"/></Set></Sets>'
        '<Graphs><Graph guid="g1"><Vertex guid="v" firstX="1" firstY="1"/></Graph></Graphs>'
        "<Vendor/></Project>"
    )
    report = import_qdpx(make_qdpx(tmp_path / "e.qdpx", qde), tmp_path / "e.qwb", coder="Me")
    assert sorted(report.skipped) == sorted(
        [
            "<Vendor> elements inside <Project> (not in the schema)",
            "<Extra> elements inside <Code> (not in the schema) (×2)",
            "<Extra> elements inside <Note> (not in the schema)",
            "<Extra> elements inside <TextSource> (not in the schema)",
            "<Extra> elements inside <PlainTextSelection> (not in the schema)",
            "<Extra> elements inside <Coding> (not in the schema)",
            "codings of whole sources (no text range)",
            "picture sources (the workbench holds text only)",
            "selections in picture sources",
            "codings of selections in picture sources",
            "codings of whole picture sources",
            "descriptions of picture sources",
            "transcripts without any text",
            "transcript selections without both sync points",
            "codings of transcript selections without both sync points",
            "area selections in PDFs",
            "PDF sources without a plain-text representation",
            "notes attached to links",
            "links between items the workbench cannot relate",
            "codings inside notes",
            "attachments of notes to notes that are not annotations",
            "text ranges of notes that no source refers to (each note became a memo on the "
            "project, without its range)",
            "notes in sets",
            "graphs (network views)",
        ]
    )
    assert "notes attached to items that were not imported became project memos" in (
        report.warnings
    )
    with Project.open(tmp_path / "e.qwb", read_only=True) as project:
        memos = {m.title: (m.target_kind, m.text) for m in project.memos.list()}
    assert memos["Description"] == ("source", "what the source is")


def test_a_note_with_its_own_range_linked_to_a_source_is_an_annotation(tmp_path: Path) -> None:
    qde = (
        HEAD + 'name="Linked">'
        '<Variables><Variable guid="v1" name="year" typeOfVariable="Integer">'
        "<Description>the year of the meeting</Description></Variable></Variables>"
        '<Sources><TextSource guid="s1" name="Minutes">'
        f"<PlainTextContent>{TEXT}</PlainTextContent></TextSource></Sources>"
        '<Notes><Note guid="n1"><PlainTextContent>cuts!</PlainTextContent>'
        '<PlainTextSelection guid="n1s" startPosition="23" endPosition="35"/></Note></Notes>'
        '<Links><Link guid="l1" originGUID="n1" targetGUID="s1"/></Links></Project>'
    )
    report = import_qdpx(make_qdpx(tmp_path / "l.qdpx", qde), tmp_path / "l.qwb", coder="Me")
    with Project.open(tmp_path / "l.qwb", read_only=True) as project:
        annotations = [(a.source, a.start, a.end, a.text) for a in project.annotations.list()]
    assert annotations == [("Minutes", 23, 35, "cuts!")]
    assert report.skipped == ("descriptions of variables",)


def test_what_hangs_on_a_source_that_is_not_imported_is_reported(tmp_path: Path) -> None:
    qde = (
        HEAD + 'name="Lost">'
        '<CodeBook><Codes><Code guid="c1" name="x" isCodable="true"/></Codes></CodeBook>'
        '<Variables><Variable guid="v1" name="year" typeOfVariable="Integer"/></Variables>'
        '<Sources><TextSource guid="s1" name="Gone" plainTextPath="internal://gone.txt">'
        "<Description>about it</Description>"
        '<PlainTextSelection guid="p1" startPosition="0" endPosition="3">'
        '<Coding guid="k1"><CodeRef targetGUID="c1"/><NoteRef targetGUID="n1"/></Coding>'
        '</PlainTextSelection><NoteRef targetGUID="n2"/><VariableValue>'
        '<VariableRef targetGUID="v1"/><IntegerValue>1</IntegerValue></VariableValue>'
        "</TextSource></Sources>"
        '<Notes><Note guid="n1" name="a"><PlainTextContent>on the coding</PlainTextContent></Note>'
        '<Note guid="n2" name="b"><PlainTextContent>on the source</PlainTextContent></Note>'
        "</Notes></Project>"
    )
    report = import_qdpx(make_qdpx(tmp_path / "g.qdpx", qde), tmp_path / "g.qwb", coder="Me")
    assert report.skipped == (
        "sources whose text file is missing from the archive",
        "codings in sources that were not imported",
        "variable values of sources that were not imported",
        "descriptions of sources that were not imported",
    )
    assert (
        report.warnings.count(
            "notes attached to items that were not imported became project memos (×2)"
        )
        == 1
    )


def test_a_note_on_an_annotation_note_is_a_memo_on_that_annotation(tmp_path: Path) -> None:
    # the memo (n0) comes first in the file and points into the annotation note's selection;
    # the same annotation is also written as a Description, as a writer serving both idioms may
    qde = (
        HEAD + 'name="Memo on annotation">'
        '<Sources><TextSource guid="s1" name="Minutes">'
        f"<PlainTextContent>{TEXT}</PlainTextContent>"
        '<PlainTextSelection guid="d1" startPosition="23" endPosition="35">'
        "<Description>cuts!</Description></PlainTextSelection>"
        '<NoteRef targetGUID="n1"/><NoteRef targetGUID="n2"/></TextSource></Sources>'
        '<Notes><Note guid="n0" name="why"><PlainTextContent>ask the treasurer</PlainTextContent>'
        "</Note>"
        '<Note guid="n1"><PlainTextContent>cuts!</PlainTextContent>'
        '<PlainTextSelection guid="n1s" startPosition="23" endPosition="35"/></Note>'
        '<Note guid="n2"><PlainTextContent>the vote</PlainTextContent>'
        '<PlainTextSelection guid="n2s" startPosition="58" endPosition="72">'
        '<NoteRef targetGUID="n0"/></PlainTextSelection></Note></Notes></Project>'
    )
    report = import_qdpx(make_qdpx(tmp_path / "m.qdpx", qde), tmp_path / "m.qwb", coder="Me")
    with Project.open(tmp_path / "m.qwb", read_only=True) as project:
        annotations = {a.uuid: (a.start, a.end, a.text) for a in project.annotations.list()}
        memo = project.memos.list()[0]
    assert sorted(annotations.values()) == [(23, 35, "cuts!"), (58, 72, "the vote")]
    assert memo.target_kind == "annotation"
    assert annotations[memo.target_uuid or ""] == (58, 72, "the vote")
    assert report.skipped == ()
    assert "annotations written both as a note and as a Description were kept once" in (
        report.warnings
    )


def test_control_characters_in_names_are_replaced_not_kept(tmp_path: Path) -> None:
    # XML 1.0 allows DEL and C1 characters; no name the app shows may hold them.
    qde = (
        HEAD + 'name="Board">'
        '<Users><User guid="u1" name="Ann&#x7f;Lee"/></Users>'
        '<CodeBook><Codes><Code guid="c001" name="bo&#x85;ard" isCodable="true"/></Codes>'
        "</CodeBook>"
        '<Sources><TextSource guid="s1" name="Min&#x9b;utes" plainTextPath="internal://s1.txt">'
        '<PlainTextSelection guid="sel-0" startPosition="4" endPosition="9" creatingUser="u1">'
        '<Coding guid="cod-0" creatingUser="u1"><CodeRef targetGUID="c001"/></Coding>'
        "</PlainTextSelection></TextSource></Sources>"
        '<Cases><Case guid="k1" name="Case&#x80;A"><SourceRef targetGUID="s1"/></Case></Cases>'
        "</Project>"
    )
    path = make_qdpx(tmp_path / "c.qdpx", qde, {"sources/s1.txt": TEXT.encode()})
    import_qdpx(path, tmp_path / "c.qwb", coder="Me")
    with Project.open(tmp_path / "c.qwb", read_only=True) as project:
        names = [c.name for c in project.codebook.all()]
        names += [s.name for s in project.sources.list()]
        names += [c.name for c in project.cases.list()]
        names += [c.name for c in project.coders.list()]
    assert {"bo ard", "Min utes", "Case A", "Ann Lee"} <= set(names)
