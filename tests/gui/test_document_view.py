"""The transcript viewer, through real widgets: selections in code points, coding actions with
undo and redo checked against the database, stripes, find, filters, keys, drops."""

from __future__ import annotations

import json
from typing import NoReturn

import pytest
import shiboken6
from dnd import drop
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QAction,
    QMouseEvent,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench.core.services.codings import CodingRequest
from workbench.core.values import CodingInfo
from workbench.gui.document import CODE_MIME, SELECTION_MIME, DocumentView, find_all
from workbench.gui.document.drag_drop import release_clipboard
from workbench.gui.document.text_units import in_vivo_name, sentence_at, snap_to_words
from workbench.gui.project_session import ProjectSession

CODER = "Maya Chen"
EMOJI_TEXT = (
    "Interviewer: How did the first call go? 😀\n\n"
    "P99: The 🎉 launch was great and my mentor helped a lot. Then we talked again.\n\n"
    "Interviewer: Thanks.\n"
)


@pytest.fixture
def view(qtbot: QtBot, session: ProjectSession) -> DocumentView:
    widget = DocumentView(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def emoji_source(session: ProjectSession) -> str:
    return session.project.sources.add(name="Emoji", text=EMOJI_TEXT, coder=CODER).created[0]


def code_uuid(session: ProjectSession, path: str) -> str:
    return session.project.codebook.find(path)


def codings(session: ProjectSession, source: str) -> list[CodingInfo]:
    return session.project.codings.of_source(source)


def span(session: ProjectSession, source: str, code: str) -> list[tuple[int, int]]:
    return sorted((c.start, c.end) for c in codings(session, source) if c.code_uuid == code)


def viewport_point(view: DocumentView, cp: int, dx: int = 2) -> QPoint:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.loaded.offsets.to_utf16(cp))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + dx, rect.center().y())


def drag_select(view: DocumentView, start: QPoint, end: QPoint) -> None:
    viewport = view.viewport()
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    for kind, pos, button, buttons in (
        (QEvent.Type.MouseButtonPress, start, left, left),
        (QEvent.Type.MouseMove, end, Qt.MouseButton.NoButton, left),
        (QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton),
    ):
        point = QPointF(pos)
        event = QMouseEvent(kind, point, viewport.mapToGlobal(point), button, buttons, none)
        QApplication.sendEvent(viewport, event)


# -- opening ---------------------------------------------------------------------------------------
def test_opens_a_demo_source_with_its_codings(view: DocumentView, session: ProjectSession) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    assert view.objectName() == "documentView" and view.isReadOnly()
    assert view.toPlainText() == session.project.sources.text(source)
    assert len(view.layer.codings) == len(codings(session, source)) > 0
    assert view.margin.preferred_width() > 0 and view.gutter.preferred_width() > 0
    view.select_range(*_first_coding_range(view))
    QApplication.processEvents()
    assert view.margin.stripes(), "stripes are painted for the codings on screen"
    first_para = view.loaded.paragraph_number(0)
    assert first_para == 1 and view.loaded.paragraphs.count(0) > 0  # blank lines get no number
    turn_block = view.document().findBlock(view.loaded.offsets.to_utf16(view.loaded.turns[0][1]))
    formats = turn_block.layout().formats()
    assert formats and formats[0].format.fontWeight() >= 600  # the speaker label is bold


def _first_coding_range(view: DocumentView) -> tuple[int, int]:
    first = min(view.layer.codings.values(), key=lambda c: c.start)
    return first.start, first.end


# -- selections in code points ---------------------------------------------------------------------
def test_code_after_an_emoji_is_stored_in_code_points(
    view: DocumentView, session: ProjectSession
) -> None:
    source = emoji_source(session)
    view.show_source(source)
    code = code_uuid(session, "Technology and Tools/Communication Tools/Zoom")
    start = EMOJI_TEXT.index("launch")
    end = EMOJI_TEXT.index(" a lot") + len(" a lot")
    view.select_range(start, end)
    assert view.selection_range() == (start, end)
    view.apply_code(code)
    assert span(session, source, code) == [(start, end)]
    assert EMOJI_TEXT[start:end] == "launch was great and my mentor helped a lot"
    session.undo_stack.undo()
    assert span(session, source, code) == []
    assert not view.layer.codings
    session.undo_stack.redo()
    assert span(session, source, code) == [(start, end)]
    assert [c.start for c in view.layer.codings.values()] == [start]


