"""Real-world REFI-QDA variations (NOTES.md): NVivo's UTF-16 offsets, ATLAS.ti's CRLF counting,
GUID spelling, folder and file names, MAXQDA annotations and unnamed cases, NVivo note links."""

from __future__ import annotations

from pathlib import Path

from refi_helpers import make_qdpx

from workbench.core.project import Project
from workbench.core.refi import import_qdpx

RAW = "\ufeffA: 😀 great\r\nB: café 👍 done\r\nC: last line\r\n"
G = {
    "user": "{0A1B2C3D-0000-4000-8000-00000000000A}",
    "code": "{0A1B2C3D-0000-4000-8000-0000000000C1}",
    "code2": "0A1B2C3D-0000-4000-8000-0000000000C2",
    "source": "{0A1B2C3D-0000-4000-8000-0000000000F1}",
}
WANTED = ["great", "café 👍", "last"]


def utf16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def positions(convention: str) -> list[tuple[int, int]]:
    body = RAW.removeprefix("\ufeff")
    if convention == "crlf-as-one":
        body = body.replace("\r\n", "\n")
    out = []
    for word in WANTED:
        start = body.index(word)
        end = start + len(word)
        if convention == "utf16":
            start, end = utf16(body, start), utf16(body, end)
        out.append((start, end))
    return out


def qde(origin: str, spans: list[tuple[int, int]], folder: str = "Sources") -> str:
    selections = "".join(
        f'<PlainTextSelection guid="{{0A1B2C3D-0000-4000-8000-00000000051{i}}}" '
        f'startPosition="{s}" endPosition="{e}" creatingUser="{G["user"].lower()}">'
        f'<Coding guid="0a1b2c3d-0000-4000-8000-00000000c0d{i}"><CodeRef targetGUID="'
        f'{G["code"]}"/></Coding></PlainTextSelection>'
        for i, (s, e) in enumerate(spans)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Quirks" origin="{origin}">'
        f'<Users><User guid="{G["user"]}" name="Nora"/></Users>'
        f'<CodeBook><Codes><Code guid="{G["code"]}" name="Feeling" isCodable="true" '
        f'color="#ABC"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{G["source"]}" name="Interview" '
        f'plainTextPath="internal://{G["source"][1:-1]}.TXT">{selections}</TextSource></Sources>'
        "</Project>"
    )


def coded_texts(path: Path) -> tuple[list[str], str, str]:
    with Project.open(path, read_only=True) as project:
        segments = project.codings.segments()
        coder = segments[0].coder if segments else ""
        return [s.text for s in segments], coder, segments[0].code_uuid if segments else ""


def _archive(tmp_path: Path, origin: str, convention: str, name: str = "Trial.qde") -> Path:
    text_name = f"Sources/{G['source'][1:-1].lower()}.txt"
    return make_qdpx(
        tmp_path / "in.qdpx",
        qde(origin, positions(convention)),
        {text_name: RAW.encode("utf-8")},
        qde_name=name,
    )


def test_nvivo_counts_utf16_units_without_the_bom(tmp_path: Path) -> None:
    source = _archive(tmp_path, "NVivo 12 for Windows", "utf16")
    report = import_qdpx(source, tmp_path / "out.qwb", coder="Tester")
    assert not report.skipped and not report.warnings
    texts, coder, code = coded_texts(tmp_path / "out.qwb")
    assert sorted(texts) == sorted(WANTED)
    assert coder == "Nora" and code == "0a1b2c3d-0000-4000-8000-0000000000c1"
    with Project.open(tmp_path / "out.qwb", read_only=True) as project:
        source_info = project.sources.list()[0]
        text = project.sources.text(source_info.uuid)
        color = project.codebook.all()[0].color
    assert source_info.uuid == "0a1b2c3d-0000-4000-8000-0000000000f1"
    assert text == RAW[1:].replace("\r\n", "\n") and color == "#aabbcc"


def test_atlas_counts_crlf_once(tmp_path: Path) -> None:
    source = _archive(tmp_path, "ATLAS.ti 9.1 Windows", "crlf-as-one", name="project.qde")
    import_qdpx(source, tmp_path / "out.qwb", coder="Tester")
    assert sorted(coded_texts(tmp_path / "out.qwb")[0]) == sorted(WANTED)


def test_standard_code_points_by_default(tmp_path: Path) -> None:
    source = _archive(tmp_path, "QualCoder 3.5", "codepoints")
    report = import_qdpx(source, tmp_path / "out.qwb", coder="Tester")
    assert not report.warnings
    assert sorted(coded_texts(tmp_path / "out.qwb")[0]) == sorted(WANTED)


def test_positions_that_only_fit_utf16_are_read_as_utf16(tmp_path: Path) -> None:
    spans = positions("utf16")
    spans[-1] = (spans[-1][0], utf16(RAW[1:], len(RAW) - 1))  # past the code-point length
    text_name = f"sources/{G['source'][1:-1]}.txt"
    source = make_qdpx(tmp_path / "in.qdpx", qde("Some tool", spans), {text_name: RAW.encode()})
    report = import_qdpx(source, tmp_path / "out.qwb", coder="Tester")
    assert any("UTF-16" in w for w in report.warnings)
    texts = coded_texts(tmp_path / "out.qwb")[0]
    assert "great" in texts and "café 👍" in texts


