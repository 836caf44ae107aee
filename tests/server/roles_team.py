"""A server project with a team: owner olga (the superuser who made it), coders ana and ben,
reader rita; a source P01 and a code Trust; each coder's own coding, memo and annotation."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
from sqlalchemy import create_engine

from workbench.core.project import Project
from workbench.core.server import members


@dataclass
class Team:
    location: str  # the superuser's (olga's) location
    logins: dict[str, str] = field(default_factory=dict)  # member name → login
    source: str = ""
    code: str = ""
    codings: dict[str, str] = field(default_factory=dict)  # coder → their coding's uuid
    memos: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)

    def url(self, name: str) -> str:
        """The location as member ``name`` (the test server trusts local logins)."""
        user = self.location.split("://", 1)[1].split("@", 1)[0]
        return self.location.replace(f"//{user}@", f"//{self.logins[name]}@", 1)

    def connect(self, name: str) -> psycopg.Connection[tuple[object, ...]]:
        """A raw connection as member ``name``: what psql would give them."""
        return psycopg.connect(self.url(name))

    def open(self, name: str) -> Project:
        return Project.open(self.url(name))


def make_team(location: str) -> Team:
    team = Team(location)
    engine = create_engine(location.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            team.logins["olga"] = members.add_owner(conn, "olga").login
    finally:
        engine.dispose()
    for name, role in (("ana", "coder"), ("ben", "coder"), ("rita", "reader")):
        team.logins[name] = members.add(location, name, role).login
    with team.open("olga") as project:
        text = "Hello mentoring world, and trust in the team."
        team.source = project.sources.add(name="P01", text=text, coder="olga").created[-1]
        team.code = project.codebook.add(name="Trust", coder="olga").created[-1]
    for i, name in enumerate(("ana", "ben")):
        with team.open(name) as project:
            team.codings[name] = project.codings.apply(
                source=team.source, code=team.code, start=i, end=i + 5, coder=name
            ).created[-1]
            team.memos[name] = project.memos.add(
                text=f"{name}'s thought", coder=name, target_kind="source", target=team.source
            ).created[-1]
            team.annotations[name] = project.annotations.add(
                source=team.source, start=i, end=i + 3, text=f"{name} notes", coder=name
            ).created[-1]
    return team