def test_mouse_drag_after_an_emoji_snaps_to_whole_words(
    view: DocumentView, session: ProjectSession
) -> None:
    source = emoji_source(session)
    view.show_source(source)
    inside_launch = EMOJI_TEXT.index("launch") + 2
    inside_great = EMOJI_TEXT.index("great") + 2
    drag_select(view, viewport_point(view, inside_launch), viewport_point(view, inside_great))
    start, end = EMOJI_TEXT.index("launch"), EMOJI_TEXT.index("great") + len("great")
    assert view.selection_range() == (start, end)
    code = code_uuid(session, "Technology and Tools/Communication Tools/Skype")
    view.apply_code(code)
    assert span(session, source, code) == [(start, end)]
    view.snap_to_words = False
    view.select_range(0, 0)  # a press inside a selection would start dragging it out
    drag_select(view, viewport_point(view, inside_launch), viewport_point(view, inside_great))
    assert view.selection_range() == (inside_launch, inside_great)


def test_sentence_paragraph_and_turn_keys(
    qtbot: QtBot, view: DocumentView, session: ProjectSession
) -> None:
    view.show_source(emoji_source(session))
    view.select_range(EMOJI_TEXT.index("mentor"), EMOJI_TEXT.index("mentor") + 1)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_S, ctrl_shift)
    sentence = "The 🎉 launch was great and my mentor helped a lot."
    assert view.selection_range() == (EMOJI_TEXT.index(sentence), EMOJI_TEXT.index(sentence) + 50)
    qtbot.keyClick(view, Qt.Key.Key_P, ctrl_shift)
    paragraph = EMOJI_TEXT.split("\n\n")[1]
    start = EMOJI_TEXT.index(paragraph)
    assert view.selection_range() == (start, start + len(paragraph))
    qtbot.keyClick(view, Qt.Key.Key_T, ctrl_shift)
    assert view.selection_range() == (start, start + len(paragraph))  # the P99 turn


def test_alt_arrows_walk_through_codings(
    qtbot: QtBot, view: DocumentView, session: ProjectSession
) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    ordered = sorted(view.layer.codings.values(), key=lambda c: (c.u_start, c.u_end, c.uuid))
    view.select_range(0, 0)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert session.current_coding == ordered[0].uuid
    assert view.selection_range() == (ordered[0].start, ordered[0].end)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert session.current_coding == ordered[1].uuid  # the twin coding of the same range too
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert session.current_coding == ordered[1].uuid


# -- coding actions --------------------------------------------------------------------------------
def test_apply_without_selection_only_says_so(
    qtbot: QtBot, view: DocumentView, session: ProjectSession
) -> None:
    source = emoji_source(session)
    view.show_source(source)
    with qtbot.waitSignal(view.message) as said:
        view.apply_code(code_uuid(session, "Technology and Tools/Communication Tools/Zoom"))
    assert "Select" in said.args[0]
    assert codings(session, source) == [] and session.undo_stack.count() == 0


def test_remove_a_coding_from_the_context_menu(view: DocumentView, session: ProjectSession) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    target = min(view.layer.codings.values(), key=lambda c: c.start)
    view.select_range(target.start, target.end)
    menu = view.context_menu_at(viewport_point(view, target.start + 3))
    action = menu.findChild(QAction, f"removeCoding:{target.uuid}")
    assert action is not None and target.name in action.text()
    action.trigger()
    assert target.uuid not in {c.uuid for c in codings(session, source)}
    assert target.uuid not in view.layer.codings
    session.undo_stack.undo()
    assert target.uuid in {c.uuid for c in codings(session, source)}
    assert target.uuid in view.layer.codings
    session.undo_stack.redo()
    assert target.uuid not in {c.uuid for c in codings(session, source)}


