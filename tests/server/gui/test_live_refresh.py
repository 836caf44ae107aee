"""Live refresh: another coder's work appears in the running window within a second, through
the same path a local change takes; a lost listener connection shows offline and blocks
edits, then catches up on everything missed."""

from __future__ import annotations

import psycopg
import pytest
from conftest import Seeded, open_on_server, tree_count
from pytestqt.qtbot import QtBot

from workbench.core.changes import Changes
from workbench.core.project import Project
from workbench.gui.operations.run import JobRunningError
from workbench.gui.window.main_window import MainWindow


def shown_codings(window: MainWindow) -> set[str]:
    """The codings the open transcript holds (highlights and stripes are drawn from these)."""
    assert window.desk is not None
    return set(window.desk.document.layer.all_codings)


def test_another_coders_coding_appears_within_a_second(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    open_on_server(qtbot, window, seeded.location)
    assert tree_count(window, "Trust") == "0"
    assert window.desk is not None
    window.desk.select_code_path("Trust")  # the selection survives the refresh
    with Project.open(seeded.location) as other:
        coding = other.codings.apply(
            source=seeded.source, code=seeded.code, start=0, end=11, coder="Tomás Rivera"
        ).created[-1]
        # Within a second of the commit, while the window's event loop runs (a wall-clock
        # check on top would fail only when the machine is starved, as a shared CI may be).
        qtbot.waitUntil(
            lambda: tree_count(window, "Trust") == "1" and coding in shown_codings(window),
            timeout=1000,
        )
    assert window.session is not None and window.session.current_codes == [seeded.code]


def test_own_edit_is_told_once_and_a_colleagues_edit_in_between_is_not_lost(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    open_on_server(qtbot, window, seeded.location)
    session = window.session
    assert session is not None
    told: list[Changes] = []
    session.changed.connect(told.append)
    with Project.open(seeded.location) as other:
        theirs = other.codings.apply(
            source=seeded.source, code=seeded.code, start=0, end=11, coder="Tomás Rivera"
        ).created[-1]
    # Before the window hears of theirs, this session codes too (its revision comes after).
    mine = session.apply_code(code=seeded.code, source=seeded.source, start=13, end=20)
    qtbot.waitUntil(lambda: theirs in shown_codings(window), timeout=1000)
    assert mine.created[-1] in shown_codings(window)
    assert tree_count(window, "Trust") == "2"
    qtbot.wait(300)  # the feed's report of my own revision comes and is not told again
    assert len(told) == 2 and told[0] is mine
    caught_up = told[1]  # theirs, without my coding (on screen already)
    assert theirs in caught_up.updated and mine.created[-1] not in caught_up.updated
    assert [row.uuid for row in caught_up.rows_of("coding")] == [theirs]


def test_a_dropped_listener_shows_offline_blocks_edits_then_catches_up(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    open_on_server(qtbot, window, seeded.location)
    live = window.live
    assert live is not None and live.listener is not None
    database = seeded.location.rsplit("/", 1)[1]
    admin_location = seeded.location.rsplit("/", 1)[0] + "/postgres"
    other = Project.open(seeded.location)  # connected before the server turns new ones away
    other.revision()
    with psycopg.connect(admin_location, autocommit=True) as admin:
        try:
            # No new connection may reconnect the listener until allowed again.
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            admin.execute("SELECT pg_terminate_backend(%s)", (live.listener.backend_pid,))
            qtbot.waitUntil(lambda: not live.up, timeout=5000)
            assert "offline — reconnecting" in window.windowTitle()
            label = window.location_label.text()
            assert label.endswith("· offline — reconnecting")
            assert not window.menus.actions["codeWith"].isEnabled()
            with pytest.raises(JobRunningError, match="offline — reconnecting"):
                window.session.apply_code(  # type: ignore[union-attr]
                    code=seeded.code, source=seeded.source, start=0, end=5
                )
            missed = other.codings.apply(
                source=seeded.source, code=seeded.code, start=0, end=11, coder="Tomás Rivera"
            ).created[-1]
        finally:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    other.close()
    qtbot.waitUntil(lambda: live.up, timeout=10_000)
    qtbot.waitUntil(lambda: missed in shown_codings(window), timeout=2000)
    assert tree_count(window, "Trust") == "1"
    assert window.windowTitle().count("(connected)") == 1
    assert window.menus.actions["codeWith"].isEnabled()
    assert window.session is not None and not window.session.busy


def test_a_project_renamed_elsewhere_is_renamed_in_the_title(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    open_on_server(qtbot, window, seeded.location)
    with Project.open(seeded.location) as other:
        other.rename(name="Mentoring study", coder="Tomás Rivera")  # no tracked row changes
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Mentoring study — "), timeout=1000)
