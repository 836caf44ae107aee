"""The quick-code palette (typing, choosing, creating on the spot) and its fuzzy matcher."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt

from workbench.gui.codebook import QuickCodePalette
from workbench.gui.codebook.fuzzy import fuzzy_match, fuzzy_score
from workbench.gui.codebook.palette_rows import plan_creation
from workbench.gui.project_session import ProjectSession

VIDEO = "Communication Methods/Synchronous/Video calls"


# -- the matcher -----------------------------------------------------------------------------------
def _is_subsequence(query: str, text: str) -> bool:
    rest = iter(text.casefold())
    return all(ch in rest for ch in query.casefold())


words = st.text(alphabet="abcdeABCDE /-xyz", max_size=24)
queries = st.text(alphabet="abcdeABCDxz", max_size=8)


@given(query=queries, candidate=words)
def test_matches_exactly_the_subsequences(query: str, candidate: str) -> None:
    found = fuzzy_match(query, candidate)
    assert (found is not None) == _is_subsequence(query, candidate)
    if found is not None:
        assert fuzzy_score(query, candidate) == found.score
        assert list(found.positions) == sorted(set(found.positions))
        assert len(found.positions) == len(query)
        assert all(
            candidate[p].casefold() == q.casefold()
            for p, q in zip(found.positions, query, strict=True)
        )


@given(query=queries.filter(bool), candidate=words, suffix=words)
def test_the_query_itself_scores_best(query: str, candidate: str, suffix: str) -> None:
    best = fuzzy_score(query, query)
    assert best is not None
    other = fuzzy_score(query, candidate)
    assert other is None or other <= best
    assert fuzzy_score(query, query + suffix) == best  # a longer name does not lose the prefix
    assert fuzzy_score(query.upper(), query.lower()) == fuzzy_score(query.lower(), query.lower())


def test_contiguous_runs_and_word_starts_rank_higher() -> None:
    def score(query: str, candidate: str) -> float:
        found = fuzzy_score(query, candidate)
        assert found is not None
        return found

    assert score("vidcal", "Video calls") > score("vidcal", "Valid diacritical")
    assert score("cal", "Video calls") > score("cal", "Vocal harmonics")
    assert fuzzy_score("", "Anything") == 0.0
    assert fuzzy_score("zz", "Video calls") is None
    assert fuzzy_score("vid cal", "Video calls") == fuzzy_score("vidcal", "Video calls")


# -- the palette -----------------------------------------------------------------------------------
@pytest.fixture
def palette(session: ProjectSession, qtbot) -> QuickCodePalette:
    widget = QuickCodePalette(session)
    qtbot.addWidget(widget)
    widget.open_at(QPoint(40, 40))
    qtbot.waitExposed(widget)
    return widget


def test_typing_vidcal_puts_video_calls_first_and_enter_chooses_it(
    palette: QuickCodePalette, session: ProjectSession, qtbot
) -> None:
    assert palette.objectName() == "quickCodePalette" and palette.isVisible()
    assert palette.windowFlags() & Qt.WindowType.FramelessWindowHint
    qtbot.keyClicks(palette.input, "vidcal")
    rows = palette.rows()
    assert rows[0].name == "Video calls" and rows[0].kind == "code"
    assert rows[0].name_hits == (0, 1, 2, 6, 7, 8)  # V-i-d, c-a-l drawn in bold
    assert rows[0].context == "Communication Methods › Synchronous"
    with qtbot.waitSignal(palette.code_chosen) as blocker:
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert blocker.args == [session.project.codebook.find(VIDEO)]
    assert not palette.isVisible()


def test_arrow_keys_move_and_escape_closes(palette: QuickCodePalette, qtbot) -> None:
    qtbot.keyClicks(palette.input, "tools")
    assert len(palette.rows()) > 2 and palette.current_row() == 0
    qtbot.keyClick(palette.input, Qt.Key.Key_Down)
    qtbot.keyClick(palette.input, Qt.Key.Key_Down)
    assert palette.current_row() == 2
    qtbot.keyClick(palette.input, Qt.Key.Key_Up)
    assert palette.current_row() == 1
    second = palette.rows()[1].uuid
    with qtbot.waitSignal(palette.code_chosen) as blocker:
        qtbot.keyClick(palette.input, Qt.Key.Key_Enter)
    assert blocker.args == [second]
    palette.open_at(QPoint(40, 40))
    with qtbot.waitSignal(palette.closed):
        qtbot.keyClick(palette.input, Qt.Key.Key_Escape)
    assert not palette.isVisible()


def test_empty_query_lists_recent_codes_first(palette: QuickCodePalette, session, qtbot) -> None:
    source = session.project.sources.list()[0].uuid
    zoom = session.project.codebook.find("Technology and Tools/Communication Tools/Zoom")
    session.apply_code(code=zoom, source=source, start=0, end=4)
    palette.open_at(QPoint(40, 40))
    first = palette.rows()[0]
    assert (first.uuid, first.recent) == (zoom, 1)
    assert len(palette.rows()) == 69


def test_create_on_the_spot_when_nothing_matches(palette, session, qtbot) -> None:
    qtbot.keyClicks(palette.input, "Mentoring contract")
    rows = palette.rows()
    assert [r.kind for r in rows] == ["create"]
    assert rows[0].label == "Create code “Mentoring contract”"
    with qtbot.waitSignal(palette.code_chosen) as blocker:
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    created = session.project.codebook.get(blocker.args[0])
    assert (created.name, created.parent_uuid) == ("Mentoring contract", None)
    session.undo_stack.undo()
    assert all(n.name != "Mentoring contract" for n in session.project.codebook.all())
    session.undo_stack.redo()
    assert session.project.codebook.get(blocker.args[0]).name == "Mentoring contract"


def test_ctrl_enter_creates_even_when_codes_match(palette, session, qtbot) -> None:
    qtbot.keyClicks(palette.input, "Zoo")
    assert palette.rows()[0].name == "Zoom" and palette.rows()[-1].kind == "create"
    with qtbot.waitSignal(palette.code_chosen) as blocker:
        qtbot.keyClick(palette.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert session.project.codebook.path(blocker.args[0]) == "Zoo"


def test_a_typed_path_creates_missing_segments_as_one_step(palette, session, qtbot) -> None:
    qtbot.keyClicks(palette.input, "Communication Methods/Synchronous/Phone/Landline")
    assert palette.rows()[-1].kind == "create"
    before = session.undo_stack.count()
    with qtbot.waitSignal(palette.code_chosen) as blocker:
        qtbot.keyClick(palette.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    path = session.project.codebook.path(blocker.args[0])
    assert path == "Communication Methods/Synchronous/Phone/Landline"
    assert session.undo_stack.count() == before + 1
    session.undo_stack.undo()
    assert all("Phone" not in n.path for n in session.project.codebook.all())


def test_a_relative_path_goes_under_the_selected_code(palette, session, qtbot) -> None:
    sync = session.project.codebook.find("Communication Methods/Synchronous")
    session.select_codes([sync])
    palette.open_at(QPoint(40, 40))
    qtbot.keyClicks(palette.input, "Phone/Landline")
    assert palette.rows()[-1].context == "under Communication Methods › Synchronous"
    with qtbot.waitSignal(palette.code_chosen) as blocker:
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert (
        session.project.codebook.path(blocker.args[0])
        == "Communication Methods/Synchronous/Phone/Landline"
    )


def test_plan_creation_reuses_existing_codes(session) -> None:
    roots = session.project.codebook.tree()
    parent, names, existing = plan_creation("/Communication Methods/Emails", roots, None)
    assert parent is not None and parent.name == "Communication Methods"
    assert names == ["Emails"] and existing is None
    _, names, existing = plan_creation("communication methods/synchronous", roots, None)
    assert names == [] and existing == session.project.codebook.find(
        "Communication Methods/Synchronous"
    )
    assert plan_creation("  ", roots, None) == (None, [], None)