def test_stripe_click_selects_its_coding(
    qtbot: QtBot, view: DocumentView, session: ProjectSession
) -> None:
    view.show_source(session.project.sources.find("P04"))
    view.select_range(*_first_coding_range(view))
    view.select_range(0, 0)
    QApplication.processEvents()
    stripe = view.margin.stripes()[-1]
    with qtbot.waitSignal(session.coding_selected):
        qtbot.mouseClick(view.margin, Qt.MouseButton.LeftButton, pos=stripe.rect.center().toPoint())
    assert session.current_coding == stripe.coding.uuid
    assert view.selection_range() == (stripe.coding.start, stripe.coding.end)
    QApplication.processEvents()
    moved = next(s for s in view.margin.stripes() if s.coding.uuid == stripe.coding.uuid)
    tip = view.margin.tooltip_at(moved.rect.center().toPoint())
    assert tip == f"{stripe.coding.path} — {stripe.coding.coder}" and " › " in tip


def test_adjust_range_with_the_dialog(view: DocumentView, session: ProjectSession) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    target = min(view.layer.codings.values(), key=lambda c: c.start)
    asked: list[tuple[int, int]] = []

    def answer(_text: str, start: int, end: int, _title: str) -> tuple[int, int]:
        asked.append((start, end))
        return start + 4, end - 1

    view.ask_range = answer
    view.adjust_range(target.uuid)
    assert asked == [(target.start, target.end)]
    moved = {c.uuid: (c.start, c.end) for c in codings(session, source)}
    assert moved[target.uuid] == (target.start + 4, target.end - 1)
    session.undo_stack.undo()
    restored = {c.uuid: (c.start, c.end) for c in codings(session, source)}
    assert restored[target.uuid] == (target.start, target.end)
    session.undo_stack.redo()
    assert view.layer.codings[target.uuid].start == target.start + 4


def test_drag_a_stripe_end_commits_once(
    qtbot: QtBot, view: DocumentView, session: ProjectSession
) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    target = min(view.layer.codings.values(), key=lambda c: c.start)
    view.select_range(target.start, target.end)
    QApplication.processEvents()
    stripe = next(s for s in view.margin.stripes() if s.coding.uuid == target.uuid)
    assert stripe.ends_here
    handle = QPoint(int(stripe.rect.left()) + 4, int(stripe.rect.bottom()) - 1)
    below = QPoint(handle.x(), handle.y() + 3 * view.fontMetrics().height())
    before = session.undo_stack.count()
    qtbot.mousePress(view.margin, Qt.MouseButton.LeftButton, pos=handle)
    qtbot.mouseMove(view.margin, QPoint(handle.x(), handle.y() + 10))
    qtbot.mouseMove(view.margin, below)
    assert view.drag_preview is not None
    qtbot.mouseRelease(view.margin, Qt.MouseButton.LeftButton, pos=below)
    assert session.undo_stack.count() == before + 1
    new = {c.uuid: c for c in codings(session, source)}[target.uuid]
    assert new.start == target.start and new.end > target.end
    text = view.loaded.text
    assert text[new.end - 1].isalnum() or text[new.end - 1] in ".,!?\"'”’)"  # a word's end
    session.undo_stack.undo()
    assert {c.uuid: c.end for c in codings(session, source)}[target.uuid] == target.end


def test_change_code_asks_which(view: DocumentView, session: ProjectSession) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    target = min(view.layer.codings.values(), key=lambda c: c.start)
    other = code_uuid(session, "Technology and Tools/Collaboration Platforms/Slack")
    view.choose_code = lambda _codes, current: other if current == target.code_uuid else None
    view.change_code(target.uuid)
    assert {c.uuid: c.code_uuid for c in codings(session, source)}[target.uuid] == other
    assert view.layer.codings[target.uuid].name == "Slack"
    session.undo_stack.undo()
    assert {c.uuid: c.code_uuid for c in codings(session, source)}[target.uuid] == target.code_uuid


def test_code_in_vivo_is_one_undo_step(view: DocumentView, session: ProjectSession) -> None:
    source = emoji_source(session)
    view.show_source(source)
    start = EMOJI_TEXT.index("launch was great")
    view.select_range(start - 1, start + len("launch was great") + 1)
    codes_before = len(session.project.codebook.all())
    view.code_in_vivo()
    new = session.project.codebook.find("launch was great")
    assert span(session, source, new) == [(start - 1, start + len("launch was great") + 1)]
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert len(session.project.codebook.all()) == codes_before
    assert codings(session, source) == []
    session.undo_stack.redo()
    assert span(session, source, session.project.codebook.find("launch was great"))


