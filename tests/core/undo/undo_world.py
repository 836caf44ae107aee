"""A small, realistic project with a bit of everything, for the undo round trips."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.project import Project

CODER = "Maya Chen"
P01 = (
    "Interviewer: How did you meet your mentor?\n\n"
    "P01: We met on Zoom 😀 after the programme matched us. It felt awkward at first.\n\n"
    "Interviewer: And now?\n\n"
    "P01: Now we use Slack every day and a video call each Friday.\n"
)


@dataclass(frozen=True)
class World:
    """The uuids of a small project with a bit of everything (see ``world``)."""

    s1: str
    s2: str
    tools: str
    zoom: str
    slack: str
    feelings: str
    awkward: str
    unused: str
    c_zoom: str
    c_slack: str
    c_awkward: str
    c_ana: str
    c_ben: str
    note: str
    note_memo: str
    project_memo: str
    code_memo: str
    coding_memo: str
    case: str
    link: str
    age: str
    site: str
    code_set: str
    source_set: str
    relation: str


def build_world(project: Project) -> World:
    """Two sources, a two-level codebook, codings by three coders (Ana and Ben disagree on
    "Tools" in P02), an annotation with a memo, memos on the project, a code and a coding, a
    case linked to P01 with a case and a source attribute, a code set and a source set, a
    relation with map positions, and P01 marked done."""
    p = project
    source = p.sources.add(name="P01", text=P01, coder=CODER).created[-1]
    s2 = p.sources.add(
        name="P02",
        text="Interviewer: Which tools?\n\nP02: Teams at work, WhatsApp with family.\n",
        coder=CODER,
    ).created[-1]
    tools = p.codebook.add(name="Tools", coder=CODER, description="Software").created[0]
    zoom = p.codebook.add(name="Zoom", parent=tools, coder=CODER).created[0]
    slack = p.codebook.add(name="Slack", parent=tools, coder=CODER).created[0]
    feelings = p.codebook.add(name="Feelings", coder=CODER).created[0]
    awkward = p.codebook.add(name="Awkward", parent=feelings, coder=CODER).created[0]
    unused = p.codebook.add(name="Unused", parent=feelings, coder=CODER).created[0]
    c_zoom = p.codings.apply(source=source, code=zoom, start=59, end=63, coder=CODER).created[0]
    c_slack = p.codings.apply(source=source, code=slack, start=164, end=169, coder=CODER)
    c_awk = p.codings.apply(source=source, code=awkward, start=98, end=122, coder=CODER)
    c_ana = p.codings.apply(source=s2, code=tools, start=32, end=37, coder="Ana").created[-1]
    c_ben = p.codings.apply(source=s2, code=tools, start=32, end=67, coder="Ben").created[-1]
    note = p.annotations.add(source=source, start=44, end=47, text="Check", coder=CODER)
    note_memo = p.memos.add(
        text="On the note", target_kind="annotation", target=note.created[0], coder=CODER
    )
    project_memo = p.memos.add(text="Overall", title="Plan", coder=CODER).created[0]
    code_memo = p.memos.add(text="Why", target_kind="code", target=zoom, coder=CODER).created[0]
    coding_memo = p.memos.add(text="Hm", target_kind="coding", target=c_zoom, coder=CODER)
    case = p.cases.add(name="Alex", coder=CODER).created[0]
    link = p.cases.link(case=case, source=source, coder=CODER).created[0]
    age = p.cases.define_attribute(name="Age", type="number", coder=CODER).created[0]
    p.cases.set_value(scope="case", item=case, attribute="Age", value=34, coder=CODER)
    site = p.cases.define_attribute(name="Site", type="text", scope="source", coder=CODER)
    p.cases.set_value(scope="source", item=source, attribute="Site", value="Leeds", coder=CODER)
    code_set = p.sets.create(name="Digital", kind="code", members=[zoom, slack], coder=CODER)
    source_set = p.sets.create(name="Wave 1", kind="source", members=[source], coder=CODER)
    relation = p.map.relate(from_code=zoom, to_code=slack, label="unlike", coder=CODER)
    p.map.place(positions={zoom: (10.0, 20.0), slack: (80.0, 20.0)}, coder=CODER)
    p.sources.set_done(source=source, coder=CODER)
    return World(
        s1=source,
        s2=s2,
        tools=tools,
        zoom=zoom,
        slack=slack,
        feelings=feelings,
        awkward=awkward,
        unused=unused,
        c_zoom=c_zoom,
        c_slack=c_slack.created[0],
        c_awkward=c_awk.created[0],
        c_ana=c_ana,
        c_ben=c_ben,
        note=note.created[0],
        note_memo=note_memo.created[0],
        project_memo=project_memo,
        code_memo=code_memo,
        coding_memo=coding_memo.created[0],
        case=case,
        link=link,
        age=age,
        site=site.created[0],
        code_set=code_set.created[0],
        source_set=source_set.created[0],
        relation=relation.created[0],
    )
