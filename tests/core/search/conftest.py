"""Search fixtures: a small study with turns, cases, attributes, codings, memos and codes."""

from __future__ import annotations

import pytest
from search_study import CODER, GROUP, P01, P02, Study

from workbench.core.project import Project

__all__ = ["study"]


@pytest.fixture
def study(project: Project) -> Study:
    p01 = project.sources.add(name="P01", text=P01, coder=CODER).created[-1]
    p02 = project.sources.add(name="P02", text=P02, coder=CODER).created[-1]
    group = project.sources.add(name="Focus group", text=GROUP, coder=CODER).created[-1]
    tools = project.codebook.add(name="Tools", coder=CODER).created[-1]
    video = project.codebook.add(name="Video", parent=tools, coder=CODER).created[-1]
    trust = project.codebook.add(
        name="Trust", description="Feeling confident in the mentor.", coder=CODER
    ).created[-1]
    for source, text in ((p01, P01), (p02, P02)):
        start = 0
        while (start := text.find("Zoom", start)) >= 0:
            project.codings.apply(
                source=source, code=video, start=start - 3, end=start + 5, coder=CODER
            )
            start += 4
    memo = project.memos.add(
        title="Mentors and trust", text="Trust in mentors grows with confidence.", coder=CODER
    ).created[-1]
    project.cases.define_attribute(name="sector", scope="case", type="text", coder=CODER)
    project.cases.define_attribute(name="age", scope="case", type="number", coder=CODER)
    for name, sector, age in (("Alice", "Healthcare", 34), ("Bob", "Education", 51)):
        case = project.cases.add(name=name, coder=CODER).created[-1]
        for attribute, value in (("sector", sector), ("age", age)):
            project.cases.set_value(
                scope="case", item=case, attribute=attribute, value=value, coder=CODER
            )
    alice, bob = project.cases.find("Alice"), project.cases.find("Bob")
    project.cases.link(case=alice, source=p01, coder=CODER)
    project.cases.link(case=bob, source=p02, coder=CODER)
    project.cases.link(case=alice, source=group, speaker="Anna", coder=CODER)
    return Study(project, p01, p02, group, video, memo, trust)