def test_annotate_shows_a_note_marker(view: DocumentView, session: ProjectSession) -> None:
    source = emoji_source(session)
    view.show_source(source)
    start = EMOJI_TEXT.index("my mentor")
    view.select_range(start, start + len("my mentor"))
    view.ask_text = lambda _title, _label, _initial: "Mentor named for the first time."
    view.annotate()
    notes = session.project.annotations.list(source=source)
    assert [(n.start, n.end, n.text) for n in notes] == [
        (start, start + 9, "Mentor named for the first time.")
    ]
    QApplication.processEvents()
    markers = view.gutter.markers()
    assert len(markers) == 1
    assert "Mentor named" in view.gutter.tooltip_at(markers[0][0].center().toPoint())
    session.undo_stack.undo()
    assert session.project.annotations.list(source=source) == []
    assert view.gutter.markers() == []


def test_correct_text_moves_codings_with_undo(view: DocumentView, session: ProjectSession) -> None:
    source = emoji_source(session)
    view.show_source(source)
    code = code_uuid(session, "Technology and Tools/Communication Tools/Zoom")
    coded = "The 🎉 launch was great and my mentor helped a lot."
    start = EMOJI_TEXT.index(coded)
    view.select_range(start, start + len(coded))
    view.apply_code(code)
    word = EMOJI_TEXT.index("great")
    view.select_range(word, word + len("great"))
    view.ask_text = lambda _title, _label, _initial: "wonderful"
    view.correct_text()
    assert session.project.sources.text(source) == EMOJI_TEXT  # not in edit mode: no change
    view.set_edit_mode(True)
    assert view.editor.correct_action.isEnabled()
    view.select_range(word, word + len("great"))
    view.correct_text()
    corrected = EMOJI_TEXT.replace("great", "wonderful")
    assert session.project.sources.text(source) == corrected
    assert view.toPlainText() == corrected
    assert span(session, source, code) == [(start, start + len(coded) + 4)]
    session.undo_stack.undo()
    assert session.project.sources.text(source) == EMOJI_TEXT
    assert span(session, source, code) == [(start, start + len(coded))]
    assert view.toPlainText() == EMOJI_TEXT
    session.undo_stack.redo()
    assert span(session, source, code) == [(start, start + len(coded) + 4)]
    assert view.toPlainText() == corrected


def test_deleting_a_coded_span_reports_it(
    qtbot: QtBot, view: DocumentView, session: ProjectSession
) -> None:
    source = emoji_source(session)
    view.show_source(source)
    view.set_edit_mode(True)
    word = EMOJI_TEXT.index("Thanks")
    view.select_range(word, word + len("Thanks"))
    view.apply_code(code_uuid(session, "Technology and Tools/Communication Tools/Zoom"))
    view.select_range(word - 1, word + len("Thanks."))
    view.ask_text = lambda _title, _label, _initial: ""
    messages: list[str] = []
    view.message.connect(messages.append)
    view.correct_text()
    assert any("Removed a coded span" in m for m in messages)
    assert codings(session, source) == []


# -- find, filters, zoom ---------------------------------------------------------------------------
def test_find_bar_counts_and_steps(
    qtbot: QtBot, view: DocumentView, session: ProjectSession
) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    text = session.project.sources.text(source)
    total = len(find_all(text, "zoom"))
    assert total == text.lower().count("zoom") > 2
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = view.find_bar
    assert bar.isVisible() and bar.objectName() == "findBar"
    qtbot.keyClicks(bar.edit, "ZOOM")
    assert bar.count.text() == f"1 of {total}"
    first = text.lower().index("zoom")
    assert view.selection_range() == (first, first + 4)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == f"2 of {total}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"{total} of {total}"
    qtbot.keyClicks(bar.edit, "qqq")
    assert bar.count.text() == "No matches"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_find_all_finds_what_the_project_search_finds_in_code_points() -> None:
    assert find_all("a 😀 A.b a.B", "a.b") == [(4, 7), (8, 11)]
    text = 'a 😀 Mentors met. mentor "unclosed'
    assert find_all(text, "mentor") == [(4, 11), (17, 23)]  # stems, as the search panel
    assert find_all(text, '"unclosed') == [(24, 33)]  # not a query yet: literal
    assert find_all("x", "") == []