def test_selections_that_fit_nowhere_are_reported(tmp_path: Path) -> None:
    spans = [*positions("codepoints"), (5, 10_000)]
    text_name = f"sources/{G['source'][1:-1]}.txt"
    source = make_qdpx(tmp_path / "in.qdpx", qde("Tool", spans), {text_name: RAW.encode()})
    report = import_qdpx(source, tmp_path / "out.qwb", coder="Tester")
    assert "selections outside their source's text" in report.skipped
    assert report.counts["codings"] == 3


GUID = "0a1b2c3d-0000-4000-8000-{:012x}".format


def test_maxqda_and_nvivo_idioms(tmp_path: Path) -> None:
    text = "Hello world. Second sentence here."
    doc = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Idioms" origin="MAXQDA 2022">
 <Users><User guid="{GUID(1)}" name="Ann"/></Users>
 <CodeBook><Codes>
  <Code guid="{GUID(2)}" name="Topics" isCodable="false" color="rgb(10, 20, 30)">
   <Description>All topics</Description>
   <Code guid="{GUID(3)}" name="Greeting" isCodable="true" color="red"/>
  </Code>
  <Code guid="{GUID(4)}" name="Other" isCodable="true"/>
 </Codes></CodeBook>
 <Variables>
  <Variable guid="{GUID(5)}" name="Age" typeOfVariable="Integer"/>
  <Variable guid="{GUID(6)}" name="Seen" typeOfVariable="Date"/>
  <Variable guid="{GUID(7)}" name="Stamp" typeOfVariable="DateTime"/>
 </Variables>
 <Cases>
  <Case guid="{GUID(8)}" name="P1">
   <VariableValue><VariableRef targetGUID="{GUID(5)}"/><IntegerValue>41</IntegerValue>
   </VariableValue>
   <SourceRef targetGUID="{GUID(20)}"/>
  </Case>
  <Case guid="{GUID(9)}">
   <VariableValue><VariableRef targetGUID="{GUID(6)}"/><DateValue>2024-05-01Z</DateValue>
   </VariableValue>
   <SourceRef targetGUID="{GUID(20)}"/>
  </Case>
 </Cases>
 <Sources>
  <TextSource guid="{GUID(20)}" name="Doc">
   <PlainTextContent>{text}</PlainTextContent>
   <PlainTextSelection guid="{GUID(21)}" startPosition="0" endPosition="5"
     creatingUser="{GUID(99)}">
    <Description>A greeting, MAXQDA style</Description>
   </PlainTextSelection>
   <PlainTextSelection guid="{GUID(22)}" startPosition="0" endPosition="11">
    <Coding guid="{GUID(23)}" creatingUser="{GUID(1)}"><CodeRef targetGUID="{GUID(3)}"/>
    </Coding>
    <Coding guid="{GUID(24)}" creatingUser="{GUID(1)}"><CodeRef targetGUID="{GUID(77)}"/>
    </Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="{GUID(25)}" startPosition="13" endPosition="19"/>
   <VariableValue><VariableRef targetGUID="{GUID(7)}"/>
    <DateTimeValue>2024-05-01T10:00:00Z</DateTimeValue></VariableValue>
  </TextSource>
  <PDFSource guid="{GUID(30)}" name="Paper.pdf" path="internal://{GUID(30)}.pdf">
   <PDFSelection guid="{GUID(31)}" page="0" firstX="1" firstY="1" secondX="2" secondY="2"/>
   <Representation guid="{GUID(32)}" plainTextPath="internal://{GUID(32)}.txt">
    <PlainTextSelection guid="{GUID(33)}" startPosition="0" endPosition="3">
     <Coding guid="{GUID(34)}"><CodeRef targetGUID="{GUID(4)}"/></Coding>
    </PlainTextSelection>
   </Representation>
  </PDFSource>
 </Sources>
 <Notes>
  <Note guid="{GUID(40)}" name="NVivo annotation" creatingUser="{GUID(1)}">
   <PlainTextContent>Linked to a bare selection</PlainTextContent></Note>
  <Note guid="{GUID(41)}" name="About P1"><PlainTextContent>case memo</PlainTextContent></Note>
  <Note guid="{GUID(42)}" name="Loose"><PlainTextContent>project memo</PlainTextContent></Note>
 </Notes>
 <Links>
  <Link guid="{GUID(50)}" originGUID="{GUID(40)}" targetGUID="{GUID(25)}"/>
  <Link guid="{GUID(51)}" originGUID="{GUID(41)}" targetGUID="{GUID(8)}"/>
  <Link guid="{GUID(52)}" name="leads to" originGUID="{GUID(3)}" targetGUID="{GUID(4)}"/>
 </Links>
 <Sets>
  <Set guid="{GUID(60)}" name="Mixed"><MemberCode targetGUID="{GUID(3)}"/>
   <MemberSource targetGUID="{GUID(20)}"/></Set>
 </Sets>
