"""Views learn of a change from the values in ``Changes``: the transcript draws new, moved and
removed codings without asking the project again, takes in a colleague's change read from a
change feed, and is not told twice about a revision it has shown (its own echo included)."""

from __future__ import annotations

from typing import NoReturn

import pytest
from pytestqt.qtbot import QtBot

from workbench.core.values import Changes
from workbench.gui.document import DocumentView
from workbench.gui.project_session import ProjectSession

ZOOM = "Technology and Tools/Communication Tools/Zoom"


@pytest.fixture
def view(qtbot: QtBot, session: ProjectSession) -> DocumentView:
    widget = DocumentView(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_source(session.project.sources.find("P04"))
    return widget


def refuse_reloads(session: ProjectSession, monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, the view may not read the source's codings from the project."""

    def refuse(*_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError("the view asked the project for codings it was told about")

    monkeypatch.setattr(session.project.codings, "of_source", refuse)


def shown(view: DocumentView) -> dict[str, tuple[int, int, str]]:
    return {u: (c.start, c.end, c.coder) for u, c in view.layer.codings.items()}


def test_own_edits_are_drawn_from_the_values(
    qtbot: QtBot, view: DocumentView, session: ProjectSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_reloads(session, monkeypatch)
    code = session.project.codebook.find(ZOOM)
    view.select_range(10, 40)
    with qtbot.waitSignal(session.changed) as told:
        view.apply_code(code)
    changes: Changes = told.args[0]
    assert changes.initiator == session.initiator  # the session's token names its writes
    (new,) = changes.created
    assert shown(view)[new] == (10, 40, "Maya Chen")
    view.ask_range = lambda _text, start, end, _title: (start + 2, end + 5)
    view.adjust_range(new)  # an updated coding is moved in place, not reloaded
    assert shown(view)[new] == (12, 45, "Maya Chen")
    session.undo_stack.undo()
    assert shown(view)[new] == (10, 40, "Maya Chen")
    session.undo_stack.undo()
    assert new not in shown(view)
    session.undo_stack.redo()
    assert shown(view)[new] == (10, 40, "Maya Chen")


def test_a_colleagues_change_from_a_feed_and_a_repeated_revision(
    qtbot: QtBot, view: DocumentView, session: ProjectSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_reloads(session, monkeypatch)
    project = session.project
    seen = project.revision()
    source, code = view.source, project.codebook.find(ZOOM)
    theirs = project.codings.apply(source=source, code=code, start=50, end=80, coder="Tomás")
    coding = theirs.rows_of("coding")[0].uuid  # Tomás, a new coder, comes with it
    assert coding not in shown(view)  # written outside the session: nobody told the view
    feed = project.changes_since(seen)
    assert feed.revision == theirs.revision and feed.initiator != session.initiator
    with qtbot.waitSignal(session.changed):
        session.notify(feed)
    assert shown(view)[coding] == (50, 80, "Tomás")
    with qtbot.assertNotEmitted(session.changed):
        session.notify(feed)  # the same revision again
    # Our own commit echoed back by a feed is a revision the view has shown.
    view.select_range(100, 130)
    view.apply_code(code)
    with qtbot.assertNotEmitted(session.changed):
        session.notify(project.changes_since(project.revision() - 1))
    removed = project.codings.remove(codings=[coding], coder="Tomás")
    session.notify(project.changes_since(removed.revision - 1))
    assert coding not in shown(view)