def test_filter_modes(qtbot: QtBot, view: DocumentView, session: ProjectSession) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    every = codings(session, source)
    assert len(view.layer.codings) == len(every)
    view.set_filter("coder", coder="Tomás Rivera")
    assert {c.coder for c in view.layer.codings.values()} == {"Tomás Rivera"}
    assert len(view.layer.codings) == sum(c.coder == "Tomás Rivera" for c in every)
    category = code_uuid(session, "Technology and Tools/Communication Tools")
    zoom = code_uuid(session, "Technology and Tools/Communication Tools/Zoom")
    view.set_filter("selected")
    assert not view.layer.codings
    session.select_codes([category])  # followed, with the sub-codes
    assert view.layer.codings
    assert all(
        c.path.startswith("Technology and Tools › Communication Tools")
        for c in view.layer.codings.values()
    )
    view.set_filter("selected", codes={zoom})
    assert {c.code_uuid for c in view.layer.codings.values()} == {zoom}
    view.set_filter("all")
    assert len(view.layer.codings) == len(every)
    with pytest.raises(ValueError):
        view.set_filter("coder")


def test_zoom_keys_and_wheel(qtbot: QtBot, view: DocumentView, session: ProjectSession) -> None:
    view.show_source(session.project.sources.find("P04"))
    size = view.font().pointSizeF()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view, Qt.Key.Key_Plus, ctrl)
    qtbot.keyClick(view, Qt.Key.Key_Equal, ctrl)
    assert view.font().pointSizeF() == size + 2
    qtbot.keyClick(view, Qt.Key.Key_Minus, ctrl)
    assert view.font().pointSizeF() == size + 1
    qtbot.keyClick(view, Qt.Key.Key_0, ctrl)
    assert view.font().pointSizeF() == size
    center = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        center,
        view.viewport().mapToGlobal(center),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        ctrl,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.font().pointSizeF() == size + 2


# -- signals, refresh, drag and drop ---------------------------------------------------------------
def test_codings_at_cursor_follow_the_cursor(
    qtbot: QtBot, view: DocumentView, session: ProjectSession
) -> None:
    source = emoji_source(session)
    view.show_source(source)
    start = EMOJI_TEXT.index("launch")
    view.select_range(start, start + 6)
    view.apply_code(code_uuid(session, "Technology and Tools/Communication Tools/Zoom"))
    coding = codings(session, source)[0].uuid
    with qtbot.waitSignal(view.codings_at_cursor_changed) as moved:
        view.select_range(0, 0)
    assert moved.args == [[]]
    with qtbot.waitSignal(view.codings_at_cursor_changed) as moved:
        view.select_range(start + 2, start + 2)
    assert moved.args == [[coding]]


def test_recolouring_a_code_repaints_with_the_new_colour(
    view: DocumentView, session: ProjectSession
) -> None:
    source = session.project.sources.find("P04")
    view.show_source(source)
    target = next(iter(view.layer.codings.values()))
    session.execute(
        "Recolour",
        lambda coder: session.project.codebook.recolor(
            code=target.code_uuid, color="#123456", coder=coder
        ),
    )
    assert view.layer.codings[target.uuid].color == "#123456"


def test_dropping_codes_applies_them_as_one_step(
    view: DocumentView, session: ProjectSession
) -> None:
    source = emoji_source(session)
    view.show_source(source)
    start = EMOJI_TEXT.index("my mentor")
    view.select_range(start, start + 9)
    zoom = code_uuid(session, "Technology and Tools/Communication Tools/Zoom")
    slack = code_uuid(session, "Technology and Tools/Collaboration Platforms/Slack")
    mime = QMimeData()
    mime.setData(CODE_MIME, f"{zoom}\n{slack}".encode())
    assert drop(view.viewport(), viewport_point(view, start), mime)
    assert span(session, source, zoom) == span(session, source, slack) == [(start, start + 9)]
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert codings(session, source) == []


def test_selection_drags_out_as_json(view: DocumentView, session: ProjectSession) -> None:
    source = emoji_source(session)
    view.show_source(source)
    start = EMOJI_TEXT.index("launch")
    view.select_range(start, start + 6)
    mime = view.selection_mime_data()
    assert mime is not None
    payload = json.loads(bytes(mime.data(SELECTION_MIME).data()).decode())
    assert payload == {"source": source, "start": start, "end": start + 6}
    assert mime.text() == "launch"
    view.copy()
    copied = QApplication.clipboard().mimeData()
    assert copied.hasFormat(SELECTION_MIME)
    release_clipboard()  # on quitting: Qt would delete the Python-made copy after Python ends
    kept = QApplication.clipboard().mimeData()
    assert not shiboken6.createdByPython(kept) and kept.text() == "launch"