</Project>"""
    source = make_qdpx(tmp_path / "in.qdpx", doc, {f"sources/{GUID(32)}.txt": b"PDF text"})
    report = import_qdpx(source, tmp_path / "out.qwb", coder="Tester")
    assert "codings with a code that is not in the codebook" in report.skipped
    assert "area selections in PDFs" in report.skipped
    notes = "\n".join(report.warnings)
    assert 'isCodable="false"' not in notes and "became source attributes" in notes
    assert "colours" in notes and "date-and-time" in notes and "split into two" in notes
    with Project.open(tmp_path / "out.qwb", read_only=True) as project:
        codes = {c.name: c for c in project.codebook.all()}
        assert {n: c.codable for n, c in codes.items()} == {
            "Topics": False,
            "Greeting": True,
            "Other": True,
        }
        sources = {s.name: s for s in project.sources.list()}
        notes_by_text = {a.text: a for a in project.annotations.list()}
        memos = {m.title: m for m in project.memos.list()}
        cases = {c.name: c for c in project.cases.list()}
        sets = {(s.name, s.kind) for s in project.sets.list()}
        relations = project.map.relations()
        segments = project.codings.segments()
        coders = {c.name for c in project.coders.list()}
    assert codes["Topics"].color == "#0a141e" and codes["Greeting"].parent_uuid == GUID(2)
    assert codes["Topics"].description == "All topics"
    assert set(sources) == {"Doc", "Paper.pdf"}
    assert sources["Paper.pdf"].original_format == "pdf"
    assert sources["Doc"].attributes == {"Seen": "2024-05-01", "Stamp": "2024-05-01T10:00:00Z"}
    assert cases["P1"].attributes == {"Age": 41} and cases["P1"].sources == ("Doc",)
    assert set(cases) == {"P1"}
    assert notes_by_text["A greeting, MAXQDA style"].coder == "User 0a1b2c3d"
    bare = notes_by_text["Linked to a bare selection"]
    assert (bare.start, bare.end, bare.coder) == (13, 19, "Ann")
    assert memos["About P1"].target_kind == "case" and memos["Loose"].target_kind == "project"
    assert "NVivo annotation" not in memos
    assert sets == {("Mixed", "code"), ("Mixed", "source")}
    assert [(r.from_uuid, r.to_uuid, r.label) for r in relations] == [
        (GUID(3), GUID(4), "leads to")
    ]
    assert sorted((s.source, s.text, s.coder) for s in segments) == [
        ("Doc", "Hello world", "Ann"),
        ("Paper.pdf", "PDF", "Tester"),
    ]
    assert "User 0a1b2c3d" in coders


def test_other_qda_namespace_versions_are_read(tmp_path: Path) -> None:
    doc = (
        '<Project xmlns="urn:QDA-XML:project:0:4" name="Old"><CodeBook><Codes>'
        f'<Code guid="{GUID(1)}" name="A" isCodable="true"/></Codes></CodeBook></Project>'
    )
    report = import_qdpx(make_qdpx(tmp_path / "in.qdpx", doc), tmp_path / "o.qwb", coder="T")
    assert report.counts["codes"] == 1 and "urn:QDA-XML:project:0:4" in report.warnings[0]


def test_schema_violations_are_a_warning_on_import(tmp_path: Path) -> None:
    doc = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Loose"><CodeBook><Codes>'
        '<Code guid="not-a-guid" name="A" isCodable="maybe" color="blue"/>'
        "</Codes></CodeBook></Project>"
    )
    report = import_qdpx(make_qdpx(tmp_path / "in.qdpx", doc), tmp_path / "o.qwb", coder="T")
    assert report.counts["codes"] == 1
    assert any("does not follow the REFI-QDA schema" in w for w in report.warnings)


def test_a_second_value_for_the_same_variable_is_reported(tmp_path: Path) -> None:
    value = (
        f'<VariableValue><VariableRef targetGUID="{GUID(5)}"/><TextValue>{{}}</TextValue>'
        "</VariableValue>"
    )
    doc = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Twice">'
        f'<Variables><Variable guid="{GUID(5)}" name="Mode" typeOfVariable="Text"/></Variables>'
        f'<Cases><Case guid="{GUID(8)}">{value.format("from the case")}'
        f'<SourceRef targetGUID="{GUID(20)}"/></Case></Cases>'
        f'<Sources><TextSource guid="{GUID(20)}" name="Doc"><PlainTextContent>Text'
        f"</PlainTextContent>{value.format('from the source')}</TextSource></Sources></Project>"
    )
    report = import_qdpx(make_qdpx(tmp_path / "in.qdpx", doc), tmp_path / "o.qwb", coder="T")
    assert "second values of a variable for the same case or source" in report.skipped
    with Project.open(tmp_path / "o.qwb", read_only=True) as project:
        assert project.sources.list()[0].attributes == {"Mode": "from the source"}
