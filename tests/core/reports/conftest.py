"""Report fixtures: the demo project (built once, opened read-only) and a small hand-made study."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_helpers import LEAD, SECOND, TEXT_A, TEXT_B, Study, span

from workbench.core.demo import build_demo
from workbench.core.project import Project


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("reports-demo") / "demo.qwb")


@pytest.fixture(scope="session")
def demo(demo_template: Path) -> Iterator[Project]:
    """The demo project, shared read-only by the tests that only read it."""
    with Project.open(demo_template, read_only=True) as project:
        yield project


@pytest.fixture
def demo_copy(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    """A writable copy of the demo project."""
    path = tmp_path / "demo-copy.qwb"
    shutil.copyfile(demo_template, path)
    with Project.open(path) as project:
        yield project


@pytest.fixture
def study(project: Project) -> Study:
    """Codes T/C/{X, Y} and U; sources A (Ann) and B (Bob); cases Ann (age 20-29, mentee) and
    Bob (30-39, mentor). Codings (coder: code, text):

    A: lead X "We talk on Zoom every week."; lead Y "Zoom works well." (no overlap with the first);
       second X "We talk on Zoom" (overlaps lead X); lead U "How do you keep in touch?"
       (interviewer); lead Y "Email is slow"; lead X "Email is slow, so I prefer Zoom calls."
    B: lead X "Slack messages all day"; second Y "Slack messages" (overlaps, other coder);
       lead Y "a Zoom call on Friday" (28 characters after "Slack messages all day" ends).
    """
    p = project
    ids: dict[str, str] = {}
    ids["T"] = p.codebook.add(name="T", coder=LEAD, description="Theme T").created[0]
    ids["C"] = p.codebook.add(name="C", parent=ids["T"], coder=LEAD).created[0]
    ids["X"] = p.codebook.add(name="X", parent=ids["C"], coder=LEAD, color="#aa0000").created[0]
    ids["Y"] = p.codebook.add(name="Y", parent=ids["C"], coder=LEAD).created[0]
    ids["U"] = p.codebook.add(name="U", coder=LEAD).created[0]
    src = {
        "A": p.sources.add(name="A", text=TEXT_A, coder=LEAD).created[-1],
        "B": p.sources.add(name="B", text=TEXT_B, coder=LEAD).created[-1],
    }
    p.cases.define_attribute(name="age", type="choice", choices=["20-29", "30-39"], coder=LEAD)
    p.cases.define_attribute(name="role", type="text", coder=LEAD)
    cases = {}
    for name, source, age, role in (
        ("Ann", "A", "20-29", "mentee"),
        ("Bob", "B", "30-39", "mentor"),
    ):
        cases[name] = p.cases.add(name=name, coder=LEAD).created[0]
        p.cases.link(case=cases[name], source=src[source], coder=LEAD)
        p.cases.set_value(scope="case", item=cases[name], attribute="age", value=age, coder=LEAD)
        p.cases.set_value(scope="case", item=cases[name], attribute="role", value=role, coder=LEAD)
    codings: dict[str, str] = {}

    def code(label: str, source: str, code: str, needle: str, coder: str = LEAD) -> None:
        text = TEXT_A if source == "A" else TEXT_B
        start, end = span(text, needle)
        changes = p.codings.apply(
            source=src[source], code=ids[code], start=start, end=end, coder=coder
        )
        codings[label] = changes.created[-1]

    code("a1", "A", "X", "We talk on Zoom every week.")
    code("a2", "A", "Y", "Zoom works well.")
    code("a3", "A", "X", "We talk on Zoom", coder=SECOND)
    code("a4", "A", "U", "How do you keep in touch?")
    code("a5", "A", "Y", "Email is slow")
    code("a6", "A", "X", "Email is slow, so I prefer Zoom calls.")
    code("b1", "B", "X", "Slack messages all day")
    code("b2", "B", "Y", "Slack messages", coder=SECOND)
    code("b3", "B", "Y", "a Zoom call on Friday")
    return Study(p, ids, src, cases, codings)