def test_context_menu_offers_coding_actions(view: DocumentView, session: ProjectSession) -> None:
    view.show_source(emoji_source(session))
    menu = view.context_menu_at(QPoint(5, 5))
    names = {a.objectName(): a for a in menu.findChildren(QAction) if a.objectName()}
    assert not names["codeInVivoAction"].isEnabled()
    start = EMOJI_TEXT.index("launch")
    view.select_range(start, start + 6)
    menu = view.context_menu_at(viewport_point(view, start))
    names = {a.objectName(): a for a in menu.findChildren(QAction) if a.objectName()}
    assert names["codeInVivoAction"].isEnabled() and names["annotateAction"].isEnabled()
    requested: list[QPoint] = []
    view.code_palette_requested.connect(requested.append)
    names["codeWithAction"].trigger()
    assert len(requested) == 1


# -- text units ------------------------------------------------------------------------------------
def test_text_units() -> None:
    text = "Well, it's a twelve-hour shift. Then  we rest!"
    assert snap_to_words(text, 8, 20) == (6, 24)  # "it's a twelve-hour"
    assert snap_to_words(text, 4, 6) == (4, 6) or snap_to_words(text, 4, 6)[0] <= 4
    assert sentence_at(text, 35, 0, len(text)) == (32, len(text))
    assert in_vivo_name("  “frankly,\n patchy.”  ") == "frankly, patchy."
    assert len(in_vivo_name("word " * 40)) <= 60
    assert in_vivo_name("bell\x07 and\x1b[2J escape") == "bell and [2J escape"


def test_thirty_codes_on_one_passage_stay_readable(
    view: DocumentView, session: ProjectSession
) -> None:
    source = emoji_source(session)
    start = EMOJI_TEXT.index("The 🎉")
    end = EMOJI_TEXT.index("Then we")
    concepts = [n.uuid for n in session.project.codebook.all() if n.depth == 2][:34]
    requests = [CodingRequest(source, code, start, end) for code in concepts]
    session.project.codings.apply_many(requests, coder=CODER)
    view.show_source(source)
    QApplication.processEvents()
    stripes, labels = view.margin.arrangement()
    assert len(stripes) == view.margin.lanes_shown() < len(concepts)
    by_lane: dict[float, list[tuple[float, float]]] = {}
    for stripe in stripes:
        for top, bottom in by_lane.get(stripe.rect.left(), []):
            assert stripe.rect.bottom() <= top + 1 or stripe.rect.top() >= bottom - 1
        by_lane.setdefault(stripe.rect.left(), []).append((stripe.rect.top(), stripe.rect.bottom()))
    chips = [label for label in labels if label.more]
    named = sum(len(label.codings) for label in labels if not label.more)
    assert chips and named + sum(len(c.codings) for c in chips) == len(concepts)
    assert all(label.rect.width() >= 90 for label in labels)  # names get room to be read
    tip = view.margin.tooltip_at(chips[0].rect.center().toPoint())
    assert tip.count("\n") + 1 == min(26, len(chips[0].codings))


def test_deleting_the_shown_source_clears_the_view(
    view: DocumentView, session: ProjectSession
) -> None:
    source = emoji_source(session)
    view.show_source(source)
    session.execute(
        "Delete", lambda coder: session.project.sources.delete(source=source, coder=coder)
    )
    assert view.source == "" and view.toPlainText() == ""
    session.undo_stack.undo()
    view.show_source(source)
    assert view.toPlainText() == EMOJI_TEXT


# -- changes: drawn from the values they carry, each revision once ---------------------------------
ZOOM = "Technology and Tools/Communication Tools/Zoom"


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
    view.show_source(session.project.sources.find("P04"))
    refuse_reloads(session, monkeypatch)
    code = code_uuid(session, ZOOM)
    view.select_range(10, 40)
    with qtbot.waitSignal(session.changed) as told:
        view.apply_code(code)
    changes = told.args[0]
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
    view.show_source(session.project.sources.find("P04"))
    refuse_reloads(session, monkeypatch)
    project = session.project
    seen = project.revision()
    source, code = view.source, code_uuid(session, ZOOM)
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
