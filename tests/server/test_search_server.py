"""Search on a server: the Whoosh index is a cache on this computer, keyed by the server
project (never shared with a file of the same ids), kept current from the change feed, and
kept by one program at a time."""

from __future__ import annotations

import queue
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, update

from workbench.core.db.models import ProjectInfo
from workbench.core.project import Project
from workbench.core.server.listener import ChangeListener

WAIT_S = 15.0


def _hits(project: Project, query: str) -> tuple[bool, set[str]]:
    result = project.search.search(query)
    return result.indexed, {hit.label for hit in result.hits}


def test_a_colleagues_new_source_is_found_through_the_index_after_the_feed(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    with Project.open(location) as a, Project.open(location) as b:
        a.sources.add(name="P01", text="The mentor listened.", coder="ana")
        b.search.ensure_index(wait=True, timeout=WAIT_S)
        assert _hits(b, "mentor") == (True, {"P01"})
        seen = b.revision()
        reported: queue.Queue[int] = queue.Queue()
        listener = ChangeListener(
            b.server_url,  # type: ignore[arg-type]
            since=seen,
            on_change=reported.put,
            on_state=lambda ok, message: None,
        )
        listener.start()
        try:
            assert listener.listening.wait(WAIT_S)
            a.sources.add(name="P02", text="A zebra crossed the mentor's path.", coder="ana")
            a.sources.delete(source=a.sources.find("P01"), coder="ana")
            newest = a.revision()
            while seen < newest:  # what the GUI does with each report
                revision = reported.get(timeout=WAIT_S)
                changes = b.remote_changes(seen)
                assert changes.revision >= revision
                seen = changes.revision
        finally:
            listener.stop()
        assert b.search.wait(WAIT_S)
        # The first search after the feed is answered by the index, already current.
        assert _hits(b, "zebra") == (True, {"P02"})
        assert _hits(b, "mentor") == (True, {"P02"})
        # Without the feed a search still finds everything (from the texts), and the index
        # catches up for the next one.
        a.sources.add(name="P03", text="An okapi.", coder="ana")
        assert _hits(b, "okapi") == (False, {"P03"})
        assert b.search.wait(WAIT_S)
        assert _hits(b, "okapi") == (True, {"P03"})


def test_a_server_project_with_a_files_ids_keeps_its_own_index(
    tmp_path: Path, server_project: Callable[..., str]
) -> None:
    """A project published from a file keeps the file's uuid and file id (offline copies
    still merge): the file's index must never answer for the server project."""
    with Project.create(tmp_path / "study.qwb", name="Study") as file:
        file.sources.add(name="F01", text="An apple a day.", coder="ana")
        file.search.ensure_index(wait=True, timeout=WAIT_S)
        assert _hits(file, "apple") == (True, {"F01"})
        info, (_, token) = file.info(), file.text_token()
    location = server_project()
    with Project.open(location) as server:
        server.sources.add(name="S01", text="A zebra at dusk.", coder="ana")
    engine = create_engine(location.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:  # the same ids, text token and revision as the file
        conn.execute(
            update(ProjectInfo).values(
                uuid=info.uuid, file_id=info.file_id, text_token=token, revision=info.revision
            )
        )
    engine.dispose()
    with Project.open(location) as server:
        server.search.ensure_index(wait=True, timeout=WAIT_S)
        assert _hits(server, "zebra") == (True, {"S01"})
        assert _hits(server, "apple") == (True, set())
    with Project.open(tmp_path / "study.qwb") as file:
        file.search.ensure_index(wait=True, timeout=WAIT_S)
        assert _hits(file, "apple") == (True, {"F01"})


def test_one_program_keeps_the_cache_the_others_read_it(
    server_project: Callable[..., str],
) -> None:
    location = server_project()
    with Project.open(location) as a:
        a.sources.add(name="P01", text="Quiet mentoring.", coder="ana")
    with Project.open(location) as keeper, Project.open(location) as reader:
        keeper.search.ensure_index(wait=True, timeout=WAIT_S)
        assert reader.search.ensure_index(wait=True, timeout=WAIT_S).state != "failed"
        assert _hits(reader, "mentoring") == (True, {"P01"})  # the keeper's index, current
        keeper.sources.add(name="P02", text="Loud mentoring.", coder="ana")
        assert _hits(reader, "mentoring")[1] == {"P01", "P02"}  # from the texts if need be
    with Project.open(location) as next_one:  # the keeper closed: the next one keeps it
        next_one.search.ensure_index(wait=True, timeout=WAIT_S)
        assert _hits(next_one, "mentoring") == (True, {"P01", "P02"})
